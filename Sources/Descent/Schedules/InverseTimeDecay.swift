/// The course's `update_lr`: `α0 / (1 + decayRate · epoch)`, the rate set after epoch `epoch`.
@inlinable
public func inverseTimeDecay(initial: Double, epoch: Int, decayRate: Double) -> Double {
    initial / (1 + decayRate * Double(epoch))
}

extension ScheduleDescriptor {
    /// `inverse-time`, the course's continuous decay (`update_lr`): after epoch i the rate becomes
    /// `α0 / (1 + decayRate·i)`, so epoch e ≥ 1 trains with `α0 / (1 + decayRate·(e − 1))` — the
    /// course's `update_lr(α0, i, rate)` after epoch i = e − 1 (α0 for epochs 0 and 1). Keras
    /// `InverseTimeDecay(α0, decay_steps: 1, decay_rate)` is the same curve indexed by optimizer
    /// steps. `decayRate` defaults to the course's 1.
    static let inverseTime = ScheduleDescriptor(name: "inverse-time", parameters: [.decayRate], rule: .epochwise { alpha, epoch, values in
        epoch == 0 ? alpha : inverseTimeDecay(initial: alpha, epoch: epoch - 1, decayRate: values["decayRate"]!)
    })
}

extension LearningRateDecay {
    /// `inverse-time` with rate `decayRate`.
    public static func inverseTime(decayRate: Double = 1) -> LearningRateDecay { LearningRateDecay(.inverseTime, ["decayRate": decayRate]) }
}
