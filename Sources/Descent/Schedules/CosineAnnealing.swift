import RealModule

/// The cosine curve from α0 at `progress` 0 down to η_min at 1: `η_min + (α0 − η_min)·(1 + cos(π·progress))/2`.
@inlinable
func cosineAnnealing(initial alpha: Double, minimum: Double, progress: Double) -> Double {
    minimum + (alpha - minimum) * (1 + Double.cos(Double.pi * progress)) / 2
}

extension ScheduleDescriptor {
    /// `cosine`, cosine annealing from α0 down to η_min over T = `cosineEpochs` epochs (default: the
    /// run's length), as PyTorch `CosineAnnealingLR(T_max: T, eta_min:)`: epoch e trains with
    /// `η_min + (α0 − η_min)·(1 + cos(π·min(e, T)/T))/2`. After T epochs the rate stays at η_min
    /// (PyTorch's closed form would rise again).
    static let cosine = ScheduleDescriptor(
        name: "cosine",
        parameters: [Hyperparameter("cosineEpochs", option: "cosine-epochs", kind: .integer, default: nil,
                                    help: "the epochs T to anneal over", requirement: HyperparameterCheck.epochs),
                     .minimumLearningRate],
        rule: .epochwise { alpha, epoch, values in
            let total = Int(values["cosineEpochs"] ?? 1)
            return cosineAnnealing(initial: alpha, minimum: values["minimumLearningRate"]!, progress: Double(min(epoch, total)) / Double(total))
        })
}

extension LearningRateDecay {
    /// `cosine` over `epochs` (`nil`: the run's length) down to `minimumLearningRate`.
    public static func cosine(epochs: Int? = nil, minimumLearningRate: Double = 0) -> LearningRateDecay {
        LearningRateDecay(.cosine, ["cosineEpochs": epochs.map(Double.init), "minimumLearningRate": minimumLearningRate])
    }
}
