// The element-wise kernel of `OptimizerAlgorithm.nesterov` (formula and peer equivalences there).

/// `v = μ v + dW;  W -= α (dW + μ v)` element-wise.
@usableFromInline
struct NesterovUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    @usableFromInline let momentum: Scalar, learningRate: Scalar

    @inlinable
    init(momentum: Scalar, learningRate: Scalar) { self.momentum = momentum; self.learningRate = learningRate }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state v: UnsafeMutablePointer<Scalar>, range: Range<Int>) {
        let mu = momentum, learningRate = learningRate
        for i in range {
            let velocity = mu * v[i] + g[i]
            v[i] = velocity
            w[i] = w[i] - learningRate * (g[i] + mu * velocity)
        }
    }
}

extension OptimizerDescriptor {
    /// `nesterov`: μ (the `beta` field) 0.9; state `v`.
    static let nesterov = OptimizerDescriptor(
        name: "nesterov", parameters: [.beta], adaptive: false, states: ["v"], make: { .nesterov(momentum: $0["beta"]!) }
    ) { if case .nesterov(let momentum) = $0 { ["beta": momentum] } else { nil } }
}
