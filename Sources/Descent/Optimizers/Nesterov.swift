/// Nesterov accelerated gradient in the form PyTorch (`SGD(momentum: μ, nesterov: true)`) and
/// mlx-swift (`SGD(momentum:, nesterov: true)`) use, without dampening:
///
///     v = μ v + dW;   W -= α (dW + μ v)         (μ = 0.9, v starts at zero)
///
/// This is the "look-ahead" step rewritten so only the current gradient is needed. Keras and
/// sklearn (`m = μm − lr·g; w += μm − lr·g`) give the same trajectory at a constant learning rate.
public struct Nesterov<Scalar: DescentFloat>: OptimizerStateExporting {
    /// μ: how much of the previous velocity is kept.
    public var momentum: Scalar
    /// The number of `beginStep()` calls so far.
    public var stepCount: Int
    /// `v` per parameter, created as zeros at the first update.
    @usableFromInline var velocities: TensorStates<Scalar>

    /// Nesterov momentum with `momentum` μ (default 0.9).
    @inlinable
    public init(momentum: Scalar = 0.9) {
        precondition(momentum >= 0 && momentum < 1, "Nesterov's momentum must lie in [0, 1).")
        self.momentum = momentum
        self.stepCount = 0
        self.velocities = TensorStates()
    }

    /// Counts the step.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Updates the velocity of `id` and then `parameter`, in one pass.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        velocities.update(id, parameter: &parameter, gradient: gradient,
                          rule: NesterovUpdate(momentum: momentum, learningRate: learningRate))
    }

    /// `["v"]`.
    public var stateNames: [String] { ["v"] }
    /// `"v.W1"`, `"v.b1"`, … for every velocity created so far.
    public func exportState() -> [String: Matrix<Scalar>] { velocities.exported(as: "v") }
    /// Restores the velocities (see `OptimizerStateExporting`).
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        velocities = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)[0]
    }
    /// Forgets the velocities and sets `stepCount` to 0.
    public mutating func resetState() { velocities = TensorStates(); stepCount = 0 }
}

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
