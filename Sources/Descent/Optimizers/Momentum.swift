/// Gradient descent with momentum. The course's form (`update_parameters_with_momentum`, the
/// default) keeps an exponentially weighted average of the gradients, starting from zero:
/// `v = βv + (1 − β)dW;  W -= αv`. With `classical`, heavy-ball momentum as PyTorch
/// `SGD(momentum: μ)` and mlx-swift `SGD` compute it without dampening: `v = μv + dW;  W -= αv`.
///
/// Equivalences (dampening τ is PyTorch's/mlx's `dampening`, v = μv + (1 − τ)g): the course form
/// == mlx-swift `SGD(momentum: β, dampening: β)` exactly, and == PyTorch `SGD(momentum=β,
/// dampening=β)` except at step 1 (PyTorch starts with v₁ = g, the course with v₁ = (1 − β)g);
/// the classical form == PyTorch `SGD(momentum=μ)` and mlx `SGD(momentum: μ)` exactly; at a
/// constant learning rate the course form with rate α equals the classical form with rate
/// α(1 − β), and Keras/sklearn (`m = μm − lr·g; w += m`) equal the classical form. State `v`.
public struct Momentum: OptimizerRule, PrecisionGenericRule {
    /// β (μ in the classical form).
    public var beta: Double
    /// Whether the classical form `v = μv + dW` replaces the course's `v = βv + (1 − β)dW`.
    public var classical: Bool

    /// Momentum β in the course's form, or in the classical one.
    public init(beta: Double = 0.9, classical: Bool = false) {
        (self.beta, self.classical) = (beta, classical)
    }

    /// `momentum`: β 0.9 in the course's form (or the classical one).
    public static let descriptor = OptimizerDescriptor(
        name: "momentum",
        parameters: [.beta, Hyperparameter("classicalMomentum", option: "classical-momentum", kind: .flag, default: 0,
                                           help: "the classical form v = μv + g instead of the course's v = βv + (1-β)g")],
        adaptive: false) { Momentum(beta: $0["beta"]!, classical: $0["classicalMomentum"]! != 0) }

    public var values: [String: Double] { ["beta": beta, "classicalMomentum": classical ? 1 : 0] }
    /// The velocity `v`.
    public var stateNames: [String] { ["v"] }

    func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                     step: Int, state: inout OptimizerSlots<Scalar>) {
        let beta = Scalar(beta), gradientWeight = classical ? 1 : 1 - beta
        state.update(id, parameter: &parameter, gradient: gradient, slots: 1) { slots in
            MomentumUpdate(v: slots[0], beta: beta, gradientWeight: gradientWeight, learningRate: learningRate)
        }
    }
}

/// `v = β v + c·dW;  W -= α v` element-wise (c = 1 − β, or 1 in the classical form).
@usableFromInline
struct MomentumUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The velocity.
    @usableFromInline let v: UnsafeMutablePointer<Scalar>
    @usableFromInline let beta: Scalar, gradientWeight: Scalar, learningRate: Scalar

    @inlinable
    init(v: UnsafeMutablePointer<Scalar>, beta: Scalar, gradientWeight: Scalar, learningRate: Scalar) {
        self.v = v; self.beta = beta; self.gradientWeight = gradientWeight; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let v = v, beta = beta, gradientWeight = gradientWeight, learningRate = learningRate
        for i in range {
            let velocity = beta * v[i] + gradientWeight * g[i]
            v[i] = velocity
            w[i] = w[i] - learningRate * velocity
        }
    }
}

extension OptimizerAlgorithm {
    /// Gradient descent with momentum (`Momentum`, formula there).
    public static func momentum(beta: Double = 0.9, classical: Bool = false) -> OptimizerAlgorithm {
        OptimizerAlgorithm(Momentum(beta: beta, classical: classical))
    }
}
