/// One of the built-in schedules, chosen at run time (from `LearningRateScheduleConfiguration`).
public enum AnyLearningRateSchedule: LearningRateSchedule, Equatable, Codable {
    /// `ConstantLearningRate`.
    case constant(ConstantLearningRate)
    /// `InverseTimeDecay`.
    case inverseTime(InverseTimeDecay)
    /// `ScheduledDecay`.
    case scheduled(ScheduledDecay)
    /// `ExponentialDecay`.
    case exponential(ExponentialDecay)
    /// `StepDecay`.
    case step(StepDecay)
    /// `CosineDecay`.
    case cosine(CosineDecay)
    /// `ReduceLearningRateOnPlateau`.
    case plateau(ReduceLearningRateOnPlateau)

    /// The kind of the wrapped schedule.
    public var kind: LearningRateScheduleKind {
        switch self {
        case .constant: return .constant
        case .inverseTime: return .inverseTime
        case .scheduled: return .scheduled
        case .exponential: return .exponential
        case .step: return .step
        case .cosine: return .cosine
        case .plateau: return .plateau
        }
    }

    /// The wrapped schedule's α0.
    public var initialLearningRate: Double {
        switch self {
        case .constant(let s): return s.initialLearningRate
        case .inverseTime(let s): return s.initialLearningRate
        case .scheduled(let s): return s.initialLearningRate
        case .exponential(let s): return s.initialLearningRate
        case .step(let s): return s.initialLearningRate
        case .cosine(let s): return s.initialLearningRate
        case .plateau(let s): return s.initialLearningRate
        }
    }

    /// The wrapped schedule's rate for the epoch after `epoch`.
    /// Only the plateau schedule has state; the others are `learningRate(forEpoch: epoch + 1)`.
    public mutating func learningRate(afterEpoch epoch: Int, cost: Double) -> Double {
        guard case .plateau(var schedule) = self else { return learningRate(forEpoch: epoch + 1)! }
        let rate = schedule.learningRate(afterEpoch: epoch, cost: cost)
        self = .plateau(schedule)
        return rate
    }

    /// The rate of epoch `epoch` for schedules that depend on the epoch alone; `nil` for the plateau
    /// schedule, whose rate depends on the costs seen.
    public func learningRate(forEpoch epoch: Int) -> Double? {
        switch self {
        case .constant(let s): return s.learningRate(forEpoch: epoch)
        case .inverseTime(let s): return s.learningRate(forEpoch: epoch)
        case .scheduled(let s): return s.learningRate(forEpoch: epoch)
        case .exponential(let s): return s.learningRate(forEpoch: epoch)
        case .step(let s): return s.learningRate(forEpoch: epoch)
        case .cosine(let s): return s.learningRate(forEpoch: epoch)
        case .plateau: return nil
        }
    }
}
