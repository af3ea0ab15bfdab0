import RealModule

extension ScheduleDescriptor {
    /// `exponential`, decay per epoch as PyTorch `ExponentialLR` stepped per epoch: epoch e trains
    /// with `α0·γ^e` (γ 0.95 by default).
    static let exponential = ScheduleDescriptor(name: "exponential", parameters: [Hyperparameter.gamma.defaulting(to: 0.95)],
                                                rule: .epochwise { alpha, epoch, values in alpha * Double.pow(values["gamma"]!, Double(epoch)) })
}

extension LearningRateDecay {
    /// `exponential` with factor `gamma`.
    public static func exponential(gamma: Double = 0.95) -> LearningRateDecay { LearningRateDecay(.exponential, ["gamma": gamma]) }
}
