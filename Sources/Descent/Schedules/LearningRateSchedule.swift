/// A running learning-rate schedule: a `LearningRateDecay` from the initial rate α0, queried once
/// after every epoch, with the progress of a schedule that follows the costs (the only kind with
/// state). It encodes to JSON, progress included, for checkpoints.
///
/// Epoch 0 trains with α0. After epoch `i` has finished, the trainer calls
/// `learningRate(afterEpoch: i, cost:)` and trains epoch `i + 1` with the result; `cost` is the
/// epoch's monitored cost (the dev cost if there is a dev set, else the training cost), read only
/// by a cost-driven schedule. The formulas and their indexing are on each `ScheduleDescriptor`.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    /// The schedule and its hyperparameters (an epoch count T left `nil` is resolved to the run's length).
    public let decay: LearningRateDecay
    /// α0: the rate of epoch 0.
    public let initialLearningRate: Double
    /// A cost-driven schedule's rate in use (α0 until its first change; α0 for the other schedules).
    public internal(set) var currentLearningRate: Double
    /// A cost-driven schedule's best monitored cost so far (+∞ before the first epoch).
    public var bestCost: Double { best ?? .infinity }
    /// `bestCost`, `nil` before the first improvement (so plain JSON can hold it).
    var best: Double?
    /// A cost-driven schedule's consecutive epochs without improvement.
    public internal(set) var wait = 0
    /// A cost-driven schedule's cooldown epochs left.
    public internal(set) var cooldownRemaining = 0

    /// `decay` from `initialLearningRate`, validated; `totalEpochs` (the run's length) is every
    /// epoch count T of the schedule left `nil`.
    public init(_ decay: LearningRateDecay, initialLearningRate: Double, totalEpochs: Int) throws(HyperparameterError) {
        try decay.validate(initialLearningRate: initialLearningRate)
        var resolved = decay
        for parameter in decay.descriptor.parameters where parameter.defaultValue == nil && decay.values[parameter.field] == nil {
            guard totalEpochs >= 1 else {
                throw .invalidValue(field: parameter.field, value: "\(totalEpochs)", requirement: "must be at least 1 epoch")
            }
            resolved.values[parameter.field] = Double(totalEpochs)
        }
        self.decay = resolved
        self.initialLearningRate = initialLearningRate
        self.currentLearningRate = initialLearningRate
    }

    /// The rate of epoch `epoch` (0-based) for the schedules that depend on the epoch alone; `nil`
    /// for a cost-driven schedule, whose rate depends on the costs seen.
    public func learningRate(forEpoch epoch: Int) -> Double? {
        guard case .epochwise(let rate) = decay.descriptor.rule else { return nil }
        return rate(initialLearningRate, epoch, decay.values)
    }

    /// The rate for epoch `epoch + 1`, given that epoch `epoch` just finished with monitored `cost`:
    /// `learningRate(forEpoch: epoch + 1)`, or for a cost-driven schedule the next step of its rule.
    public mutating func learningRate(afterEpoch epoch: Int, cost: Double) -> Double {
        guard case .costDriven(let next) = decay.descriptor.rule else { return learningRate(forEpoch: epoch + 1)! }
        return next(&self, cost)
    }
}
