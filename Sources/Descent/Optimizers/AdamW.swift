/// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), in PyTorch's order — the decay
/// is applied to the weights before the Adam step of the same iteration: `W *= 1 − αλ`, then the
/// `Adam` update. λ defaults to 0.01 (PyTorch, mlx-swift; Keras 0.004). Unlike L2 regularization
/// (`dW += (λ/m)W`) the decay does not pass through Adam's per-element scaling. PyTorch decays
/// every parameter, biases included; the course never regularizes biases, so here biases decay
/// only with `decaysBiases`. With λ = 0 the update is exactly Adam's. State as `Adam`'s.
public struct AdamW: OptimizerRule, PrecisionGenericRule {
    /// β1, the decay of the first moment.
    public var beta1: Double
    /// β2, the decay of the second moment.
    public var beta2: Double
    /// ε, added outside the root.
    public var epsilon: Double
    /// λ, the decoupled weight decay.
    public var weightDecay: Double
    /// Whether the denominator uses the running maximum `sMax` of the second moment (AMSGrad).
    public var amsgrad: Bool
    /// Whether biases — and a normalization's γ and β, which are not weights either — decay too
    /// (the weights always do; PyTorch's AdamW decays every parameter it is given).
    public var decaysBiases: Bool
    /// The bias corrections of the current step.
    var corrections = BiasCorrections()

    /// AdamW with β1, β2, ε, decay λ, AMSGrad's maximum if `amsgrad`, decaying biases if `decaysBiases`.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
                amsgrad: Bool = false, decaysBiases: Bool = false) {
        (self.beta1, self.beta2, self.epsilon, self.weightDecay, self.amsgrad, self.decaysBiases) = (beta1, beta2, epsilon, weightDecay, amsgrad, decaysBiases)
    }

    /// `adamw`: as `adam`, with decoupled weight decay λ 0.01 on the weights (and the biases with `decaysBiases`).
    public static let descriptor = OptimizerDescriptor(
        name: "adamw",
        parameters: [.beta1, .beta2, .epsilon,
                     Hyperparameter("weightDecay", option: "weight-decay", default: 0.01, help: "the decoupled weight decay λ",
                                    requirement: HyperparameterCheck.nonNegative),
                     .amsgrad,
                     Hyperparameter("decaysBiases", option: "decay-biases", kind: .flag, default: 0,
                                    help: "decay biases (and batch/layer normalization's γ and β) too (default: weights only, as the course regularizes)")],
        adaptive: true) {
        AdamW(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!, weightDecay: $0["weightDecay"]!,
              amsgrad: $0["amsgrad"]! != 0, decaysBiases: $0["decaysBiases"]! != 0)
    }

    public var values: [String: Double] {
        ["beta1": beta1, "beta2": beta2, "epsilon": epsilon, "weightDecay": weightDecay, "amsgrad": amsgrad ? 1 : 0,
         "decaysBiases": decaysBiases ? 1 : 0]
    }
    /// The moments `v` and `s`, and with AMSGrad the maximum `sMax`.
    public var stateNames: [String] { AdamKernel<Double>.stateNames(amsgrad: amsgrad) }

    mutating func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                              step: Int, state: inout OptimizerSlots<Scalar>) {
        let decays = id.kind == .weight || decaysBiases
        AdamKernel.update(&parameter, gradient: gradient, id: id, state: &state, step: step, corrections: &corrections, beta1: beta1, beta2: beta2,
                          epsilon: epsilon, amsgrad: amsgrad, learningRate: learningRate,
                          decayFactor: decays ? 1 - learningRate * Scalar(weightDecay) : 1)
    }
}

extension OptimizerAlgorithm {
    /// AdamW (`AdamW`, formula there).
    public static func adamw(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
                             amsgrad: Bool = false, decaysBiases: Bool = false) -> OptimizerAlgorithm {
        OptimizerAlgorithm(AdamW(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad, decaysBiases: decaysBiases))
    }
}
