/// Plain (mini-batch) gradient descent, the course's `update_parameters_with_gd`: `W -= α·dW`. No state.
public struct GradientDescent: OptimizerRule, PrecisionGenericRule {
    /// Gradient descent (it has no hyperparameters).
    public init() {}

    /// `gd` (also `sgd`, PyTorch's and Keras's name): no hyperparameters, no state.
    public static let descriptor = OptimizerDescriptor(name: "gd", aliases: ["sgd"], parameters: [], adaptive: false) { _ in GradientDescent() }

    public var values: [String: Double] { [:] }
    public var stateNames: [String] { [] }

    /// `W -= α·dW`.
    func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                     step: Int, state: inout OptimizerSlots<Scalar>) {
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                     "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
        // w + (−α)·g is bit for bit w − α·g: negation is exact and IEEE defines x − y as x + (−y).
        parameter.add(gradient, scaledBy: -learningRate)
    }
}

extension OptimizerAlgorithm {
    /// Plain gradient descent (`GradientDescent`).
    public static var gradientDescent: OptimizerAlgorithm { OptimizerAlgorithm(GradientDescent()) }

    /// The optimizer of a run on a course dataset that names none: the labs' gradient descent.
    public static var courseDefault: OptimizerAlgorithm { .gradientDescent }
}
