// The element-wise kernel of `OptimizerAlgorithm.rmsprop` and `.adagrad` (formulas there).

/// `s = decay·s + c·dW²;  W -= α dW / (√s + ε)` element-wise: RMSProp (decay β, c = 1 − β) and
/// Adagrad (decay 1, c = 1, where 1·s + 1·dW² is bit for bit s + dW²).
@usableFromInline
struct SquaredGradientUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    @usableFromInline let decay: Scalar, gradientWeight: Scalar, epsilon: Scalar, learningRate: Scalar

    @inlinable
    init(decay: Scalar, gradientWeight: Scalar, epsilon: Scalar, learningRate: Scalar) {
        self.decay = decay; self.gradientWeight = gradientWeight; self.epsilon = epsilon; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state s: UnsafeMutablePointer<Scalar>, range: Range<Int>) {
        let decay = decay, gradientWeight = gradientWeight, epsilon = epsilon, learningRate = learningRate
        for i in range {
            let gi = g[i]
            let square = decay * s[i] + gradientWeight * (gi * gi)
            s[i] = square
            // `.magnitude` is a no-op on s ≥ 0 that lets LLVM drop sqrt's errno branch (see Adam).
            w[i] = w[i] - learningRate * (gi / (square.magnitude.squareRoot() + epsilon))
        }
    }
}

extension OptimizerDescriptor {
    /// `rmsprop`: β 0.9, ε 1e-8; state `s`.
    static let rmsprop = OptimizerDescriptor(
        name: "rmsprop", parameters: [.beta, .epsilon], adaptive: true, states: ["s"], make: { .rmsprop(beta: $0["beta"]!, epsilon: $0["epsilon"]!) }
    ) { if case .rmsprop(let beta, let epsilon) = $0 { ["beta": beta, "epsilon": epsilon] } else { nil } }

    /// `adagrad`: ε 1e-10, accumulators from 0 (PyTorch's defaults); state `s`.
    static let adagrad = OptimizerDescriptor(
        name: "adagrad",
        parameters: [Hyperparameter.epsilon.defaulting(to: 1e-10),
                     Hyperparameter("initialAccumulator", option: "initial-accumulator", default: 0,
                                    help: "the value every accumulator starts at, as PyTorch (Keras starts at 0.1)", requirement: HyperparameterCheck.nonNegative)],
        adaptive: true, states: ["s"], make: { .adagrad(epsilon: $0["epsilon"]!, initialAccumulator: $0["initialAccumulator"]!) }
    ) { if case .adagrad(let epsilon, let initial) = $0 { ["epsilon": epsilon, "initialAccumulator": initial] } else { nil } }
}
