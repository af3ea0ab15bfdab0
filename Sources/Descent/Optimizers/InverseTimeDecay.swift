/// The course's continuous decay (`update_lr`): after epoch i the rate becomes
///
///     α = α0 / (1 + decayRate · i)
///
/// so epochs 0 and 1 use α0, epoch 2 uses α0 / (1 + decayRate), …. Keras
/// `InverseTimeDecay(α0, decay_steps: 1, decay_rate)` is the same curve indexed by optimizer steps.
public struct InverseTimeDecay: EpochLearningRateSchedule, Equatable, Codable {
    /// α0.
    public var initialLearningRate: Double
    /// The course's `decay_rate`.
    public var decayRate: Double

    /// α0 / (1 + `decayRate` · i) after epoch i.
    public init(initialLearningRate: Double, decayRate: Double) {
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
    }

    /// α0 for epoch 0, then `inverseTimeDecay(initial: α0, epoch: epoch − 1, decayRate:)`.
    public func learningRate(forEpoch epoch: Int) -> Double {
        epoch == 0 ? initialLearningRate : inverseTimeDecay(initial: initialLearningRate, epoch: epoch - 1, decayRate: decayRate)
    }
}
