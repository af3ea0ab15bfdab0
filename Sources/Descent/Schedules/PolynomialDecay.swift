import RealModule

extension ScheduleDescriptor {
    /// `polynomial`, decay from α0 to η_min over T = `decayEpochs` epochs (default: the run's
    /// length), as Keras `PolynomialDecay(decay_steps: T, end_learning_rate: η_min, power:)` stepped
    /// per epoch and PyTorch `PolynomialLR(total_iters: T, power:)` (whose end is 0): epoch e trains
    /// with `η_min + (α0 − η_min)·(1 − min(e, T)/T)^power`; power 1 (the default) is a linear decay.
    static let polynomial = ScheduleDescriptor(
        name: "polynomial",
        parameters: [Hyperparameter("decayEpochs", option: "decay-epochs", kind: .integer, default: nil,
                                    help: "the epochs T to decay over", requirement: HyperparameterCheck.epochs),
                     Hyperparameter("power", option: "power", default: 1, help: "the power p of (1 − epoch/T)^p, 1 for a linear decay",
                                    requirement: HyperparameterCheck.positive),
                     .minimumLearningRate],
        rule: .epochwise { alpha, epoch, values in
            let total = Int(values["decayEpochs"] ?? 1), minimum = values["minimumLearningRate"]!
            return minimum + (alpha - minimum) * Double.pow(1 - Double(min(epoch, total)) / Double(total), values["power"]!)
        })
}

extension LearningRateDecay {
    /// `polynomial` over `epochs` (`nil`: the run's length) with `power`, down to `minimumLearningRate`.
    public static func polynomial(epochs: Int? = nil, power: Double = 1, minimumLearningRate: Double = 0) -> LearningRateDecay {
        LearningRateDecay(.polynomial, ["decayEpochs": epochs.map(Double.init), "power": power, "minimumLearningRate": minimumLearningRate])
    }
}
