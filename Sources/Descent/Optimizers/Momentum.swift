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
