/// RMSProp as the course's lecture writes it (ε outside the root, no bias correction):
/// `s = βs + (1 − β)dW²;  W -= α·(dW / (√s + ε))` (s starts at zero).
///
/// β = 0.9 is Hinton's suggestion and the default of Keras (`rho`); PyTorch and mlx-swift default
/// to 0.99. Adam's 0.999 is avoided: without bias correction the first updates would be ≈ 30
/// times larger than α. Keras puts ε (1e-7) inside the root. State `s`.
public struct RMSProp: OptimizerRule, PrecisionGenericRule {
    /// β, the decay of the mean square.
    public var beta: Double
    /// ε, added outside the root.
    public var epsilon: Double

    /// RMSProp with decay β and ε.
    public init(beta: Double = 0.9, epsilon: Double = 1e-8) {
        (self.beta, self.epsilon) = (beta, epsilon)
    }

    /// `rmsprop`: β 0.9, ε 1e-8.
    public static let descriptor = OptimizerDescriptor(name: "rmsprop", parameters: [.beta, .epsilon], adaptive: true) {
        RMSProp(beta: $0["beta"]!, epsilon: $0["epsilon"]!)
    }

    public var values: [String: Double] { ["beta": beta, "epsilon": epsilon] }
    /// The mean square `s`.
    public var stateNames: [String] { ["s"] }

    func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                     step: Int, state: inout OptimizerSlots<Scalar>) {
        let beta = Scalar(beta), epsilon = Scalar(epsilon)
        state.update(id, parameter: &parameter, gradient: gradient, slots: 1) { slots in
            SquaredGradientUpdate(s: slots[0], decay: beta, gradientWeight: 1 - beta, epsilon: epsilon, learningRate: learningRate)
        }
    }
}

/// `s = decay·s + c·dW²;  W -= α dW / (√s + ε)` element-wise: RMSProp (decay β, c = 1 − β) and
/// Adagrad (decay 1, c = 1, where 1·s + 1·dW² is bit for bit s + dW²).
@usableFromInline
struct SquaredGradientUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The mean square or sum of squares.
    @usableFromInline let s: UnsafeMutablePointer<Scalar>
    @usableFromInline let decay: Scalar, gradientWeight: Scalar, epsilon: Scalar, learningRate: Scalar

    @inlinable
    init(s: UnsafeMutablePointer<Scalar>, decay: Scalar, gradientWeight: Scalar, epsilon: Scalar, learningRate: Scalar) {
        self.s = s; self.decay = decay; self.gradientWeight = gradientWeight; self.epsilon = epsilon; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let s = s, decay = decay, gradientWeight = gradientWeight, epsilon = epsilon, learningRate = learningRate
        for i in range {
            let gi = g[i]
            let square = decay * s[i] + gradientWeight * (gi * gi)
            s[i] = square
            // `.magnitude` is a no-op on s ≥ 0 that lets LLVM drop sqrt's errno branch (see Moments.swift).
            w[i] = w[i] - learningRate * (gi / (square.magnitude.squareRoot() + epsilon))
        }
    }
}

extension OptimizerAlgorithm {
    /// RMSProp (`RMSProp`, formula there).
    public static func rmsprop(beta: Double = 0.9, epsilon: Double = 1e-8) -> OptimizerAlgorithm {
        OptimizerAlgorithm(RMSProp(beta: beta, epsilon: epsilon))
    }
}
