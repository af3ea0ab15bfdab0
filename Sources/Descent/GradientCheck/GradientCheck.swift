/// Gradient checking: compares analytic gradients with two-sided finite differences,
/// `g̃_i = (J(θ + ε e_i) − J(θ − ε e_i)) / (2ε)`, by the course's relative difference
/// `‖g − g̃‖₂ / (‖g‖₂ + ‖g̃‖₂)`.
///
/// Verdict thresholds: the course's notebooks flag a mistake when the difference exceeds
/// `courseThreshold` (2e-7); `ruleOfThumbThreshold` (1e-7) is the usual stricter rule. Differences
/// around 1e-5 are suspicious and 1e-3 or more almost certainly a bug. Checks run in `Double`: in
/// `Float` the finite differences themselves are too noisy to judge anything below ~1e-3.
public enum GradientCheck {
    /// The Gradient Checking lab's threshold, 2e-7.
    public static let courseThreshold = 2e-7
    /// The common rule of thumb, 1e-7.
    public static let ruleOfThumbThreshold = 1e-7
    /// The course's ε, 1e-7.
    public static let defaultEpsilon = 1e-7

    /// `‖g − g̃‖₂ / (‖g‖₂ + ‖g̃‖₂)`, 0 when both are zero.
    public static func relativeDifference(_ gradient: [Double], _ approximation: [Double]) -> Double {
        differenceTerms(gradient, approximation).relative
    }

    /// The two sides of the relative difference, `error = ‖g − g̃‖₂` and `denominator = ‖g‖₂ + ‖g̃‖₂`.
    struct DifferenceTerms {
        var error: Double, denominator: Double
        /// `error / denominator`, 0 when both gradients are zero.
        var relative: Double { denominator == 0 ? 0 : error / denominator }
    }

    /// The terms of the relative difference of `gradient` and `approximation`.
    static func differenceTerms(_ gradient: [Double], _ approximation: [Double]) -> DifferenceTerms {
        precondition(gradient.count == approximation.count, "Gradients to compare must have equal lengths.")
        var difference = 0.0, gradientSquares = 0.0, approximationSquares = 0.0
        for (g, a) in zip(gradient, approximation) {
            difference += (g - a) * (g - a)
            gradientSquares += g * g
            approximationSquares += a * a
        }
        return DifferenceTerms(error: difference.squareRoot(),
                               denominator: gradientSquares.squareRoot() + approximationSquares.squareRoot())
    }

    /// The result of a one-dimensional check.
    public struct OneDimensionalResult: Sendable, Equatable {
        /// The claimed derivative at θ.
        public var derivative: Double
        /// The centred difference `(J(θ+ε) − J(θ−ε)) / (2ε)`.
        public var approximation: Double
        /// `|d − d̃| / (|d| + |d̃|)`.
        public var difference: Double
        /// `difference < threshold`.
        public var passed: Bool
    }

    /// Checks the claimed `derivative` of the scalar function `cost` at `theta`.
    public static func check(
        cost: (Double) -> Double, derivative: (Double) -> Double, at theta: Double,
        epsilon: Double = defaultEpsilon, threshold: Double = courseThreshold
    ) -> OneDimensionalResult {
        let approximation = (cost(theta + epsilon) - cost(theta - epsilon)) / (2 * epsilon)
        let claimed = derivative(theta)
        let difference = relativeDifference([claimed], [approximation])
        return OneDimensionalResult(derivative: claimed, approximation: approximation, difference: difference, passed: difference < threshold)
    }
}
