import Foundation

/// The mean and (population) standard deviation of a regression's targets on the training split,
/// over every output and example.
public struct TargetStatistics: Sendable, Equatable {
    public var mean: Double
    public var standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The statistics of `targets` (outputs × examples; finite, not empty).
    public init(of targets: Matrix<Double>) {
        (mean, standardDeviation) = FeatureScaler.moments(ofHuge: targets.elements)
    }

    /// The target's root mean square √(mean² + std²): the size of the error a network starting near 0 makes.
    public var scale: Double { hypot(mean, standardDeviation) }

    /// Whether the target is far from the unit scale a network's outputs start at: a root mean
    /// square above 3, or a spread below 0.05 (a constant target, std 0, has no spread to scale).
    ///
    /// A freshly initialized network's output is about 0 ± 1 whatever the target, and its output
    /// bias moves by about the learning rate per step under Adam. Measured with the file defaults
    /// (one hidden layer of 100, Adam at 0.001, 200 epochs) on 300 and 1,000 rows of a smooth
    /// target, R² unscaled against standardized (PERFORMANCE.md, "Target scaling"): 2 ± 1 (scale
    /// 2.2) 0.85 / 0.94 and 0.94 / 0.98, 0 ± 3 0.91 / 0.94 and 0.96 / 0.98, 0 ± 0.1 0.95 / 0.94 and
    /// 0.97 / 0.98; beyond, 3 ± 1 0.66 / 0.94 and 0.92 / 0.98, 5 ± 1 −0.03 / 0.94, 0 ± 10 0.89 /
    /// 0.94, 0 ± 0.05 0.90 / 0.94 and 0.94 / 0.98, 0 ± 0.03 0.77 / 0.94 and 0.88 / 0.98.
    public var isOffScale: Bool {
        scale > Self.largestScale || (standardDeviation > 0 && standardDeviation < Self.smallestSpread)
    }

    /// The largest root mean square counted as on scale.
    public static let largestScale = 3.0
    /// The smallest (non-zero) standard deviation counted as on scale.
    public static let smallestSpread = 0.05
}

extension DiagnosedRun {
    /// The run `configuration` describes on `data`: with `unscaledTarget` when it is a regression
    /// fitting its target as it is (`DataConfiguration.TargetScaling.none`).
    public init(_ configuration: RunConfiguration, data: PreparedData) {
        self.init(configuration)
        if data.loss == .meanSquaredError && data.targetScaler == nil && data.trainCount > 0 {
            unscaledTarget = TargetStatistics(of: data.trainLabels)
        }
    }

    /// The target-scale finding (`DiagnosticWarning.Kind.targetScale`): what was seen and its change
    /// (the monitor adds the advice), or `nil` when the target is standardized or on scale.
    var targetScaleFinding: (message: String, change: [String: String])? {
        guard let target = unscaledTarget, target.isOffScale else { return nil }
        let large = target.scale > TargetStatistics.largestScale
        let scale = Self.rounded(large ? target.scale : target.standardDeviation)
        // Gradient descent's steps scale with the gradients: a rate lowered (or raised) for the target's scale goes back to
        // its default, 0.01, with the target standardized; an adaptive optimizer's steps do not depend on that scale.
        var change = ["target-scaling": DataConfiguration.TargetScaling.standard.rawValue]
        if !isAdaptive && (large ? learningRate < 0.01 : learningRate > 0.01) { change["learning-rate"] = "0.01" }
        let why = large ? "the cost and the output layer's gradients grow with it, and the outputs, which start near 0 ± 1, must travel that far"
            : "its variations are a small part of the outputs' initial noise and of the cost"
        return ("the target's \(large ? "scale" : "spread") is \(scale) (mean \(Markup.significant(target.mean, digits: 4)), standard "
                    + "deviation \(Markup.significant(target.standardDeviation, digits: 4))): \(why); standardize it",
                change)
    }

    /// Positive `value` to two significant digits, grouped by thousands from 1,000: 4123 → `4,100`,
    /// 153 → `150`, 3.16 → `3.2`, 0.0123 → `0.012`.
    static func rounded(_ value: Double) -> String {
        guard value.isFinite, value < 1e15 else { return String(format: "%.1e", value) }
        let exponent = Int(log10(value).rounded(.down))
        guard exponent >= 2 else { return String(format: "%.\(1 - exponent)f", value) }
        let unit = pow(10, Double(exponent - 1))
        var digits = Array(String(Int((value / unit).rounded() * unit)))
        for position in stride(from: digits.count - 3, to: 0, by: -3) { digits.insert(",", at: position) }
        return String(digits)
    }
}
