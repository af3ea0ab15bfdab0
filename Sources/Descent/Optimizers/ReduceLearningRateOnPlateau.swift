/// Reduces the rate when the monitored cost stops improving, with Keras `ReduceLROnPlateau`
/// semantics (mode "min"):
///
/// - an epoch improves when `cost < best − threshold` (`.absolute`, Keras' `min_delta`) or
///   `cost < best · (1 − threshold)` (`.relative`, PyTorch's default `threshold_mode='rel'`);
///   an improvement sets `best = cost` and resets the wait; NaN never improves;
/// - otherwise `wait += 1`; when `wait ≥ patience` the rate becomes `max(α · factor,
///   minimumLearningRate)` (if it is above the minimum) and the wait restarts;
/// - the `cooldown` epochs after a reduction are not counted (the wait stays 0; the best cost is
///   still tracked), as in PyTorch. Keras decrements its cooldown before testing it, so its
///   `cooldown = c` ignores only c − 1 epochs.
///
/// So with patience p the rate drops after p consecutive epochs without improvement (Keras).
/// PyTorch reduces only when its count *exceeds* patience: PyTorch `patience = p` is
/// `patience = p + 1` here. Defaults follow both libraries: factor 0.1, patience 10, threshold 1e-4,
/// cooldown 0, minimum 0.
public struct ReduceLearningRateOnPlateau: LearningRateSchedule, Equatable, Codable {
    /// How `threshold` is compared with the best cost.
    public enum ThresholdMode: String, Sendable, CaseIterable, Codable {
        /// Improvement means `cost < best − threshold` (Keras).
        case absolute
        /// Improvement means `cost < best · (1 − threshold)` (PyTorch's default).
        case relative
    }

    /// α0.
    public var initialLearningRate: Double
    /// The multiplier applied at each reduction, in (0, 1).
    public var factor: Double
    /// Epochs without improvement before a reduction.
    public var patience: Int
    /// The smallest change that counts as an improvement.
    public var threshold: Double
    /// Whether `threshold` is absolute or relative.
    public var thresholdMode: ThresholdMode
    /// Epochs after a reduction during which no new wait accumulates.
    public var cooldown: Int
    /// The floor of the rate.
    public var minimumLearningRate: Double

    /// The rate currently in use.
    public private(set) var currentLearningRate: Double
    /// The best monitored cost so far (+∞ before the first epoch).
    public private(set) var bestCost: Double
    /// Consecutive epochs without improvement counted so far.
    public private(set) var wait: Int
    /// Cooldown epochs left.
    public private(set) var cooldownRemaining: Int

    /// A plateau schedule starting at `initialLearningRate`.
    public init(initialLearningRate: Double, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .absolute, cooldown: Int = 0, minimumLearningRate: Double = 0) {
        precondition(factor > 0 && factor < 1, "The plateau factor must lie in (0, 1).")
        precondition(patience >= 0 && cooldown >= 0, "Patience and cooldown must be non-negative.")
        self.initialLearningRate = initialLearningRate
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumLearningRate = minimumLearningRate
        self.currentLearningRate = initialLearningRate
        self.bestCost = .infinity
        self.wait = 0
        self.cooldownRemaining = 0
    }

    /// Whether `cost` improves on `bestCost` by more than the threshold.
    public func isImprovement(_ cost: Double) -> Bool {
        switch thresholdMode {
        case .absolute: return cost < bestCost - threshold
        case .relative: return cost < bestCost * (1 - threshold)
        }
    }

    /// Records epoch `epoch`'s `cost` and returns the rate for the next epoch (see the type's documentation).
    public mutating func learningRate(afterEpoch epoch: Int, cost: Double) -> Double {
        let improved = isImprovement(cost)
        if improved {
            bestCost = cost
            wait = 0
        } else {
            wait += 1
        }
        if cooldownRemaining > 0 {
            cooldownRemaining -= 1
            wait = 0
        } else if !improved && wait >= patience {
            if currentLearningRate > minimumLearningRate {
                currentLearningRate = max(currentLearningRate * factor, minimumLearningRate)
                cooldownRemaining = cooldown
            }
            wait = 0
        }
        return currentLearningRate
    }
}
