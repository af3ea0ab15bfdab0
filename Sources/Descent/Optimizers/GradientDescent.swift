/// Plain (mini-batch) gradient descent, the course's `update_parameters_with_gd`:
///
///     W -= α · dW
///
/// It keeps no per-tensor state; `stepCount` only counts steps.
public struct GradientDescent<Scalar: DescentFloat>: OptimizerStateExporting {
    /// The number of `beginStep()` calls so far.
    public var stepCount: Int

    /// Gradient descent (no hyperparameters besides the learning rate passed to each update).
    @inlinable
    public init() { stepCount = 0 }

    /// Counts the step.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// `parameter -= learningRate * gradient`, in place.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                     "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
        // w + (−α)·g is bit for bit w − α·g: negation is exact and IEEE defines x − y as x + (−y).
        parameter.add(gradient, scaledBy: -learningRate)
    }

    /// None: gradient descent keeps no state.
    public var stateNames: [String] { [] }
    /// Always empty.
    public func exportState() -> [String: Matrix<Scalar>] { [:] }
    /// Accepts only an empty state.
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        _ = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)
    }
    /// Sets `stepCount` to 0.
    public mutating func resetState() { stepCount = 0 }
}
