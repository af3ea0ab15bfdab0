/// Weight penalties added to the cost; biases are never penalized (as in the course).
///
/// - L2: cost `+ (1/m)(λ/2) Σ_l ΣW[l]²`, gradient `dW[l] += (λ/m) W[l]`.
/// - L1: cost `+ (λ/m) Σ_l Σ|W[l]|`, subgradient `dW[l] += (λ/m) sign(W[l])` (0 at 0).
///
/// m is the number of examples the cost is averaged over (the batch size).
public struct Regularization: Sendable, Equatable, Codable {
    /// λ of the L2 penalty (0 = off).
    public var l2: Double
    /// λ of the L1 penalty (0 = off).
    public var l1: Double

    /// Penalties with the given λs; both must be non-negative.
    public init(l2: Double = 0, l1: Double = 0) {
        precondition(l2 >= 0 && l1 >= 0, "Regularization strengths must be non-negative.")
        self.l2 = l2
        self.l1 = l1
    }

    /// No penalty.
    public static let none = Regularization()

    /// True when neither penalty is active.
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
