/// The course's staircase decay (`schedule_lr_decay`): after epoch i the rate becomes
///
///     α = α0 / (1 + decayRate · ⌊i / interval⌋)
///
/// (the course's `time_interval`, 1000 by default). Keras `InverseTimeDecay(α0, decay_steps:
/// interval, decay_rate, staircase: true)` is the same staircase indexed by optimizer steps.
public struct ScheduledDecay: EpochLearningRateSchedule, Equatable, Codable {
    /// α0.
    public var initialLearningRate: Double
    /// The course's `decay_rate`.
    public var decayRate: Double
    /// The course's `time_interval`: epochs per stair.
    public var interval: Int

    /// α0 / (1 + `decayRate` · ⌊i / `interval`⌋) after epoch i.
    public init(initialLearningRate: Double, decayRate: Double, interval: Int = 1000) {
        precondition(interval >= 1, "The decay interval must be at least one epoch.")
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
        self.interval = interval
    }

    /// α0 for epoch 0, then `scheduledDecay(initial: α0, epoch: epoch − 1, decayRate:, interval:)`.
    public func learningRate(forEpoch epoch: Int) -> Double {
        epoch == 0 ? initialLearningRate
            : scheduledDecay(initial: initialLearningRate, epoch: epoch - 1, decayRate: decayRate, interval: interval)
    }
}
