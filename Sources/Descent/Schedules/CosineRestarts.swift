extension ScheduleDescriptor {
    /// `cosine-restarts`, cosine annealing with warm restarts (SGDR, Loshchilov & Hutter), as
    /// PyTorch `CosineAnnealingWarmRestarts(T_0: period, T_mult: multiplier, eta_min:)` stepped per
    /// epoch: the cycles last T_0, T_0·m, T_0·m², … epochs; epoch e, e_cur epochs into a cycle of
    /// T_i, trains with `η_min + (α0 − η_min)·(1 + cos(π·e_cur/T_i))/2`, back at α0 when a cycle
    /// starts. Defaults: T_0 10, m 1.
    static let cosineRestarts = ScheduleDescriptor(
        name: "cosine-restarts",
        parameters: [Hyperparameter("restartPeriod", option: "restart-period", kind: .integer, default: 10,
                                    help: "the epochs of the first cycle", requirement: HyperparameterCheck.epochs),
                     Hyperparameter("restartMultiplier", option: "restart-multiplier", kind: .integer, default: 1,
                                    help: "how many times longer each cycle is than the one before") { value, _ in value >= 1 ? nil : "must be at least 1" },
                     .minimumLearningRate],
        rule: .epochwise { alpha, epoch, values in
            let period = Int(values["restartPeriod"]!), multiplier = Int(values["restartMultiplier"]!)
            // The cycle holding `epoch` and how far into it (cycles of period, period·m, period·m², …:
            // with m ≥ 2 a few dozen at most).
            var length = period, start = multiplier == 1 ? epoch / period * period : 0
            while epoch - start >= length {
                start += length
                let (next, overflow) = length.multipliedReportingOverflow(by: multiplier)
                length = overflow ? Int.max : next
            }
            return cosineAnnealing(initial: alpha, minimum: values["minimumLearningRate"]!, progress: Double(epoch - start) / Double(length))
        })
}

extension LearningRateDecay {
    /// `cosine-restarts` with first cycle `period`, growing by `multiplier`, down to `minimumLearningRate`.
    public static func cosineRestarts(period: Int = 10, multiplier: Int = 1, minimumLearningRate: Double = 0) -> LearningRateDecay {
        LearningRateDecay(.cosineRestarts, ["restartPeriod": Double(period), "restartMultiplier": Double(multiplier),
                                            "minimumLearningRate": minimumLearningRate])
    }
}
