// The element-wise kernel of `OptimizerAlgorithm.adamax` (formula there).

/// `v = β1 v + (1 − β1) dW;  u = max(β2 u, |dW| + ε);  W -= (α / (1 − β1^t)) · v / u` element-wise,
/// with `u` the rule's state and `v` the tensor at `first`.
@usableFromInline
struct AdamaxUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The first moment `v` of the same tensor.
    @usableFromInline let first: UnsafeMutablePointer<Scalar>
    @usableFromInline let beta1: Scalar, beta2: Scalar, epsilon: Scalar, stepSize: Scalar

    /// `stepSize` is α / (1 − β1^t).
    @inlinable
    init(first: UnsafeMutablePointer<Scalar>, beta1: Scalar, beta2: Scalar, epsilon: Scalar, stepSize: Scalar) {
        self.first = first; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.stepSize = stepSize
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state u: UnsafeMutablePointer<Scalar>, range: Range<Int>) {
        let v = first, beta1 = beta1, oneMinusBeta1 = 1 - beta1, beta2 = beta2, epsilon = epsilon, stepSize = stepSize
        for i in range {
            let gi = g[i]
            let moment = beta1 * v[i] + oneMinusBeta1 * gi
            v[i] = moment
            let norm = Swift.max(beta2 * u[i], gi.magnitude + epsilon)
            u[i] = norm
            w[i] = w[i] - stepSize * (moment / norm)
        }
    }
}

extension OptimizerDescriptor {
    /// `adamax`: β1 0.9, β2 0.999, ε 1e-8; state `v` and the infinity norm `u`.
    static let adamax = OptimizerDescriptor(
        name: "adamax", parameters: [.beta1, .beta2, .epsilon], adaptive: true, states: ["v", "u"],
        make: { .adamax(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!) }
    ) { if case .adamax(let beta1, let beta2, let epsilon) = $0 { ["beta1": beta1, "beta2": beta2, "epsilon": epsilon] } else { nil } }
}
