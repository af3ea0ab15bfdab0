import Foundation

/// Something wrong with how a network learns, found in its `LayerStatistics`, naming the layer, what
/// was seen and the change of settings to try — each kind once per layer.
public struct DiagnosticWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// The hidden layers' activations or backpropagated errors shrink geometrically toward one
        /// end of the network: the early layers barely learn.
        case vanishingGradients = "vanishing-gradients"
        /// The hidden layers' activations or backpropagated errors grow geometrically with depth, or
        /// a gradient is not finite.
        case explodingGradients = "exploding-gradients"
        /// Most of a ReLU layer's units output 0 for every example of a batch while the cost is stuck
        /// (or all of them: the network's output no longer depends on its input).
        case deadUnits = "dead-units"
        /// Most of a sigmoid or tanh layer's activations sit at the function's limits while the cost
        /// is stuck.
        case saturatedUnits = "saturated-units"
        /// Every layer's weights change by less than 10⁻⁴ of their size per step while the cost is stuck.
        case tinyUpdates = "tiny-updates"
        /// A layer's weights change by more than 5 % of their size per step while the cost is stuck or
        /// no better than a uniform guess.
        case largeUpdates = "large-updates"
        /// The dev set does much worse than the training set (accuracy 15 points lower, or for
        /// regression a cost twice the training cost) while the dev cost rises: the network fits
        /// the training examples, not what they share. About the whole network (`layer` 0).
        case highVariance = "high-variance"
        /// A regression fits its target unscaled, and the target's scale is far from 1 (`TargetStatistics.isOffScale`):
        /// the cost and the output layer's gradients are scaled with it. Named on the output layer, at the first record.
        case targetScale = "target-scale"
    }

    public var kind: Kind
    /// The layer (1-based) the warning is about; 0 for the whole network (`highVariance`).
    public var layer: Int
    /// The epoch and step of the record that showed it.
    public var epoch: Int
    public var step: Int
    /// What was seen and what to try, one sentence.
    public var message: String
    /// The suggested change as settings: option name → value (`["init": "he"]`,
    /// `["learning-rate": "0.001"]`); never a value the run already has. Apply it to the run's own
    /// settings with `command(for:)`.
    public var change: [String: String]

    public init(kind: Kind, layer: Int, epoch: Int, step: Int, message: String, change: [String: String]) {
        self.kind = kind
        self.layer = layer
        self.epoch = epoch
        self.step = step
        self.message = message
        self.change = change
    }

    public var description: String { (layer > 0 ? "layer \(layer), " : "") + "epoch \(epoch): \(message)" }

    /// `settings` with `change` applied, each changed setting moved to the end (in name order), or
    /// `nil` when a value does not fit its setting.
    public func settings(applyingTo settings: TrainingSettings) -> TrainingSettings? {
        var changed = settings
        for (name, value) in change.sorted(by: { $0.key < $1.key }) {
            do { try changed.replace(name, with: value) } catch { return nil }
        }
        return changed
    }

    /// The `descent train …` command of `settings` with `change` applied.
    public func command(for settings: TrainingSettings) -> String? { self.settings(applyingTo: settings)?.command }
}

/// What a run already uses, so that advice never repeats it: the hidden layers' activation, the
/// resolved initializer, the optimizer, the learning rate, gradient clipping and early stopping.
public struct DiagnosedRun: Sendable, Equatable {
    public var activation: Activation
    public var initializer: Initializer
    public var hiddenLayers: [Int]
    /// The optimizer's name (one of `OptimizerAlgorithm.names`).
    public var optimizer: String
    public var learningRate: Double
    public var clipNorm: Double?
    /// The early-stopping patience in epochs (`nil`: none).
    public var earlyStopping: Int?
    /// A regression target the network fits as it is (not standardized): its statistics on the
    /// training split (`nil`: classification, a standardized target, or unknown).
    public var unscaledTarget: TargetStatistics?

    public init(activation: Activation, initializer: Initializer, hiddenLayers: [Int], optimizer: String, learningRate: Double,
                clipNorm: Double? = nil, earlyStopping: Int? = nil, unscaledTarget: TargetStatistics? = nil) {
        self.activation = activation
        self.initializer = initializer
        self.hiddenLayers = hiddenLayers
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.clipNorm = clipNorm
        self.earlyStopping = earlyStopping
        self.unscaledTarget = unscaledTarget
    }

    /// The run `configuration` describes, with its initializer resolved for its data.
    public init(_ configuration: RunConfiguration) {
        self.init(activation: configuration.model.activation,
                  initializer: configuration.model.resolvedInitializer(courseData: configuration.data.isCourseData),
                  hiddenLayers: configuration.model.hiddenLayers, optimizer: configuration.optimizer.name,
                  learningRate: configuration.learningRate, clipNorm: configuration.training.clipNorm,
                  earlyStopping: configuration.training.earlyStoppingPatience)
    }

    /// Whether the activation is of the ReLU family, whose variance-preserving scale is He's 2 / n[l−1].
    var isReLULike: Bool { [.relu, .leakyReLU, .relu6, .elu, .gelu, .silu, .mish, .softplus].contains(activation) }

    /// The initializer whose scale keeps the activation's signal level with depth: He for the ReLU
    /// family, Glorot (uniform) otherwise.
    var scaledInitializer: Initializer { isReLULike ? .he : .glorotUniform }

    /// Whether `initializer` already scales by fan-in or fan-out in the way the activation needs.
    var hasScaledInitializer: Bool {
        switch initializer {
        case .he, .heUniform, .heTruncated: isReLULike
        case .glorot, .glorotUniform, .glorotTruncated, .xavier, .lecunUniform, .lecunTruncated, .scaledByFanIn, .orthogonal: !isReLULike
        case .zeros, .random: false
        }
    }

    /// The learning rate times `factor`, as a short setting value (`0.001`).
    func learningRate(times factor: Double) -> String { String(format: "%g", learningRate * factor) }
}

/// Reads `DiagnosticsRecord`s (and the epochs' costs) as training produces them and reports each
/// problem once per layer, when it persists and matters.
///
/// The measures do not depend on layer width or on the loss's scale. Over the k hidden layers
/// (k ≥ 3; the output layer's error is the loss's and is left out), the growth per layer of the
/// backpropagated errors toward the input, g = (‖dZ[1]‖ / ‖dZ[k]‖)^(1/(k−1)): the total norm,
/// which a variance-scaled initializer keeps level whatever the widths (per unit it would scale
/// as √(n[l+1] / n[l])), and a ratio, which a large target scales at every layer alike. (The
/// activations' growth is not used: fitting a target in the thousands grows them legitimately.)
///
/// Exploding: g ≥ 2 with a total g^(k−1) ≥ 10; at once for g ≥ 3 with a total ≥ 1000 (a
/// network that blows up in its first steps gives no second record) or a gradient not finite.
/// Vanishing: g ≤ ½ with a total ≤ 1/10. Dead units: a hidden ReLU layer entirely dead, or
/// half of it (at least two units) dead while the cost is stuck. Saturated units: half of a hidden
/// sigmoid or tanh layer's activations within 1 % of the limits while the cost is stuck. Tiny
/// updates: max ‖ΔW[l]‖/‖W[l]‖ < 10⁻⁴ while the cost is stuck. Large updates: a ratio > 0.05
/// while the cost is stuck and the errors do not grow with depth (weights far too large make every
/// update look tiny: the exploding warning names them). High variance: dev accuracy 15 points below
/// the training accuracy while the dev cost is ≥ 1.1 × its lowest (regression: dev cost ≥ 2 ×
/// the training cost and ≥ 1.5 × its lowest).
///
/// The cost's trajectory is read from its mean over the epochs between records (which smooths an
/// oscillating cost). "Stuck": that mean is no lower than a uniform guess's cost (`chanceCost`), or
/// it is above half the first epoch's cost or half a guess's, and no lower than the first cost or
/// fallen by less than 1 % over the last `window` records. Growth with depth under an adaptive
/// optimizer (whose steps do not depend on the gradients' scale) counts only while the cost is
/// stuck. Every condition must hold on `window` consecutive records. A warning is only given with
/// a change of settings that the run does not already have. Target scale: a regression fitting
/// its target unscaled whose scale is far from 1 (`TargetStatistics.isOffScale`), at the first
/// record and alone: the growth measures do not depend on the loss's scale, but the cost's
/// trajectory, the update sizes and the units outsized steps kill do, so the scale is named first
/// and the other rules judge the run once its target is standardized.
public struct GradientHealthMonitor: Sendable {
    /// What was reported: a kind and its layer, or the kind alone for the update warnings, which
    /// name only the worst layer.
    private struct Reported: Hashable, Sendable {
        var kind: DiagnosticWarning.Kind
        var layer: Int?
    }
    private var reported: Set<Reported> = []
    /// How many consecutive records showed each kind's condition.
    private var streaks: [DiagnosticWarning.Kind: Int] = [:]
    /// The first epoch's cost.
    private var firstCost: Double?
    /// The sum and number of the epochs' costs since the last record, which takes their mean into
    /// `costsAtRecords` (several records in one epoch take it once, so the window never fills with
    /// one epoch's cost and reads as stuck; the mean smooths an oscillating cost).
    private var costSum = 0.0
    private var costCount = 0
    /// The mean epoch cost before each of the last `window` records.
    private var costsAtRecords: [Double] = []
    /// The latest epoch's dev cost and accuracy and running training accuracy, and the lowest dev cost so far.
    private var latest: EpochRecord?
    private var bestDevCost = Double.infinity
    /// The cost of a uniform guess (ln 2 per sigmoid output, ln C for a softmax over C classes;
    /// `nil` for regression): a cost no lower after `window` records means the network has learnt
    /// nothing. `GradientHealthObserver` sets it from the network.
    public var chanceCost: Double?
    /// What the run uses (`nil`: unknown, advice is generic).
    public let run: DiagnosedRun?
    /// How many consecutive records a problem must persist for.
    public let window: Int
    /// The window unless given: 3 records (the convergence rule waits for one more).
    public static let defaultWindow = 3

    /// A monitor for `run` (what it uses, so advice differs from it) that warns after `window`
    /// consecutive records.
    public init(run: DiagnosedRun? = nil, window: Int = defaultWindow) {
        self.run = run
        self.window = max(window, 1)
    }

    /// Notes an epoch's cost, which tells a stuck run from one that converges.
    public mutating func observe(epoch record: EpochRecord) {
        if firstCost == nil { firstCost = record.cost }
        costSum += record.cost
        costCount += 1
        latest = record
        if let dev = record.devCost { bestDevCost = min(bestDevCost, dev) }
    }

    /// The cost of a uniform guess for `network`'s loss and outputs (`nil` for regression).
    public static func chanceCost(loss: Loss, outputs: Int) -> Double? {
        switch loss {
        case .binaryCrossEntropy: Double(outputs) * log(2)
        case .categoricalCrossEntropy: log(Double(max(outputs, 2)))
        case .meanSquaredError: nil
        }
    }

    /// Whether the cost (its mean between records) is stuck: no lower than a uniform guess's, or above
    /// half the first epoch's cost or half a guess's and either no lower than where it started or
    /// fallen by less than 1 % over the last `window` records (unknown costs: not stuck).
    private var isStuck: Bool {
        guard let first = firstCost, let earliest = costsAtRecords.first, let latest = costsAtRecords.last, costsAtRecords.count >= 2,
              first.isFinite else { return false }
        guard latest.isFinite else { return true }
        if let chanceCost, latest >= chanceCost { return true }
        return (latest > first / 2 || latest > (chanceCost ?? .infinity) / 2) && (latest > earliest * 0.99 || latest >= first)
    }

    /// Whether the dev set does much worse than the training set while its cost rises: dev
    /// accuracy ≥ 15 points below the running training accuracy with the dev cost ≥ 1.1 × its
    /// lowest, or without accuracies (regression) a dev cost ≥ 2 × the training cost and ≥ 1.5 × its lowest.
    private var isOverfitting: Bool {
        guard let latest, let dev = latest.devCost, dev.isFinite, dev >= 1.1 * bestDevCost else { return false }
        if let train = latest.trainAccuracy, let devAccuracy = latest.devAccuracy { return train - devAccuracy >= 0.15 }
        return dev >= 2 * latest.cost && dev >= 1.5 * bestDevCost
    }

    /// The geometric per-layer growth (value(last)/value(first))^(1/(k−1)) over the hidden layers,
    /// with its total, when there are at least three and both ends are positive and finite.
    private static func growth(_ values: [Double]) -> (perLayer: Double, total: Double)? {
        guard values.count >= 3, let first = values.first, let last = values.last, first > 0, last > 0,
              first.isFinite, last.isFinite else { return nil }
        let total = last / first
        return (pow(total, 1 / Double(values.count - 1)), total)
    }

    /// The new warnings in `record`.
    public mutating func observe(_ record: DiagnosticsRecord) -> [DiagnosticWarning] {
        if costCount > 0 {
            costsAtRecords.append(costSum / Double(costCount))
            if costsAtRecords.count > window { costsAtRecords.removeFirst() }
            costSum = 0
            costCount = 0
        }
        let layers = record.layers
        guard !layers.isEmpty else { return [] }
        let hidden = Array(layers.dropLast())
        let format = { (value: Double) in value.isFinite ? String(format: "%.2g", value) : "\(value)" }
        if let (message, change) = run?.targetScaleFinding {
            // The target's scale confounds every other reading (the cost, outsized steps, units they kill): its finding alone, once.
            guard reported.insert(Reported(kind: .targetScale, layer: nil)).inserted else { return [] }
            return [DiagnosticWarning(kind: .targetScale, layer: layers.count, epoch: record.epoch, step: record.step,
                                      message: "\(message) — \(advice(change))", change: change)]
        }
        var found: [(kind: DiagnosticWarning.Kind, layer: Int, message: String, change: [String: String])] = []
        let stuck = isStuck
        // Whether the errors grow with depth on this record: weights far too large, whose size makes every update look tiny.
        var growing = false

        if let broken = layers.first(where: { !$0.gradientNorm.isFinite }) {
            let rate = run.map { ["learning-rate": $0.learningRate(times: 0.1)] } ?? [:]
            found.append((.explodingGradients, broken.layer, "exploding gradients: ‖dW\(broken.layer)‖ is \(broken.gradientNorm) — "
                + "lower the learning rate", rate))
        } else {
            // Adaptive optimizers' steps do not depend on the gradients' scale: growth matters there only if the cost is stuck.
            let growth = run?.isAdaptive == true && !stuck ? nil : Self.growth(hidden.reversed().map(\.errorNorm))
            let extreme = growth.map { $0.perLayer >= 3 && $0.total >= 1000 } ?? false
            growing = growth.map { $0.perLayer >= 2 && $0.total >= 10 } ?? false
            if streak(.explodingGradients, growing) || extreme, let g = growth {
                let change = explodingChange()
                found.append((.explodingGradients, 1, "exploding gradients: the errors ‖dZ‖ grow ×\(format(g.perLayer)) per layer toward "
                    + "the input (‖dZ1‖/‖dZ\(hidden.count)‖ = \(format(g.total))) — \(advice(change))", change))
            }
            if streak(.vanishingGradients, growth.map { $0.perLayer <= 0.5 && $0.total <= 0.1 } ?? false), let g = growth {
                let change = vanishingChange()
                found.append((.vanishingGradients, 1, "vanishing gradients: the errors ‖dZ‖ shrink ×\(format(g.perLayer)) per layer toward "
                    + "the input (‖dZ1‖/‖dZ\(hidden.count)‖ = \(format(g.total))) — \(advice(change))", change))
            }
        }

        let maximumUpdate = layers.map(\.updateRatio).max() ?? 0
        if streak(.tinyUpdates, stuck && !growing && maximumUpdate > 0 && maximumUpdate < 1e-4), run?.isAdaptiveAtHighRate != true {
            // The power of ten that brings the largest ratio to about 10⁻³, between ×10 and ×10⁴.
            let factor = pow(10, min(max(ceil(log10(1e-3 / maximumUpdate)), 1), 4))
            let change = run.map { ["learning-rate": $0.learningRate(times: factor)] } ?? [:]
            found.append((.tinyUpdates, layers.max { $0.updateRatio < $1.updateRatio }!.layer,
                          "tiny updates: every layer's ‖ΔW‖/‖W‖ is at most \(format(maximumUpdate)) per step and the cost is not falling "
                              + "— \(advice(change))", change))
        }
        let large = layers.filter { $0.updateRatio > 0.05 }
        if streak(.largeUpdates, stuck && !large.isEmpty), let worst = large.max(by: { $0.updateRatio < $1.updateRatio }) {
            let change = run.map { ["learning-rate": $0.learningRate(times: 0.1)] } ?? [:]
            found.append((.largeUpdates, worst.layer, "large updates: ‖ΔW\(worst.layer)‖/‖W\(worst.layer)‖ = \(format(worst.updateRatio)) "
                + "per step and the cost is not falling: the learning rate is too large — \(advice(change))", change))
        }
        let dead = hidden.filter { layer in
            guard let fraction = layer.deadFraction else { return false }
            return fraction >= 1 || (stuck && fraction >= 0.5 && (fraction * Double(layer.units)).rounded() >= 2)
        }
        if streak(.deadUnits, !dead.isEmpty), let worst = dead.max(by: { $0.deadFraction! < $1.deadFraction! }) {
            let change = run.map { ["learning-rate": $0.learningRate(times: 0.1)] } ?? [:]
            found.append((.deadUnits, worst.layer, "\(Int((worst.deadFraction! * 100).rounded())) % of the ReLU units are dead (0 for the "
                + (stuck ? "whole batch) and the cost is not falling" : "whole batch): the output no longer depends on the input")
                + " — \(advice(change))" + (run?.activation == .leakyReLU ? "" : " (or try leaky-relu)"), change))
        }
        // Saturation under too large a rate is the rate's doing: the large-updates warning names it.
        let saturated = large.isEmpty ? hidden.filter { ($0.saturatedFraction ?? 0) >= 0.5 } : []
        if streak(.saturatedUnits, stuck && !saturated.isEmpty), let worst = saturated.max(by: { $0.saturatedFraction! < $1.saturatedFraction! }) {
            let change = vanishingChange()
            found.append((.saturatedUnits, worst.layer, "\(Int((worst.saturatedFraction! * 100).rounded())) % of the activations are "
                + "saturated, where the derivative nearly vanishes, and the cost is not falling — \(advice(change))", change))
        }

        // The run's early stopping already ends it when the dev cost stops improving, with the best weights.
        if streak(.highVariance, isOverfitting), run?.earlyStopping == nil, let latest, let dev = latest.devCost {
            let change = ["early-stopping": "20"]
            let gap = latest.trainAccuracy.flatMap { train in latest.devAccuracy.map { "accuracy \(format(train)) on training, \(format($0)) on dev" } }
                ?? "cost \(format(latest.cost)) on training, \(format(dev)) on dev"
            found.append((.highVariance, 0, "high variance: \(gap), and the dev cost has risen from \(format(bestDevCost)) to \(format(dev)): "
                + "the network fits its training examples, not what they share — \(advice(change))", change))
        }

        var warnings: [DiagnosticWarning] = []
        for (kind, layer, message, change) in found {
            // Advice must name a change when the run is known.
            guard run == nil || !change.isEmpty else { continue }
            let perLayer = kind != .tinyUpdates && kind != .largeUpdates
            guard reported.insert(Reported(kind: kind, layer: perLayer ? layer : nil)).inserted else { continue }
            warnings.append(DiagnosticWarning(kind: kind, layer: layer, epoch: record.epoch, step: record.step, message: message, change: change))
        }
        return warnings
    }

    /// Counts a record for `kind` (`holds`) and says whether the condition has now held on `window`
    /// consecutive records; a record where it does not hold starts over.
    private mutating func streak(_ kind: DiagnosticWarning.Kind, _ holds: Bool) -> Bool {
        let count = holds ? streaks[kind, default: 0] + 1 : 0
        streaks[kind] = count
        return count >= window
    }

    /// For growth with depth: the variance-scaled initializer the activation needs (with gradient
    /// descent's default rate, 0.01, when the run lowered its rate below it — the usual way of taming
    /// the growth, which a well-scaled network no longer needs), else gradient clipping, else a
    /// tenth of the learning rate.
    private func explodingChange() -> [String: String] {
        guard let run else { return [:] }
        if !run.hasScaledInitializer {
            let rate = !run.isAdaptive && run.learningRate < 0.01 ? ["learning-rate": "0.01"] : [:]
            return rate.merging(["init": run.scaledInitializer.description]) { $1 }
        }
        if run.clipNorm == nil { return ["clip-norm": "1"] }
        return ["learning-rate": run.learningRate(times: 0.1)]
    }

    /// For shrinkage with depth (or saturation): ReLU with He for a sigmoid (whose derivative ≤ ¼
    /// shrinks the errors ×¼ per layer even at Glorot's scale), else the variance-scaled
    /// initializer, else ReLU with He, else half as many hidden layers.
    private func vanishingChange() -> [String: String] {
        guard let run else { return [:] }
        let toReLU = ["activation": "relu", "init": "he"]
        if run.activation == .sigmoid || run.activation == .hardSigmoid { return toReLU }
        if !run.hasScaledInitializer { return ["init": run.scaledInitializer.description] }
        if !run.isReLULike { return toReLU }
        guard run.hiddenLayers.count > 1 else { return [:] }
        return ["hidden": run.hiddenLayers.prefix((run.hiddenLayers.count + 1) / 2).map(String.init).joined(separator: ",")]
    }

    /// "try --name value …" for `change`, or generic words when the run is unknown.
    private func advice(_ change: [String: String]) -> String {
        guard !change.isEmpty else { return "check the initializer's scale and the learning rate" }
        return "try " + change.sorted { $0.key < $1.key }.map { "--\($0.key) \($0.value)" }.joined(separator: " ")
    }
}

extension DiagnosedRun {
    /// An adaptive optimizer (`OptimizerDescriptor.isAdaptive`): each parameter's step is the rate
    /// times its gradient over the gradient's running size, whatever that size.
    var isAdaptive: Bool { OptimizerAlgorithm.descriptors.first { $0.name == optimizer }?.isAdaptive ?? false }

    /// An adaptive optimizer at a rate of 0.1 or more, whose steps are already about the rate in
    /// size: tiny updates there are not the rate's fault.
    var isAdaptiveAtHighRate: Bool { isAdaptive && learningRate >= 0.1 }
}
