import RealModule

/// Cosine annealing from α0 down to `minimumLearningRate` over `epochs` epochs, as PyTorch
/// `CosineAnnealingLR(T_max: epochs, eta_min:)`: epoch e trains with
///
///     α = η_min + (α0 − η_min) · (1 + cos(π · min(e, T) / T)) / 2
///
/// After T epochs the rate stays at η_min (PyTorch's closed form would rise again; a run longer
/// than T usually means "anneal, then fine-tune at the floor").
public struct CosineDecay: EpochLearningRateSchedule, Equatable, Codable {
    /// α0.
    public var initialLearningRate: Double
    /// η_min: the rate reached at epoch T.
    public var minimumLearningRate: Double
    /// T: the number of epochs of the annealing.
    public var epochs: Int

    /// Anneals from `initialLearningRate` to `minimumLearningRate` over `epochs` epochs.
    public init(initialLearningRate: Double, minimumLearningRate: Double = 0, epochs: Int) {
        precondition(epochs >= 1, "Cosine decay needs at least one epoch.")
        self.initialLearningRate = initialLearningRate
        self.minimumLearningRate = minimumLearningRate
        self.epochs = epochs
    }

    /// η_min + (α0 − η_min)(1 + cos(π·min(epoch, T)/T))/2.
    public func learningRate(forEpoch epoch: Int) -> Double {
        let progress = Double(min(epoch, epochs)) / Double(epochs)
        return minimumLearningRate + (initialLearningRate - minimumLearningRate) * (1 + Double.cos(Double.pi * progress)) / 2
    }
}
