import RealModule

extension ScheduleDescriptor {
    /// `step`, step decay as PyTorch `StepLR`: epoch e trains with `α0·γ^⌊e / stepSize⌋` (γ 0.1 as
    /// PyTorch, every 1000 epochs by default).
    static let step = ScheduleDescriptor(
        name: "step",
        parameters: [Hyperparameter.gamma.defaulting(to: 0.1),
                     Hyperparameter("stepSize", option: "step-size", kind: .integer, default: 1000, playground: true,
                                    help: "the epochs between reductions", requirement: HyperparameterCheck.epochs)],
        rule: .epochwise { alpha, epoch, values in alpha * Double.pow(values["gamma"]!, Double(epoch / Int(values["stepSize"]!))) })
}

extension LearningRateDecay {
    /// `step` with factor `gamma` every `stepSize` epochs.
    public static func step(gamma: Double = 0.1, stepSize: Int = 1000) -> LearningRateDecay {
        LearningRateDecay(.step, ["gamma": gamma, "stepSize": Double(stepSize)])
    }
}
