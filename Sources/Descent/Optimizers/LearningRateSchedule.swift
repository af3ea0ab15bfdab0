/// A learning-rate schedule, queried once after every epoch.
///
/// Epoch 0 trains with `initialLearningRate` (α0). After epoch `i` has finished, the trainer calls
/// `learningRate(afterEpoch: i, cost:)` and trains epoch `i + 1` with the result. `cost` is the
/// epoch's monitored cost (the dev cost if there is a dev set, else the training cost); only
/// `ReduceLearningRateOnPlateau` reads it, the other schedules depend on the epoch alone.
///
/// Indexing, which differs between the course and the common schedules:
///
/// | schedule | rate used in epoch e ≥ 1 | matches |
/// |---|---|---|
/// | `InverseTimeDecay` | α0 / (1 + rate·(e − 1)) | course `update_lr(α0, i, rate)` after epoch i = e − 1 |
/// | `ScheduledDecay` | α0 / (1 + rate·⌊(e − 1)/interval⌋) | course `schedule_lr_decay` after epoch i = e − 1 |
/// | `ExponentialDecay` | α0·γ^e | PyTorch `ExponentialLR` stepped per epoch |
/// | `StepDecay` | α0·γ^⌊e/stepSize⌋ | PyTorch `StepLR` |
/// | `CosineDecay` | η_min + (α0 − η_min)(1 + cos(π·min(e, T)/T))/2 | PyTorch `CosineAnnealingLR` up to T, then held at η_min |
///
/// So the course's decays keep α0 for epochs 0 and 1 (its `decay(α0, 0, rate)` = α0), exactly as
/// the course's training loop does.
public protocol LearningRateSchedule: Sendable {
    /// α0: the rate of epoch 0.
    var initialLearningRate: Double { get }
    /// The rate for epoch `epoch + 1`, given that epoch `epoch` just finished with monitored `cost`.
    mutating func learningRate(afterEpoch epoch: Int, cost: Double) -> Double
}

/// A schedule whose rate is a function of the epoch number alone.
public protocol EpochLearningRateSchedule: LearningRateSchedule {
    /// The rate used while training epoch `epoch` (0-based; epoch 0 uses α0).
    func learningRate(forEpoch epoch: Int) -> Double
}

extension EpochLearningRateSchedule {
    /// `learningRate(forEpoch: epoch + 1)`; `cost` is ignored.
    public mutating func learningRate(afterEpoch epoch: Int, cost: Double) -> Double {
        learningRate(forEpoch: epoch + 1)
    }
}

/// The course's `update_lr`: `α0 / (1 + decayRate · epoch)`, the rate set after epoch `epoch`.
@inlinable
public func inverseTimeDecay(initial: Double, epoch: Int, decayRate: Double) -> Double {
    initial / (1 + decayRate * Double(epoch))
}

/// The course's `schedule_lr_decay`: `α0 / (1 + decayRate · ⌊epoch / interval⌋)`, the rate set after
/// epoch `epoch` (the course's `time_interval` defaults to 1000).
@inlinable
public func scheduledDecay(initial: Double, epoch: Int, decayRate: Double, interval: Int = 1000) -> Double {
    precondition(interval >= 1, "The decay interval must be at least one epoch.")
    return initial / (1 + decayRate * Double(epoch / interval))
}
