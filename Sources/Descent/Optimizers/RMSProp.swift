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
