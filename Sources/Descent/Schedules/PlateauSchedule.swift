extension ScheduleDescriptor {
    /// `plateau`: reduce the rate when the monitored cost (the dev cost if there is a dev set, else
    /// the training cost) stops improving, with Keras `ReduceLROnPlateau` semantics (mode "min"):
    ///
    /// - an epoch improves when `cost < best − threshold` (`absolute`, Keras' `min_delta`) or
    ///   `cost < best·(1 − threshold)` (`relative`, PyTorch's default); an improvement sets
    ///   `best = cost` and resets the wait; NaN never improves;
    /// - otherwise `wait += 1`; when `wait ≥ patience` the rate becomes `max(α·factor,
    ///   minimumLearningRate)` (if it is above the minimum) and the wait restarts;
    /// - the `cooldown` epochs after a reduction are not counted (the wait stays 0; the best cost is
    ///   still tracked), as in PyTorch. Keras decrements its cooldown before testing it, so its
    ///   `cooldown = c` ignores only c − 1 epochs.
    ///
    /// PyTorch reduces only when its count *exceeds* patience: PyTorch `patience = p` is
    /// `patience = p + 1` here. Defaults follow both libraries: factor 0.1, patience 10, threshold
    /// 1e-4 (absolute), cooldown 0.
    static let plateau = ScheduleDescriptor(
        name: "plateau",
        parameters: [
            Hyperparameter("plateauFactor", option: "plateau-factor", default: 0.1, help: "the factor applied when the monitored cost stalls") { value, _ in
                value > 0 && value < 1 ? nil : "must lie in (0, 1)"
            },
            Hyperparameter("plateauPatience", option: "plateau-patience", kind: .integer, default: 10,
                           help: "the epochs without improvement before reducing", requirement: HyperparameterCheck.count),
            Hyperparameter("plateauThreshold", option: "plateau-threshold", default: 1e-4,
                           help: "the smallest cost decrease that counts as an improvement") { value, context in
                !(value >= 0 && value.isFinite) ? "must be non-negative and finite"
                    : context.values["plateauThresholdMode"] == relative && value >= 1 ? "must be below 1 in relative mode" : nil
            },
            Hyperparameter("plateauThresholdMode", option: "plateau-threshold-mode", kind: .choice(LearningRateDecay.ThresholdMode.allCases.map(\.rawValue)),
                           default: 0, help: "whether the threshold is an absolute decrease (as Keras) or relative to the best cost (as PyTorch by default)"),
            Hyperparameter("plateauCooldown", option: "plateau-cooldown", kind: .integer, default: 0,
                           help: "the epochs to wait after a reduction before counting stalls again", requirement: HyperparameterCheck.count),
            .minimumLearningRate,
        ],
        rule: .costDriven(plateauStep))

    /// The value of `plateauThresholdMode` for `.relative`.
    private static let relative = Double(LearningRateDecay.ThresholdMode.allCases.firstIndex(of: .relative)!)

    /// The rule above: the rate after an epoch that finished with `cost`.
    private static func plateauStep(_ schedule: inout LearningRateSchedule, cost: Double) -> Double {
        let values = schedule.decay.values
        let factor = values["plateauFactor"]!, patience = Int(values["plateauPatience"]!), threshold = values["plateauThreshold"]!
        let cooldown = Int(values["plateauCooldown"]!), minimum = values["minimumLearningRate"]!
        let improved = values["plateauThresholdMode"] == relative ? cost < schedule.bestCost * (1 - threshold) : cost < schedule.bestCost - threshold
        if improved {
            schedule.best = cost
            schedule.wait = 0
        } else {
            schedule.wait += 1
        }
        if schedule.cooldownRemaining > 0 {
            schedule.cooldownRemaining -= 1
            schedule.wait = 0
        } else if !improved && schedule.wait >= patience {
            if schedule.currentLearningRate > minimum {
                schedule.currentLearningRate = max(schedule.currentLearningRate * factor, minimum)
                schedule.cooldownRemaining = cooldown
            }
            schedule.wait = 0
        }
        return schedule.currentLearningRate
    }
}

extension LearningRateDecay {
    /// How the plateau schedule compares its threshold with the best cost.
    public enum ThresholdMode: String, Sendable, CaseIterable, Codable {
        /// Improvement means `cost < best − threshold` (Keras).
        case absolute
        /// Improvement means `cost < best · (1 − threshold)` (PyTorch's default).
        case relative
    }

    /// `plateau` with these hyperparameters.
    public static func plateau(factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, thresholdMode: ThresholdMode = .absolute,
                               cooldown: Int = 0, minimumLearningRate: Double = 0) -> LearningRateDecay {
        LearningRateDecay(.plateau, [
            "plateauFactor": factor, "plateauPatience": Double(patience), "plateauThreshold": threshold,
            "plateauThresholdMode": Double(ThresholdMode.allCases.firstIndex(of: thresholdMode)!), "plateauCooldown": Double(cooldown),
            "minimumLearningRate": minimumLearningRate,
        ])
    }
}
