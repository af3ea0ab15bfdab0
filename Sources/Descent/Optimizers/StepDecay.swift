import RealModule

/// Step decay, as PyTorch `StepLR`: the rate is multiplied by γ every `stepSize` epochs, so epoch e
/// trains with
///
///     α = α0 · γ^⌊e / stepSize⌋
public struct StepDecay: EpochLearningRateSchedule, Equatable, Codable {
    /// α0.
    public var initialLearningRate: Double
    /// γ: the factor applied at each step.
    public var gamma: Double
    /// Epochs between steps.
    public var stepSize: Int

    /// α0 · `gamma`^⌊e / `stepSize`⌋ in epoch e.
    public init(initialLearningRate: Double, gamma: Double, stepSize: Int) {
        precondition(stepSize >= 1, "The step size must be at least one epoch.")
        self.initialLearningRate = initialLearningRate
        self.gamma = gamma
        self.stepSize = stepSize
    }

    /// α0 · γ^⌊epoch / stepSize⌋.
    public func learningRate(forEpoch epoch: Int) -> Double {
        initialLearningRate * Double.pow(gamma, Double(epoch / stepSize))
    }
}
