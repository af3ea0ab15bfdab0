/// When a run counts as diverging, beyond a NaN or infinite parameter (which always stops it): the
/// epoch's cost stays above `factor` × the best cost so far, and more than `margin` above it — or
/// is not finite — for `window` consecutive epochs (full-batch: iterations). The best so far
/// includes the starting cost, the first batch's before any update, so a rate that blows the cost
/// up within the first epoch trips it too.
///
/// A cost that climbs from 0.70 to thousands under too large a learning rate trips it within
/// `window` epochs; the spikes of mini-batch noise and the Initialization lab's infinite first cost
/// (the best so far is then infinite) do not. Like Keras's `TerminateOnNaN`, but for the slower
/// blow-up that never reaches NaN.
public struct DivergenceRule: Sendable, Equatable, Codable {
    /// What happens when the rule trips.
    public enum Action: String, Sendable, Equatable, Codable, CaseIterable {
        /// End training (`StopReason.diverging`), keeping the best weights seen (`BestWeights`).
        case stop
        /// Keep training; the event is recorded in `TrainingHistory.divergence`.
        case warn
    }

    public var action: Action
    /// How many times the best cost the epoch cost must exceed (> 1).
    public var factor: Double
    /// How far above the best cost it must also be, in cost units (≥ 0).
    public var margin: Double
    /// For how many consecutive epochs (≥ 1).
    public var window: Int

    /// A rule; the defaults are 10×, +1 and 10 epochs.
    public init(action: Action = .stop, factor: Double = 10, margin: Double = 1, window: Int = 10) {
        precondition(factor > 1 && factor.isFinite, "The divergence factor must be finite and above 1.")
        precondition(margin >= 0 && margin.isFinite, "The divergence margin must be finite and non-negative.")
        precondition(window >= 1, "The divergence window must be at least one epoch.")
        self.action = action
        self.factor = factor
        self.margin = margin
        self.window = window
    }

    /// Whether `cost` counts as far above `best`.
    @inlinable
    public func isFarAbove(_ cost: Double, best: Double) -> Bool {
        guard best.isFinite else { return false }
        return !cost.isFinite || (cost > factor * best && cost - best > margin)
    }
}

/// A tripped `DivergenceRule`: the epoch it tripped in, and the best cost it is measured against.
public struct DivergenceEvent: Sendable, Equatable, Codable {
    /// The epoch in which the cost had been far above its best for the rule's whole window.
    public var epoch: Int
    /// The epoch of the best cost so far, and that cost; −1 when the best is the starting cost
    /// (`TrainingHistory.startingCost`, measured before any update).
    public var bestEpoch: Int
    public var bestCost: Double
    /// The cost in `epoch`.
    public var cost: Double
    /// The learning rate in `epoch`.
    public var learningRate: Double

    public init(epoch: Int, bestEpoch: Int, bestCost: Double, cost: Double, learningRate: Double) {
        self.epoch = epoch
        self.bestEpoch = bestEpoch
        self.bestCost = bestCost
        self.cost = cost
        self.learningRate = learningRate
    }
}

/// The running state of a `DivergenceRule` over a history.
@usableFromInline
struct DivergenceTracker {
    @usableFromInline let rule: DivergenceRule
    @usableFromInline var bestEpoch = -1
    @usableFromInline var bestCost = Double.infinity
    @usableFromInline var streak = 0

    /// A tracker that has seen the starting cost and `records` already (a resumed run).
    @usableFromInline
    init(rule: DivergenceRule, startingCost: Double? = nil, records: [EpochRecord]) {
        self.rule = rule
        if let startingCost { observeStartingCost(startingCost) }
        for record in records { _ = observe(record) }
    }

    /// Takes the cost of the weights training starts from as the first best (epoch −1): a run
    /// whose first epoch is already far above it diverges too, though its own best stays high.
    @usableFromInline
    mutating func observeStartingCost(_ cost: Double) {
        if cost < bestCost {
            bestCost = cost
            bestEpoch = -1
        }
    }

    /// Takes one epoch's record; returns the event when the rule trips in it.
    @usableFromInline
    mutating func observe(_ record: EpochRecord) -> DivergenceEvent? {
        if rule.isFarAbove(record.cost, best: bestCost) {
            streak += 1
        } else {
            streak = 0
        }
        if record.cost < bestCost {
            bestCost = record.cost
            bestEpoch = record.epoch
        }
        guard streak >= rule.window else { return nil }
        return DivergenceEvent(epoch: record.epoch, bestEpoch: bestEpoch, bestCost: bestCost, cost: record.cost,
                               learningRate: record.learningRate)
    }
}
