import Foundation

/// Something wrong with how a network learns, found in its `LayerStatistics`, naming the layer, what
/// was seen and the change of settings to try — each kind once per layer.
public struct DiagnosticWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
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
        /// Every layer's weights change by less than 10⁻⁵ of their size per step while the cost is stuck.
        case tinyUpdates = "tiny-updates"
        /// A layer's weights change by more than a tenth of their size per step while the cost is stuck.
        case largeUpdates = "large-updates"
        /// A regression fits its target unscaled, and the target's scale is far from 1 (`TargetStatistics.isOffScale`):
        /// the cost and the output layer's gradients are scaled with it. Named on the output layer, at the first record.
        case targetScale = "target-scale"
    }

    public var kind: Kind
    /// The layer (1-based) the warning is about.
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

    public var description: String { "layer \(layer), epoch \(epoch): \(message)" }

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
/// resolved initializer, the optimizer, the learning rate and gradient clipping.
public struct DiagnosedRun: Sendable, Equatable {
    public var activation: Activation
    public var initializer: Initializer
    public var hiddenLayers: [Int]
    /// The optimizer's name (one of `OptimizerAlgorithm.names`).
    public var optimizer: String
    public var learningRate: Double
    public var clipNorm: Double?
    /// A regression target the network fits as it is (not standardized): its statistics on the
    /// training split (`nil`: classification, a standardized target, or unknown).
    public var unscaledTarget: TargetStatistics?

    public init(activation: Activation, initializer: Initializer, hiddenLayers: [Int], optimizer: String, learningRate: Double,
                clipNorm: Double? = nil, unscaledTarget: TargetStatistics? = nil) {
        self.activation = activation
        self.initializer = initializer
        self.hiddenLayers = hiddenLayers
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.clipNorm = clipNorm
        self.unscaledTarget = unscaledTarget
    }

    /// The run `configuration` describes, with its initializer resolved for its data.
    public init(_ configuration: RunConfiguration) {
        self.init(activation: configuration.model.activation,
                  initializer: configuration.model.resolvedInitializer(courseData: configuration.data.isCourseData),
                  hiddenLayers: configuration.model.hiddenLayers, optimizer: configuration.optimizer.name,
                  learningRate: configuration.learningRate, clipNorm: configuration.training.clipNorm)
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
/// Exploding: g ≥ 2 with a total g^(k−1) ≥ 10, or a gradient not finite (at once). Vanishing:
/// g ≤ ½ with a total ≤ 1/10. Dead units: a hidden ReLU layer entirely dead, or
/// half of it (at least two units) dead while the cost is stuck. Saturated units: half of a hidden
/// sigmoid or tanh layer's activations within 1 % of the limits while the cost is stuck. Tiny
/// updates: max ‖ΔW[l]‖/‖W[l]‖ < 10⁻⁵ while the cost is stuck. Large updates: a ratio > 10⁻¹
/// while the cost is stuck. "Stuck": the cost is above half the first epoch's, and no lower than
/// that first cost or fallen by less than 1 % over the last `window` records. Growth with depth
/// under an adaptive optimizer (whose steps do not depend on the gradients' scale) counts only
/// while the cost is stuck. Every condition must hold on `window` consecutive records. A warning
/// is only given with a change of settings that the run does not already have. Target scale: a
/// regression fitting its target unscaled whose scale is far from 1 (`TargetStatistics.isOffScale`),
/// at the first record and alone: the growth measures do not depend on the loss's scale, but the
/// cost's trajectory, the update sizes and the units outsized steps kill do, so the scale is named
/// first and the other rules judge the run once its target is standardized.
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
    /// The first epoch's cost, the latest epoch's cost, and the latest costs seen at the last
    /// `window` records.
    private var firstCost: Double?
    /// The latest epoch's cost, until a record takes it into `costsAtRecords` (several records in
    /// one epoch take it once, so the window never fills with one epoch's cost and reads as stuck).
    private var latestCost: Double?
    private var costsAtRecords: [Double] = []
    /// What the run uses (`nil`: unknown, advice is generic).
    public let run: DiagnosedRun?
    /// How many consecutive records a problem must persist for.
    public let window: Int

    /// A monitor for `run` (what it uses, so advice differs from it) that warns after `window`
    /// consecutive records.
    public init(run: DiagnosedRun? = nil, window: Int = 3) {
        self.run = run
        self.window = max(window, 1)
    }

    /// Notes an epoch's cost, which tells a stuck run from one that converges.
    public mutating func observe(epoch record: EpochRecord) {
        if firstCost == nil { firstCost = record.cost }
        latestCost = record.cost
    }

    /// Whether the cost is stuck: above half the first epoch's cost, and either no lower than where
    /// it started or fallen by less than 1 % over the last `window` records (unknown costs: not stuck).
    private var isStuck: Bool {
        guard let first = firstCost, let earliest = costsAtRecords.first, let latest = costsAtRecords.last, costsAtRecords.count >= 2,
              first.isFinite, latest.isFinite else { return false }
        return latest > first / 2 && (latest > earliest * 0.99 || latest >= first)
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
        if let latestCost {
            costsAtRecords.append(latestCost)
            if costsAtRecords.count > window { costsAtRecords.removeFirst() }
            self.latestCost = nil
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

        if let broken = layers.first(where: { !$0.gradientNorm.isFinite }) {
            let rate = run.map { ["learning-rate": $0.learningRate(times: 0.1)] } ?? [:]
            found.append((.explodingGradients, broken.layer, "exploding gradients: ‖dW\(broken.layer)‖ is \(broken.gradientNorm) — "
                + "lower the learning rate", rate))
        } else {
            // Adaptive optimizers' steps do not depend on the gradients' scale: growth matters there only if the cost is stuck.
            let growth = run?.isAdaptive == true && !stuck ? nil : Self.growth(hidden.reversed().map(\.errorNorm))
            if streak(.explodingGradients, growth.map { $0.perLayer >= 2 && $0.total >= 10 } ?? false), let g = growth {
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
        if streak(.tinyUpdates, stuck && maximumUpdate > 0 && maximumUpdate < 1e-5), run?.isAdaptiveAtHighRate != true {
            let change = run.map { ["learning-rate": $0.learningRate(times: 10)] } ?? [:]
            found.append((.tinyUpdates, layers.max { $0.updateRatio < $1.updateRatio }!.layer,
                          "tiny updates: every layer's ‖ΔW‖/‖W‖ is at most \(format(maximumUpdate)) per step and the cost is not falling "
                              + "— \(advice(change))", change))
        }
        let large = layers.filter { $0.updateRatio > 0.1 }
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
