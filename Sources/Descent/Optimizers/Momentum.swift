/// Gradient descent with momentum.
///
/// The course's form (`update_parameters_with_momentum`, the default) keeps an exponentially
/// weighted average of the gradients, starting from zero:
///
///     v = β v + (1 − β) dW;   W -= α v          (β = 0.9)
///
/// The `.classical` form is heavy-ball momentum as PyTorch `SGD(momentum: μ)` and mlx-swift `SGD`
/// compute it without dampening:
///
///     v = μ v + dW;           W -= α v
///
/// Equivalences (dampening τ is PyTorch's/mlx's `dampening`, v = μv + (1 − τ)g):
/// - course form == mlx-swift `SGD(momentum: β, dampening: β)` exactly, and == PyTorch
///   `SGD(momentum=β, dampening=β)` except at step 1 (PyTorch starts with v₁ = g, the course with
///   v₁ = (1 − β)g).
/// - `.classical` == PyTorch `SGD(momentum=μ)` and mlx `SGD(momentum: μ)` exactly (with τ = 0
///   PyTorch's v₁ = g agrees with μ·0 + g).
/// - at a constant learning rate, the course form with rate α equals the classical form with rate
///   α(1 − β); Keras/sklearn/S4TF (`m = μm − lr·g; w += m`) equal the classical form.
public struct Momentum<Scalar: DescentFloat>: OptimizerStateExporting {
    /// How the velocity accumulates the gradient.
    public enum Form: String, Sendable, CaseIterable {
        /// The course's exponentially weighted average `v = βv + (1 − β)g`.
        case exponentialAverage
        /// Classical (heavy-ball) momentum `v = μv + g`.
        case classical
    }

    /// β (the course) or μ (classical): how much of the previous velocity is kept.
    public var beta: Scalar
    /// Which velocity rule is used.
    public var form: Form
    /// The number of `beginStep()` calls so far.
    public var stepCount: Int
    /// `v` per parameter, created as zeros at the first update.
    @usableFromInline var velocities: TensorStates<Scalar>

    /// Momentum with `beta` (default 0.9, the course's value) in the given form (default: the course's).
    @inlinable
    public init(beta: Scalar = 0.9, form: Form = .exponentialAverage) {
        precondition(beta >= 0 && beta < 1, "Momentum's beta must lie in [0, 1).")
        self.beta = beta
        self.form = form
        self.stepCount = 0
        self.velocities = TensorStates()
    }

    /// Counts the step.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Updates the velocity of `id` and then `parameter`, in one pass.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        velocities.update(id, parameter: &parameter, gradient: gradient, rule: MomentumUpdate(
            beta: beta, gradientWeight: form == .classical ? 1 : 1 - beta, learningRate: learningRate))
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
