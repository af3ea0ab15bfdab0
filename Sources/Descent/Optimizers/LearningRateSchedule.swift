import RealModule

/// A running learning-rate schedule: a `LearningRateDecay` from the initial rate α0, queried once
/// after every epoch, with the plateau schedule's progress (it is the only one with state). It
/// encodes to JSON, progress included, for checkpoints.
///
/// Epoch 0 trains with α0. After epoch `i` has finished, the trainer calls
/// `learningRate(afterEpoch: i, cost:)` and trains epoch `i + 1` with the result; `cost` is the
/// epoch's monitored cost (the dev cost if there is a dev set, else the training cost), read only
/// by the plateau schedule. The formulas and their indexing are on `LearningRateDecay`.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    /// The schedule and its hyperparameters (a cosine or polynomial T left `nil` is resolved to the run's length).
    public let decay: LearningRateDecay
    /// α0: the rate of epoch 0.
    public let initialLearningRate: Double
    /// The plateau schedule's rate in use (α0 until the first reduction; α0 for the other schedules).
    public private(set) var currentLearningRate: Double
    /// The plateau schedule's best monitored cost so far (+∞ before the first epoch).
    public var bestCost: Double { best ?? .infinity }
    /// `bestCost`, `nil` before the first improvement (so plain JSON can hold it).
    private var best: Double?
    /// The plateau schedule's consecutive epochs without improvement.
    public private(set) var wait = 0
    /// The plateau schedule's cooldown epochs left.
    public private(set) var cooldownRemaining = 0

    /// `decay` from `initialLearningRate`, validated; `totalEpochs` (the run's length) is the cosine
    /// and polynomial schedules' T when their `epochs` is `nil`.
    public init(_ decay: LearningRateDecay, initialLearningRate: Double, totalEpochs: Int) throws(HyperparameterError) {
        try decay.validate(initialLearningRate: initialLearningRate)
        switch decay {
        case .cosine(nil, let minimum):
            guard totalEpochs >= 1 else {
                throw .invalidValue(field: "cosineEpochs", value: "\(totalEpochs)", requirement: "must be at least 1 epoch")
            }
            self.decay = .cosine(epochs: totalEpochs, minimumLearningRate: minimum)
        case .polynomial(nil, let power, let minimum):
            guard totalEpochs >= 1 else {
                throw .invalidValue(field: "decayEpochs", value: "\(totalEpochs)", requirement: "must be at least 1 epoch")
            }
            self.decay = .polynomial(epochs: totalEpochs, power: power, minimumLearningRate: minimum)
        default:
            self.decay = decay
        }
        self.initialLearningRate = initialLearningRate
        self.currentLearningRate = initialLearningRate
    }

    /// A constant rate `learningRate` (positive and finite: a programmer's constant, checked by a precondition).
    public static func constant(_ learningRate: Double) -> LearningRateSchedule {
        do { return try LearningRateSchedule(.constant, initialLearningRate: learningRate, totalEpochs: 1) } catch {
            preconditionFailure("\(error)")
        }
    }

    /// The rate of epoch `epoch` (0-based) for the schedules that depend on the epoch alone; `nil`
    /// for the plateau schedule, whose rate depends on the costs seen.
    public func learningRate(forEpoch epoch: Int) -> Double? {
        let alpha = initialLearningRate
        switch decay {
        case .constant:
            return alpha
        case .inverseTime(let decayRate):
            return epoch == 0 ? alpha : inverseTimeDecay(initial: alpha, epoch: epoch - 1, decayRate: decayRate)
        case .scheduled(let decayRate, let interval):
            return epoch == 0 ? alpha : scheduledDecay(initial: alpha, epoch: epoch - 1, decayRate: decayRate, interval: interval)
        case .exponential(let gamma):
            return alpha * Double.pow(gamma, Double(epoch))
        case .step(let gamma, let stepSize):
            return alpha * Double.pow(gamma, Double(epoch / stepSize))
        case .cosine(let epochs, let minimum):
            let total = epochs ?? 1
            let progress = Double(min(epoch, total)) / Double(total)
            return minimum + (alpha - minimum) * (1 + Double.cos(Double.pi * progress)) / 2
        case .polynomial(let epochs, let power, let minimum):
            let total = epochs ?? 1
            return minimum + (alpha - minimum) * Double.pow(1 - Double(min(epoch, total)) / Double(total), power)
        case .cosineRestarts(let period, let multiplier, let minimum):
            // The cycle holding `epoch` and how far into it (cycles of period, period·m, period·m², …:
            // with m ≥ 2 a few dozen at most).
            var length = period, start = multiplier == 1 ? epoch / period * period : 0
            while epoch - start >= length {
                start += length
                let (next, overflow) = length.multipliedReportingOverflow(by: multiplier)
                length = overflow ? Int.max : next
            }
            let progress = Double(epoch - start) / Double(length)
            return minimum + (alpha - minimum) * (1 + Double.cos(Double.pi * progress)) / 2
        case .plateau:
            return nil
        }
    }

    /// The rate for epoch `epoch + 1`, given that epoch `epoch` just finished with monitored `cost`:
    /// `learningRate(forEpoch: epoch + 1)`, or for the plateau schedule the next step of its rule.
    public mutating func learningRate(afterEpoch epoch: Int, cost: Double) -> Double {
        guard case .plateau(let factor, let patience, let threshold, let mode, let cooldown, let minimum) = decay else {
            return learningRate(forEpoch: epoch + 1)!
        }
        let improved = switch mode {
        case .absolute: cost < bestCost - threshold
        case .relative: cost < bestCost * (1 - threshold)
        }
        if improved {
            best = cost
            wait = 0
        } else {
            wait += 1
        }
        if cooldownRemaining > 0 {
            cooldownRemaining -= 1
            wait = 0
        } else if !improved && wait >= patience {
            if currentLearningRate > minimum {
                currentLearningRate = max(currentLearningRate * factor, minimum)
                cooldownRemaining = cooldown
            }
            wait = 0
        }
        return currentLearningRate
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
