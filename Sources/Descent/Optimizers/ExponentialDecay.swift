import RealModule

/// Exponential decay per epoch, as PyTorch `ExponentialLR`: epoch e trains with
///
///     α = α0 · γ^e
public struct ExponentialDecay: EpochLearningRateSchedule, Equatable, Codable {
    /// α0.
    public var initialLearningRate: Double
    /// γ: the factor applied after every epoch.
    public var gamma: Double

    /// α0 · `gamma`^e in epoch e.
    public init(initialLearningRate: Double, gamma: Double) {
        self.initialLearningRate = initialLearningRate
        self.gamma = gamma
    }

    /// α0 · γ^epoch.
    public func learningRate(forEpoch epoch: Int) -> Double {
        initialLearningRate * Double.pow(gamma, Double(epoch))
    }
}
