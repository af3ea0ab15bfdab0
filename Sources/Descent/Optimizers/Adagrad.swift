/// Adagrad, as PyTorch `Adagrad` computes it (no learning-rate decay):
///
///     s += dW²;   W -= α · dW / (√s + ε)        (s starts at `initialAccumulator`)
///
/// Defaults follow PyTorch: `initial_accumulator_value` 0, ε = 1e-10 (outside √). Keras starts the
/// accumulator at 0.1 and uses ε = 1e-7; mlx-swift uses ε = 1e-8.
public struct Adagrad<Scalar: DescentFloat>: OptimizerStateExporting {
    /// ε, added to √s.
    public var epsilon: Scalar
    /// The value every accumulator starts at.
    public var initialAccumulator: Scalar
    /// The number of `beginStep()` calls so far.
    public var stepCount: Int
    /// `s` (the running sum of squared gradients) per parameter.
    @usableFromInline var sums: TensorStates<Scalar>

    /// Adagrad with `epsilon` (default 1e-10) and accumulators starting at `initialAccumulator` (default 0).
    @inlinable
    public init(epsilon: Scalar = 1e-10, initialAccumulator: Scalar = 0) {
        precondition(epsilon > 0, "Adagrad's epsilon must be positive.")
        precondition(initialAccumulator >= 0, "Adagrad's initial accumulator must be non-negative.")
        self.epsilon = epsilon
        self.initialAccumulator = initialAccumulator
        self.stepCount = 0
        self.sums = TensorStates()
    }

    /// Counts the step.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Adds `gradient²` to the accumulator of `id` and updates `parameter`, in one pass.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        sums.update(id, parameter: &parameter, gradient: gradient, initialValue: initialAccumulator,
                    rule: SquaredGradientUpdate(decay: 1, gradientWeight: 1, epsilon: epsilon, learningRate: learningRate))
    }

    /// `["s"]`.
    public var stateNames: [String] { ["s"] }
    /// `"s.W1"`, `"s.b1"`, … for every accumulator created so far.
    public func exportState() -> [String: Matrix<Scalar>] { sums.exported(as: "s") }
    /// Restores the accumulators (see `OptimizerStateExporting`).
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        sums = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)[0]
    }
    /// Forgets the accumulators and sets `stepCount` to 0.
    public mutating func resetState() { sums = TensorStates(); stepCount = 0 }
}
