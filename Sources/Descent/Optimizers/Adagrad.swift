// Adagrad runs `SquaredGradientUpdate` (RMSProp.swift) with decay 1.

/// Adagrad as PyTorch `Adagrad` computes it (no learning-rate decay): `s += dW²;  W -= α·(dW /
/// (√s + ε))`, s starting at `initialAccumulator`. Defaults follow PyTorch (ε = 1e-10 outside
/// the root, accumulator 0); Keras starts at 0.1 with ε = 1e-7. State `s`.
public struct Adagrad: OptimizerRule, PrecisionGenericRule {
    /// ε, added outside the root.
    public var epsilon: Double
    /// The value every accumulator starts at.
    public var initialAccumulator: Double

    /// Adagrad with ε, its accumulators starting at `initialAccumulator`.
    public init(epsilon: Double = 1e-10, initialAccumulator: Double = 0) {
        (self.epsilon, self.initialAccumulator) = (epsilon, initialAccumulator)
    }

    /// `adagrad`: ε 1e-10, accumulators from 0 (PyTorch's defaults).
    public static let descriptor = OptimizerDescriptor(
        name: "adagrad",
        parameters: [Hyperparameter.epsilon.defaulting(to: 1e-10),
                     Hyperparameter("initialAccumulator", option: "initial-accumulator", default: 0,
                                    help: "the value every accumulator starts at, as PyTorch (Keras starts at 0.1)", requirement: HyperparameterCheck.nonNegative)],
        adaptive: true) { Adagrad(epsilon: $0["epsilon"]!, initialAccumulator: $0["initialAccumulator"]!) }

    public var values: [String: Double] { ["epsilon": epsilon, "initialAccumulator": initialAccumulator] }
    /// The sum of squares `s`.
    public var stateNames: [String] { ["s"] }

    func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                     step: Int, state: inout OptimizerSlots<Scalar>) {
        let epsilon = Scalar(epsilon)
        // decay 1 and weight 1: 1·s + 1·dW² is bit for bit s + dW².
        state.update(id, parameter: &parameter, gradient: gradient, slots: 1, initialValue: Scalar(initialAccumulator)) { slots in
            SquaredGradientUpdate(s: slots[0], decay: 1, gradientWeight: 1, epsilon: epsilon, learningRate: learningRate)
        }
    }
}

extension OptimizerAlgorithm {
    /// Adagrad (`Adagrad`, formula there).
    public static func adagrad(epsilon: Double = 1e-10, initialAccumulator: Double = 0) -> OptimizerAlgorithm {
        OptimizerAlgorithm(Adagrad(epsilon: epsilon, initialAccumulator: initialAccumulator))
    }
}
