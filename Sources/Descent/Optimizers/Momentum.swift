// The element-wise kernel of `OptimizerAlgorithm.momentum` (formula and peer equivalences there).

/// `v = β v + c·dW;  W -= α v` element-wise (c = 1 − β, or 1 in the classical form).
@usableFromInline
struct MomentumUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    @usableFromInline let beta: Scalar, gradientWeight: Scalar, learningRate: Scalar

    @inlinable
    init(beta: Scalar, gradientWeight: Scalar, learningRate: Scalar) {
        self.beta = beta; self.gradientWeight = gradientWeight; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state v: UnsafeMutablePointer<Scalar>, range: Range<Int>) {
        let beta = beta, gradientWeight = gradientWeight, learningRate = learningRate
        for i in range {
            let velocity = beta * v[i] + gradientWeight * g[i]
            v[i] = velocity
            w[i] = w[i] - learningRate * velocity
        }
    }
}

extension OptimizerDescriptor {
    /// `momentum`: β 0.9 in the course's form (or the classical one); state `v`.
    static let momentum = OptimizerDescriptor(
        name: "momentum",
        parameters: [.beta, Hyperparameter("classicalMomentum", option: "classical-momentum", kind: .flag, default: 0,
                                           help: "the classical form v = μv + g instead of the course's v = βv + (1-β)g")],
        adaptive: false, states: ["v"], make: { .momentum(beta: $0["beta"]!, classical: $0["classicalMomentum"]! != 0) }
    ) { if case .momentum(let beta, let classical) = $0 { ["beta": beta, "classicalMomentum": classical ? 1 : 0] } else { nil } }
}
