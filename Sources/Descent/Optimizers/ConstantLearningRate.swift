/// No decay: every epoch trains with α0.
public struct ConstantLearningRate: EpochLearningRateSchedule, Equatable, Codable {
    /// α0, used throughout.
    public var initialLearningRate: Double

    /// A constant rate `initialLearningRate`.
    public init(initialLearningRate: Double) {
        self.initialLearningRate = initialLearningRate
    }

    /// α0.
    public func learningRate(forEpoch epoch: Int) -> Double { initialLearningRate }
}
