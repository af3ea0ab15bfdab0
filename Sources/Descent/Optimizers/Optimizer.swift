/// An optimizer: one small state type per tensor and one update rule.
///
/// A training step calls `beginStep()` once, then `update(_:gradient:id:learningRate:)` for every
/// parameter tensor in the order W1, b1, W2, b2, …. Per-tensor state (velocities, moments) is
/// created at the first update of each tensor, sized like the parameter, and reused afterwards, so a
/// steady-state step allocates nothing.
public protocol Optimizer<Scalar>: Sendable {
    /// The precision of the parameters.
    associatedtype Scalar: DescentFloat
    /// Starts a new update step (Adam's `t += 1`): called once before the tensors of a step are updated.
    mutating func beginStep()
    /// Updates `parameter` in place from its `gradient` with the step size `learningRate`.
    mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar)
}
