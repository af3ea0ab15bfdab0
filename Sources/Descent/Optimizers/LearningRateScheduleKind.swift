/// The built-in learning-rate schedules, by the names used on the command line and in saved files.
public enum LearningRateScheduleKind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// No decay (`ConstantLearningRate`).
    case constant
    /// The course's `update_lr`: α0 / (1 + rate·i) (`InverseTimeDecay`).
    case inverseTime = "inverse-time"
    /// The course's `schedule_lr_decay`: α0 / (1 + rate·⌊i/interval⌋) (`ScheduledDecay`).
    case scheduled
    /// α0·γ^e (`ExponentialDecay`).
    case exponential
    /// α0·γ^⌊e/stepSize⌋ (`StepDecay`).
    case step
    /// Cosine annealing to a minimum (`CosineDecay`).
    case cosine
    /// Reduce on plateau of the monitored cost (`ReduceLearningRateOnPlateau`).
    case plateau

    /// The raw value (`"inverse-time"`, …).
    public var description: String { rawValue }

    /// The kind named `name`, or a `LearningRateScheduleConfigurationError.unknownSchedule` listing the valid names.
    public static func named(_ name: String) throws(LearningRateScheduleConfigurationError) -> LearningRateScheduleKind {
        guard let kind = LearningRateScheduleKind(rawValue: name) else { throw .unknownSchedule(name) }
        return kind
    }
}
