/// Weight penalties added to the cost, and label smoothing; biases are never penalized (as in the course).
///
/// - L2: cost `+ (1/m)(λ/2) Σ_l ΣW[l]²`, gradient `dW[l] += (λ/m) W[l]`.
/// - L1: cost `+ (λ/m) Σ_l Σ|W[l]|`, subgradient `dW[l] += (λ/m) sign(W[l])` (0 at 0).
/// - Label smoothing ε (classification): the training cost's targets become `y(1 − ε) + ε/K` for K
///   classes (K = 2 for the sigmoid output), as PyTorch's `CrossEntropyLoss(label_smoothing:)` and
///   Keras's `label_smoothing` compute them; the dev and test costs are measured against the labels.
///
/// m is the number of examples the cost is averaged over (the batch size).
public struct Regularization: Sendable, Equatable, Codable {
    /// λ of the L2 penalty (0 = off).
    public var l2: Double
    /// λ of the L1 penalty (0 = off).
    public var l1: Double
    /// ε of label smoothing, in [0, 1) (0 = off).
    public var labelSmoothing: Double

    /// Penalties with the given λs (non-negative) and label smoothing ε in [0, 1).
    public init(l2: Double = 0, l1: Double = 0, labelSmoothing: Double = 0) {
        precondition(l2 >= 0 && l1 >= 0, "Regularization strengths must be non-negative.")
        precondition(labelSmoothing >= 0 && labelSmoothing < 1, "Label smoothing must lie in [0, 1).")
        self.l2 = l2
        self.l1 = l1
        self.labelSmoothing = labelSmoothing
    }

    /// Decodes `{"l2": …, "l1": …, "labelSmoothing": …}`; a missing `labelSmoothing` (files written
    /// before it existed) is 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        l2 = try container.decode(Double.self, forKey: .l2)
        l1 = try container.decode(Double.self, forKey: .l1)
        labelSmoothing = try container.decodeIfPresent(Double.self, forKey: .labelSmoothing) ?? 0
    }

    /// No penalty.
    public static let none = Regularization()

    /// True when neither weight penalty is active (label smoothing is not a weight penalty).
    public var isNone: Bool { l2 == 0 && l1 == 0 }

    /// The penalty term of the cost for `weights` averaged over `m` examples:
    /// `(1/m)(λ₂/2) Σ ΣW² + (λ₁/m) Σ Σ|W|`, with the per-layer sums added left to right as the course does.
    @inlinable
    public func cost<T: DescentFloat, Weights: Sequence<Matrix<T>>>(weights: Weights, m: Int) -> T {
        var total: T = 0
        if l2 != 0 {
            var squares: T = 0
            for w in weights { squares += w.sumOfSquares() }
            total += (1 / T(m)) * (T(l2) / 2) * squares
        }
        if l1 != 0 {
            var absolutes: T = 0
            for w in weights { absolutes += w.sumOfAbsoluteValues() }
            total += (T(l1) / T(m)) * absolutes
        }
        return total
    }

    /// Adds the penalty's gradient `(λ₂/m) W + (λ₁/m) sign(W)` to `gradient` in place.
    @inlinable
    public func addGradient<T: DescentFloat>(of weights: Matrix<T>, to gradient: inout Matrix<T>, m: Int) {
        if isNone { return }
        precondition(weights.rows == gradient.rows && weights.columns == gradient.columns, "A weight gradient must be shaped like its weights.")
        let l2Scale = T(l2) / T(m)
        let l1Scale = T(l1) / T(m)
        weights.elements.withUnsafeBufferPointer { w in
            gradient.elements.withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count {
                    let value = w[i]
                    let sign: T = value > 0 ? 1 : (value < 0 ? -1 : 0)
                    g[i] += l2Scale * value + l1Scale * sign
                }
            }
        }
    }
}
