/// Early stopping on the dev-set cost, with Keras `EarlyStopping` semantics (mode "min",
/// `restore_best_weights` left to the caller):
///
/// - epoch e **improves** when `devCost < bestCost − minimumImprovement` (Keras' `min_delta`);
///   then `bestCost = devCost`, `bestEpoch = e`, the wait restarts, and the caller should snapshot
///   the weights (`.improved`);
/// - otherwise `wait += 1`, and when `wait ≥ patience` training should **stop** (`.stop(bestEpoch:)`):
///   the run ends exactly `patience` epochs after the best one, and the caller restores the snapshot;
/// - a NaN cost never improves (a diverging run stops after `patience` epochs).
///
/// The first observed epoch always improves (the best starts at +∞). Patience 0 stops at the first
/// epoch that does not improve. The course presents early stopping as a regularizer that
/// trades off optimizing J against not overfitting; use it with a dev set from the same distribution.
public struct EarlyStopping: Sendable, Equatable, Codable {
    /// What the training loop should do after an epoch.
    public enum Decision: Sendable, Equatable {
        /// No improvement, keep training.
        case `continue`
        /// A new best dev cost: snapshot the weights, keep training.
        case improved
        /// `patience` epochs without improvement: stop and restore the weights of `bestEpoch`
        /// (`nil` when no epoch ever improved, e.g. every cost was NaN: nothing to restore).
        case stop(bestEpoch: Int?)
    }

    /// Epochs without improvement tolerated before stopping.
    public let patience: Int
    /// The margin by which the dev cost must fall to count as an improvement.
    public let minimumImprovement: Double
    /// The lowest dev cost seen (+∞ before the first epoch).
    public private(set) var bestCost: Double
    /// The epoch of `bestCost` (`nil` before any improvement).
    public private(set) var bestEpoch: Int?
    /// Consecutive epochs without improvement.
    public private(set) var wait: Int

    /// Stops after `patience` (≥ 0) epochs without an improvement of more than `minimumImprovement` (≥ 0).
    public init(patience: Int, minimumImprovement: Double = 0) throws(EarlyStoppingError) {
        guard patience >= 0 else { throw .invalidValue(option: "--patience", value: "\(patience)", requirement: "must be non-negative") }
        guard minimumImprovement >= 0 && minimumImprovement.isFinite else {
            throw .invalidValue(option: "--min-improvement", value: "\(minimumImprovement)", requirement: "must be non-negative and finite")
        }
        self.patience = patience
        self.minimumImprovement = minimumImprovement
        self.bestCost = .infinity
        self.bestEpoch = nil
        self.wait = 0
    }

    /// Records epoch `epoch`'s dev cost and says whether to continue, snapshot or stop.
    public mutating func observe(epoch: Int, devCost: Double) -> Decision {
        if devCost < bestCost - minimumImprovement {
            bestCost = devCost
            bestEpoch = epoch
            wait = 0
            return .improved
        }
        wait += 1
        if wait >= patience {
            return .stop(bestEpoch: bestEpoch)
        }
        return .continue
    }
}

/// A user-supplied early-stopping option out of range, naming the option.
public enum EarlyStoppingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `option` (`--patience` or `--min-improvement`) has an invalid `value`.
    case invalidValue(option: String, value: String, requirement: String)

    /// A sentence naming the option.
    public var description: String {
        switch self {
        case .invalidValue(let option, let value, let requirement):
            return "\(option) \(value) is invalid: it \(requirement)."
        }
    }
}
