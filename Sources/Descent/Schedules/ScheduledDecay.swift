/// The course's `schedule_lr_decay`: `α0 / (1 + decayRate · ⌊epoch / interval⌋)`, the rate set after
/// epoch `epoch` (the course's `time_interval` defaults to 1000).
@inlinable
public func scheduledDecay(initial: Double, epoch: Int, decayRate: Double, interval: Int = 1000) -> Double {
    precondition(interval >= 1, "The decay interval must be at least one epoch.")
    return initial / (1 + decayRate * Double(epoch / interval))
}

extension ScheduleDescriptor {
    /// `scheduled`, the course's staircase decay (`schedule_lr_decay`): after epoch i the rate
    /// becomes `α0 / (1 + decayRate·⌊i / interval⌋)`, so epoch e ≥ 1 trains with
    /// `α0 / (1 + decayRate·⌊(e − 1)/interval⌋)` (α0 for epochs 0 and 1, as the course's loop).
    /// Keras `InverseTimeDecay(α0, decay_steps: interval, decay_rate, staircase: true)` is the same
    /// staircase indexed by optimizer steps. Defaults: rate 1, interval 1000 (the course's `time_interval`).
    static let scheduled = ScheduleDescriptor(
        name: "scheduled",
        parameters: [.decayRate, Hyperparameter("decayInterval", option: "decay-interval", kind: .integer, default: 1000, playground: true,
                                                help: "the interval in epochs of the staircase ⌊epoch/interval⌋", requirement: HyperparameterCheck.epochs)],
        rule: .epochwise { alpha, epoch, values in
            epoch == 0 ? alpha : scheduledDecay(initial: alpha, epoch: epoch - 1, decayRate: values["decayRate"]!, interval: Int(values["decayInterval"]!))
        })
}

extension LearningRateDecay {
    /// `scheduled` with rate `decayRate` every `interval` epochs.
    public static func scheduled(decayRate: Double = 1, interval: Int = 1000) -> LearningRateDecay {
        LearningRateDecay(.scheduled, ["decayRate": decayRate, "decayInterval": Double(interval)])
    }
}
