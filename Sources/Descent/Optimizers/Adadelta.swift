// The element-wise kernel of `OptimizerAlgorithm.adadelta` (formula there).

/// `s = ρ s + (1 − ρ) dW²;  Δ = √(d + ε) / √(s + ε) · dW;  d = ρ d + (1 − ρ) Δ²;  W -= α Δ`
/// element-wise, with `s` the rule's state and `d` the tensor at `updates`.
@usableFromInline
struct AdadeltaUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The running mean of squared updates `d` of the same tensor.
    @usableFromInline let updates: UnsafeMutablePointer<Scalar>
    @usableFromInline let rho: Scalar, epsilon: Scalar, learningRate: Scalar

    @inlinable
    init(updates: UnsafeMutablePointer<Scalar>, rho: Scalar, epsilon: Scalar, learningRate: Scalar) {
        self.updates = updates; self.rho = rho; self.epsilon = epsilon; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state s: UnsafeMutablePointer<Scalar>, range: Range<Int>) {
        let d = updates, rho = rho, oneMinusRho = 1 - rho, epsilon = epsilon, learningRate = learningRate
        for i in range {
            let gi = g[i]
            let square = rho * s[i] + oneMinusRho * (gi * gi)
            s[i] = square
            // `.magnitude` on values ≥ 0: lets LLVM drop sqrt's errno branch (see Adam).
            let delta = (d[i] + epsilon).magnitude.squareRoot() / (square + epsilon).magnitude.squareRoot() * gi
            d[i] = rho * d[i] + oneMinusRho * (delta * delta)
            w[i] = w[i] - learningRate * delta
        }
    }
}

extension OptimizerDescriptor {
    /// `adadelta`: ρ (the `beta` field) 0.9, ε 1e-6 (PyTorch's); state `s` and the mean squared update `d`.
    static let adadelta = OptimizerDescriptor(
        name: "adadelta", parameters: [.beta, Hyperparameter.epsilon.defaulting(to: 1e-6)], adaptive: true, states: ["s", "d"],
        make: { .adadelta(rho: $0["beta"]!, epsilon: $0["epsilon"]!) }
    ) { if case .adadelta(let rho, let epsilon) = $0 { ["beta": rho, "epsilon": epsilon] } else { nil } }
}
