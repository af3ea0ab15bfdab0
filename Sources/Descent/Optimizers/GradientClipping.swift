/// Gradient clipping, applied to a step's gradients before the optimizer update.
///
/// - `.globalNorm(maximumNorm: c)`: with ‖g‖ = √(Σ over every tensor and element of g²), when
///   ‖g‖ > c every gradient is multiplied by c / ‖g‖, so the global norm becomes c and every
///   direction is kept (PyTorch `clip_grad_norm_`, Keras `global_clipnorm`; PyTorch divides by
///   ‖g‖ + 1e-6, here by ‖g‖ exactly). A NaN or infinite norm leaves the gradients untouched: the
///   returned norm lets the caller detect the divergence instead of silently zeroing the step.
/// - `.value(limit: c)`: every element is clamped to [−c, c] (PyTorch `clip_grad_value_`, Keras
///   `clipvalue`); NaN stays NaN.
///
/// Both work in place and allocate nothing. The squares are accumulated in `Double`, so a `Float`
/// gradient with elements up to ~1e19 (whose squares would overflow `Float`) still gets a finite norm.
public enum GradientClipping: Sendable, Equatable, Codable {
    /// Rescale every gradient when the global norm exceeds `maximumNorm`.
    case globalNorm(maximumNorm: Double)
    /// Clamp every element to [−limit, limit].
    case value(limit: Double)

    /// Clips `gradients` (all the tensors of one step) in place and returns their global norm
    /// before clipping (for `.value` too, computed in the same pass as the clamping).
    @inlinable
    public func apply<Scalar: DescentFloat>(to gradients: inout [Matrix<Scalar>]) -> Double {
        switch self {
        case .globalNorm(let maximumNorm):
            return Self.clipByGlobalNorm(&gradients, maximumNorm: maximumNorm)
        case .value(let limit):
            var sum = 0.0
            for index in gradients.indices {
                sum += Self.sumOfSquares(gradients[index])
                Self.clipByValue(&gradients[index], limit: Scalar(limit))
            }
            return sum.squareRoot()
        }
    }

    /// Σ g² over the elements of `gradient`, accumulated in `Double`.
    @inlinable
    public static func sumOfSquares<Scalar: DescentFloat>(_ gradient: Matrix<Scalar>) -> Double {
        gradient.elements.withUnsafeBufferPointer { g in
            var sum = 0.0
            for i in 0..<g.count {
                let value = Double(g[i])
                sum += value * value
            }
            return sum
        }
    }

    /// The global norm √(Σ g²) over every tensor of `gradients`.
    @inlinable
    public static func globalNorm<Scalar: DescentFloat>(_ gradients: [Matrix<Scalar>]) -> Double {
        var sum = 0.0
        for gradient in gradients { sum += sumOfSquares(gradient) }
        return sum.squareRoot()
    }

    /// The factor that brings a global norm `norm` down to `maximumNorm`: `maximumNorm / norm` when
    /// `norm > maximumNorm` and `norm` is finite, else `nil` (no clipping). For callers that keep
    /// their gradients in their own structure: sum `sumOfSquares` over the tensors, take the square
    /// root, then `scale` each tensor by this factor.
    @inlinable
    public static func clippingFactor(norm: Double, maximumNorm: Double) -> Double? {
        norm.isFinite && norm > maximumNorm ? maximumNorm / norm : nil
    }

    /// `gradient *= factor`, in place.
    @inlinable
    public static func scale<Scalar: DescentFloat>(_ gradient: inout Matrix<Scalar>, by factor: Scalar) {
        gradient.scale(by: factor)
    }

    /// Rescales `gradients` so their global norm is at most `maximumNorm`; returns the norm before.
    @inlinable
    @discardableResult
    public static func clipByGlobalNorm<Scalar: DescentFloat>(_ gradients: inout [Matrix<Scalar>], maximumNorm: Double) -> Double {
        let norm = globalNorm(gradients)
        if let factor = clippingFactor(norm: norm, maximumNorm: maximumNorm) {
            let scalarFactor = Scalar(factor)
            for index in gradients.indices { scale(&gradients[index], by: scalarFactor) }
        }
        return norm
    }

    /// Clamps every element of `gradient` to [−limit, limit], in place (NaN stays NaN).
    @inlinable
    public static func clipByValue<Scalar: DescentFloat>(_ gradient: inout Matrix<Scalar>, limit: Scalar) {
        precondition(limit > 0, "The clipping limit must be positive.")
        gradient.elements.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count {
                let value = g[i]
                if value > limit { g[i] = limit } else if value < -limit { g[i] = -limit }
            }
        }
    }

    /// Clamps every element of every tensor of `gradients` to [−limit, limit], in place.
    @inlinable
    public static func clipByValue<Scalar: DescentFloat>(_ gradients: inout [Matrix<Scalar>], limit: Scalar) {
        for index in gradients.indices { clipByValue(&gradients[index], limit: limit) }
    }
}
