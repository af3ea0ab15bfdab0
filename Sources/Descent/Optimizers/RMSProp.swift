/// RMSProp, as the course's lecture writes it (ε outside the square root, no bias correction):
///
///     s = β s + (1 − β) dW²;   W -= α dW / (√s + ε)        (s starts at zero)
///
/// Defaults β = 0.9, ε = 1e-8. The lecture names the decay β2 without fixing a value for RMSProp
/// alone; 0.9 is Hinton's original suggestion and the default of Keras (`rho`) and S4TF, while
/// PyTorch and mlx-swift default to `alpha` = 0.99. We avoid 0.999 (Adam's β2): without bias
/// correction `s` would stay ~1000 times too small for the first steps and the early updates would
/// be ≈ 30 times larger than α. ε = 1e-8 and its place outside √ follow the lecture, PyTorch,
/// mlx-swift and S4TF; Keras puts ε (1e-7) inside the root. The division is done as PyTorch does,
/// `α · (dW / (√s + ε))`.
public struct RMSProp<Scalar: DescentFloat>: OptimizerStateExporting {
    /// β: the decay of the running mean of squared gradients.
    public var beta: Scalar
    /// ε, added to √s.
    public var epsilon: Scalar
    /// The number of `beginStep()` calls so far.
    public var stepCount: Int
    /// `s` per parameter, created as zeros at the first update.
    @usableFromInline var squares: TensorStates<Scalar>

    /// RMSProp with decay `beta` (default 0.9) and `epsilon` (default 1e-8).
    @inlinable
    public init(beta: Scalar = 0.9, epsilon: Scalar = 1e-8) {
        precondition(beta >= 0 && beta < 1, "RMSProp's beta must lie in [0, 1).")
        precondition(epsilon > 0, "RMSProp's epsilon must be positive.")
        self.beta = beta
        self.epsilon = epsilon
        self.stepCount = 0
        self.squares = TensorStates()
    }

    /// Counts the step.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Updates the mean square of `id` and then `parameter`, in one pass.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        squares.update(id, parameter: &parameter, gradient: gradient,
                       rule: SquaredGradientUpdate(decay: beta, gradientWeight: 1 - beta, epsilon: epsilon, learningRate: learningRate))
    }

    /// `["s"]`.
    public var stateNames: [String] { ["s"] }
    /// `"s.W1"`, `"s.b1"`, … for every tensor created so far.
    public func exportState() -> [String: Matrix<Scalar>] { squares.exported(as: "s") }
    /// Restores the mean squares (see `OptimizerStateExporting`).
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        squares = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)[0]
    }
    /// Forgets the mean squares and sets `stepCount` to 0.
    public mutating func resetState() { squares = TensorStates(); stepCount = 0 }
}

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
