/// Something wrong with how a network learns, found in its `LayerStatistics`, naming the layer and
/// what to try — each kind once per layer.
public struct DiagnosticWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The first layer's gradients are orders of magnitude below the last layer's: the early
        /// layers barely learn.
        case vanishingGradients = "vanishing-gradients"
        /// The first layer's gradients are orders of magnitude above the last layer's, or huge, or
        /// not finite.
        case explodingGradients = "exploding-gradients"
        /// Most of a ReLU layer's units output 0 for every example of a batch.
        case deadUnits = "dead-units"
        /// Most of a sigmoid or tanh layer's activations sit at the function's limits.
        case saturatedUnits = "saturated-units"
        /// A layer's weights change by far less than ~1e-3 of their size per step.
        case tinyUpdates = "tiny-updates"
        /// A layer's weights change by far more than ~1e-3 of their size per step.
        case largeUpdates = "large-updates"
    }

    public var kind: Kind
    /// The layer (1-based) the warning is about.
    public var layer: Int
    /// The epoch and step of the record that showed it.
    public var epoch: Int
    public var step: Int
    /// What was seen and what to try, one sentence.
    public var message: String

    public var description: String { "layer \(layer), epoch \(epoch): \(message)" }
}

/// Reads `DiagnosticsRecord`s as training produces them and reports each problem once per layer.
///
/// The thresholds: gradient norms of the first and last layer more than 10³ apart (vanishing when
/// the first is smaller, exploding when larger), a gradient norm above 10⁴ or not finite
/// (exploding), an update ratio ‖ΔW‖/‖W‖ below 10⁻⁶ or above 10⁻¹ (the healthy value is about
/// 10⁻³; one warning for all layers, naming the worst), half or more of a hidden ReLU layer's units
/// dead (at least two) or of a hidden sigmoid/tanh layer's activations saturated. Each kind is
/// reported once per layer.
public struct GradientHealthMonitor: Sendable {
    /// What was reported: a kind and its layer, or the kind alone for the update warnings, which
    /// name only the worst layer.
    private struct Reported: Hashable, Sendable {
        var kind: DiagnosticWarning.Kind
        var layer: Int?
    }
    private var reported: Set<Reported> = []

    public init() {}

    /// The new warnings in `record`.
    public mutating func observe(_ record: DiagnosticsRecord) -> [DiagnosticWarning] {
        var warnings: [DiagnosticWarning] = []
        func warn(_ kind: DiagnosticWarning.Kind, _ layer: Int, _ message: String) {
            let perLayer = kind != .tinyUpdates && kind != .largeUpdates
            guard reported.insert(Reported(kind: kind, layer: perLayer ? layer : nil)).inserted else { return }
            warnings.append(DiagnosticWarning(kind: kind, layer: layer, epoch: record.epoch, step: record.step, message: message))
        }
        let layers = record.layers
        guard let first = layers.first, let last = layers.last else { return [] }
        let format = { (value: Double) in value.isFinite ? String(format: "%.2g", value) : "\(value)" }
        if let huge = layers.first(where: { !$0.gradientNorm.isFinite || $0.gradientNorm > 1e4 }) {
            warn(.explodingGradients, huge.layer, "exploding gradients: ‖dW\(huge.layer)‖ = \(format(huge.gradientNorm)) — lower the "
                + "learning rate, clip gradients (--clip-norm) or use a variance-scaled initializer (he, glorot)")
        } else if layers.count >= 2 && last.gradientNorm > 0 {
            let ratio = first.gradientNorm / last.gradientNorm
            if ratio < 1e-3 {
                let smallest = layers.min { $0.gradientNorm < $1.gradientNorm }!
                warn(.vanishingGradients, smallest.layer, "vanishing gradients: ‖dW\(smallest.layer)‖ = \(format(smallest.gradientNorm)) "
                    + "against ‖dW\(last.layer)‖ = \(format(last.gradientNorm)), shrinking with depth — use a variance-scaled "
                    + "initializer (he for ReLU, glorot or xavier for tanh/sigmoid), ReLU activations or fewer layers")
            } else if ratio > 1e3 {
                let largest = layers.max { $0.gradientNorm < $1.gradientNorm }!
                warn(.explodingGradients, largest.layer, "exploding gradients: ‖dW\(largest.layer)‖ = \(format(largest.gradientNorm)) "
                    + "against ‖dW\(last.layer)‖ = \(format(last.gradientNorm)), growing with depth — use a variance-scaled "
                    + "initializer (he, glorot), a smaller learning rate or gradient clipping (--clip-norm)")
            }
        }
        // Update sizes: one warning per kind, naming the worst layer and how many others.
        let tiny = layers.filter { $0.updateRatio > 0 && $0.updateRatio < 1e-6 && $0.gradientNorm > 0 }
        if let worst = tiny.min(by: { $0.updateRatio < $1.updateRatio }) {
            warn(.tinyUpdates, worst.layer, "tiny updates: ‖ΔW\(worst.layer)‖/‖W\(worst.layer)‖ = \(format(worst.updateRatio)) per step"
                + (tiny.count > 1 ? " (and \(tiny.count - 1) more layer\(tiny.count == 2 ? "" : "s") below 1e-6)" : "")
                + ", far below the healthy ~1e-3 — raise the learning rate or check for vanishing gradients")
        }
        let large = layers.filter { $0.updateRatio > 0.1 }
        if let worst = large.max(by: { $0.updateRatio < $1.updateRatio }) {
            warn(.largeUpdates, worst.layer, "large updates: ‖ΔW\(worst.layer)‖/‖W\(worst.layer)‖ = \(format(worst.updateRatio)) per step"
                + (large.count > 1 ? " (and \(large.count - 1) more layer\(large.count == 2 ? "" : "s") above 0.1)" : "")
                + ", far above the healthy ~1e-3 — lower the learning rate")
        }
        for layer in layers {
            guard layer.layer < last.layer else { continue }
            if let dead = layer.deadFraction, dead >= 0.5, (dead * Double(layer.units)).rounded() >= 2 {
                warn(.deadUnits, layer.layer, "\(Int((dead * 100).rounded())) % of the ReLU units are dead (0 for the whole batch) — "
                    + "lower the learning rate, use he initialization or leaky-relu")
            }
            if let saturated = layer.saturatedFraction, saturated >= 0.5 {
                warn(.saturatedUnits, layer.layer, "\(Int((saturated * 100).rounded())) % of the activations are saturated, where the "
                    + "derivative nearly vanishes — use smaller initial weights (xavier, glorot), normalized inputs or ReLU")
            }
        }
        return warnings
    }
}
