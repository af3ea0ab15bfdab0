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
    static let rmsprop = OptimizerDescriptor(name: "rmsprop", defaults: [("beta", 0.9), ("epsilon", 1e-8)], states: ["s"]) {
        .rmsprop(beta: $0["beta"]!, epsilon: $0["epsilon"]!)
    }

    /// `adagrad`: ε 1e-10, accumulators from 0 (PyTorch's defaults); state `s`.
    static let adagrad = OptimizerDescriptor(name: "adagrad", defaults: [("epsilon", 1e-10), ("initialAccumulator", 0)], states: ["s"]) {
        .adagrad(epsilon: $0["epsilon"]!, initialAccumulator: $0["initialAccumulator"]!)
    }
}
