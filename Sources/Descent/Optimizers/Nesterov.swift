/// Nesterov accelerated gradient in the form PyTorch (`SGD(momentum: μ, nesterov: true)`) and
/// mlx-swift use, without dampening: `v = μv + dW;  W -= α(dW + μv)` (v starts at zero) — the
/// look-ahead step rewritten so only the current gradient is needed. Keras and sklearn give the
/// same trajectory at a constant learning rate. State `v`.
public struct Nesterov: OptimizerRule, PrecisionGenericRule {
    /// μ (the `beta` field).
    public var momentum: Double

    /// Nesterov momentum μ.
    public init(momentum: Double = 0.9) { self.momentum = momentum }

    /// `nesterov`: μ (the `beta` field) 0.9.
    public static let descriptor = OptimizerDescriptor(name: "nesterov", parameters: [.beta], adaptive: false) { Nesterov(momentum: $0["beta"]!) }

    public var values: [String: Double] { ["beta": momentum] }
    /// The velocity `v`.
    public var stateNames: [String] { ["v"] }

    func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                     step: Int, state: inout OptimizerSlots<Scalar>) {
        let momentum = Scalar(momentum)
        state.update(id, parameter: &parameter, gradient: gradient, slots: 1) { slots in
            NesterovUpdate(v: slots[0], momentum: momentum, learningRate: learningRate)
        }
    }
}

/// `v = μ v + dW;  W -= α (dW + μ v)` element-wise.
@usableFromInline
struct NesterovUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The velocity.
    @usableFromInline let v: UnsafeMutablePointer<Scalar>
    @usableFromInline let momentum: Scalar, learningRate: Scalar

    @inlinable
    init(v: UnsafeMutablePointer<Scalar>, momentum: Scalar, learningRate: Scalar) {
        self.v = v; self.momentum = momentum; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let v = v, mu = momentum, learningRate = learningRate
        for i in range {
            let velocity = mu * v[i] + g[i]
            v[i] = velocity
            w[i] = w[i] - learningRate * (g[i] + mu * velocity)
        }
    }
}

extension OptimizerAlgorithm {
    /// Nesterov accelerated gradient (`Nesterov`, formula there).
    public static func nesterov(momentum: Double = 0.9) -> OptimizerAlgorithm { OptimizerAlgorithm(Nesterov(momentum: momentum)) }
}
