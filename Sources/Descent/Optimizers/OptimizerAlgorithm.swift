/// The built-in optimizers, each case carrying its hyperparameters, with the formula it implements.
///
/// A configuration names one (`RunConfiguration.optimizer`); `Optimizer(_:)` runs it. Everything
/// else about an optimizer — its name, its hyperparameters (flat field names unique across the
/// optimizers, with their defaults and ranges), the state it keeps, its element-wise kernel — lives in
/// the optimizer's own file (its kernel's) as an `OptimizerDescriptor`; names,
/// fields, JSON, validation and the settings' options derive from `descriptors`. Adding an
/// optimizer means: its file (kernel and descriptor), a case here, its entry in `descriptors`, and
/// its arm in `Optimizer.update` (a `switch` over this enum, so that each update is a direct,
/// specialized call of its kernel).
public enum OptimizerAlgorithm: Sendable, Hashable {
    /// Plain (mini-batch) gradient descent, the course's `update_parameters_with_gd`:
    /// `W -= α·dW`. No state.
    case gradientDescent

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
    case momentum(beta: Double = 0.9, classical: Bool = false)

    /// Nesterov accelerated gradient in the form PyTorch (`SGD(momentum: μ, nesterov: true)`) and
    /// mlx-swift use, without dampening: `v = μv + dW;  W -= α(dW + μv)` (v starts at zero) — the
    /// look-ahead step rewritten so only the current gradient is needed. Keras and sklearn give the
    /// same trajectory at a constant learning rate. State `v`.
    case nesterov(momentum: Double = 0.9)

    /// RMSProp as the course's lecture writes it (ε outside the root, no bias correction):
    /// `s = βs + (1 − β)dW²;  W -= α·(dW / (√s + ε))` (s starts at zero).
    ///
    /// β = 0.9 is Hinton's suggestion and the default of Keras (`rho`); PyTorch and mlx-swift default
    /// to 0.99. Adam's 0.999 is avoided: without bias correction the first updates would be ≈ 30
    /// times larger than α. Keras puts ε (1e-7) inside the root. State `s`.
    case rmsprop(beta: Double = 0.9, epsilon: Double = 1e-8)

    /// Adam, exactly as the course's `update_parameters_with_adam` computes it:
    ///
    ///     t += 1                                  (t counts steps over the whole run)
    ///     v = β1 v + (1 − β1) dW;     v̂ = v / (1 − β1^t)
    ///     s = β2 s + (1 − β2) dW²;    ŝ = s / (1 − β2^t)
    ///     W -= (α·v̂) / (√ŝ + ε)                  (ε outside the root; v, s start at zero)
    ///
    /// in numpy's order of operations, so results agree with the course to the last bits. PyTorch's
    /// Adam is the same formula; Keras and sklearn fold the bias correction into the step size
    /// (ε·√(1 − β2^t) in this form). With `amsgrad` the denominator uses the running maximum of the
    /// uncorrected second moment, as PyTorch and Keras: `sMax = max(sMax, s); W -= α v̂ / (√(sMax /
    /// (1 − β2^t)) + ε)`. State `v`, `s` (and `sMax`); t is `Optimizer.stepCount`.
    case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, amsgrad: Bool = false)

    /// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), in PyTorch's order — the decay
    /// is applied to the weights before the Adam step of the same iteration: `W *= 1 − αλ`, then the
    /// `adam` update. λ defaults to 0.01 (PyTorch, mlx-swift; Keras 0.004). Unlike L2 regularization
    /// (`dW += (λ/m)W`) the decay does not pass through Adam's per-element scaling. PyTorch decays
    /// every parameter, biases included; the course never regularizes biases, so here biases decay
    /// only with `decaysBiases`. With λ = 0 the update is exactly Adam's. State as `adam`.
    case adamw(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
               amsgrad: Bool = false, decaysBiases: Bool = false)

    /// Adagrad as PyTorch `Adagrad` computes it (no learning-rate decay): `s += dW²;  W -= α·(dW /
    /// (√s + ε))`, s starting at `initialAccumulator`. Defaults follow PyTorch (ε = 1e-10 outside
    /// the root, accumulator 0); Keras starts at 0.1 with ε = 1e-7. State `s`.
    case adagrad(epsilon: Double = 1e-10, initialAccumulator: Double = 0)

    /// Adamax (Kingma & Ba, 2015, §7.1), Adam with the infinity norm, as PyTorch `Adamax` computes it:
    ///
    ///     v = β1 v + (1 − β1) dW;     u = max(β2 u, |dW| + ε)
    ///     W -= (α / (1 − β1^t)) · v / u               (v, u start at zero; t counts steps)
    ///
    /// Keras adds ε to u in the division instead. PyTorch's default rate is 0.002. State `v`, `u`.
    case adamax(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    /// NAdam (Dozat, 2016), Adam with Nesterov momentum, as PyTorch `NAdam` and Keras `Nadam` compute
    /// it, with the momentum schedule μ_t = β1(1 − ½·0.96^(0.004·t)) and Π_t = μ_1 ⋯ μ_t:
    ///
    ///     v = β1 v + (1 − β1) dW;     s = β2 s + (1 − β2) dW²;     d = √(s / (1 − β2^t)) + ε
    ///     W -= α(1 − μ_t)/(1 − Π_t) · dW/d + α μ_{t+1}/(1 − Π_t μ_{t+1}) · v/d
    ///
    /// PyTorch's default rate is 0.002. State `v`, `s` (Π_t is a function of t).
    case nadam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    /// RAdam (Liu et al., 2020), Adam with the variance of its adaptive rate rectified, as PyTorch
    /// `RAdam` computes it: with ρ_∞ = 2/(1 − β2) − 1 and ρ_t = ρ_∞ − 2tβ2^t/(1 − β2^t),
    ///
    ///     v = β1 v + (1 − β1) dW;     s = β2 s + (1 − β2) dW²;     v̂ = v / (1 − β1^t)
    ///     ρ_t > 5:  W -= α r_t v̂ √(1 − β2^t) / (√s + ε),  r_t = √((ρ_t−4)(ρ_t−2)ρ_∞ / ((ρ_∞−4)(ρ_∞−2)ρ_t))
    ///     else:     W -= α v̂                              (the first few steps: momentum only)
    ///
    /// PyTorch's default rate is 0.001. State `v`, `s`.
    case radam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    /// Adadelta (Zeiler, 2012) as PyTorch `Adadelta` computes it:
    ///
    ///     s = ρ s + (1 − ρ) dW²;     Δ = √(d + ε) / √(s + ε) · dW;     d = ρ d + (1 − ρ) Δ²
    ///     W -= α Δ                                  (s, d start at zero)
    ///
    /// ρ = 0.9 and ε = 1e-6 follow PyTorch, whose rate is 1.0 by default (Keras: ρ 0.95, ε 1e-7,
    /// rate 0.001). ρ is the `beta` field. State `s`, `d`.
    case adadelta(rho: Double = 0.9, epsilon: Double = 1e-6)

    /// Every optimizer, each described in its own file, in the order help lists them.
    public static let descriptors: [OptimizerDescriptor] = [
        .gradientDescent, .momentum, .nesterov, .rmsprop, .adam, .adamw, .adagrad, .adamax, .nadam, .radam, .adadelta,
    ]

    /// The names used on the command line, in saved files and by `init(name:values:)`, in this order.
    public static let names = descriptors.map(\.name)

    /// This case's descriptor.
    public var descriptor: OptimizerDescriptor { Self.descriptors.first { $0.values(self) != nil }! }

    /// The name of this case (one of `names`).
    public var name: String { descriptor.name }

    /// The hyperparameters of this case by flat field name, in its descriptor's order, as `Double`
    /// (Booleans as 0 or 1): what JSON stores and what `init(name:values:)` accepts for this name.
    public var fields: [(name: String, value: Double)] {
        let descriptor = descriptor, values = descriptor.values(self)!
        return descriptor.parameters.map { ($0.field, values[$0.field]!) }
    }

    /// The names of the per-tensor state the optimizer keeps, in slot order (checkpoint keys are
    /// `"<name>.<parameter>"`, e.g. `"v.W1"`), as its descriptor says.
    public var stateNames: [String] { descriptor.states(descriptor.values(self)!) }

    /// The optimizer `name` with the hyperparameters `values` by flat field name (a flag as 0 or
    /// 1; a field left out takes its default), validated. Throws `.unknownName` for a name not in
    /// `names`, `.notApplicable` for a field the optimizer does not take (so a mistyped command
    /// line does not silently train with something else), and `.invalidValue` for one out of range.
    public init(name: String, values: [String: Double] = [:]) throws(HyperparameterError) {
        guard let descriptor = Self.descriptors.first(where: { $0.name == name }) else { throw .unknownName(name, concept: .optimizer) }
        self = descriptor.make(try Hyperparameter.complete(values, name: name, parameters: descriptor.parameters, concept: .optimizer))
        try validate()
    }

    /// Checks the hyperparameters against their descriptor's ranges (β's in [0, 1), ε > 0, weight
    /// decay and initial accumulator ≥ 0, all finite). Throws the first problem found, naming the field.
    public func validate() throws(HyperparameterError) {
        let descriptor = descriptor
        try Hyperparameter.validate(descriptor.values(self)!, of: descriptor.parameters, initialLearningRate: nil)
    }
}

extension OptimizerAlgorithm: Codable {
    /// Decodes `{"name": …, "beta1": 0.9, …}`; missing fields take their defaults, and the
    /// result is validated as `init(name:…)` does.
    public init(from decoder: any Decoder) throws {
        self = try Hyperparameter.decode(from: decoder, parameters: { name in Self.descriptors.first { $0.name == name }?.parameters }) {
            (name, values) throws(HyperparameterError) in try OptimizerAlgorithm(name: name, values: values)
        }
    }

    /// Encodes `{"name": …, "beta1": 0.9, …}` with every field of the case (Booleans as Booleans).
    public func encode(to encoder: any Encoder) throws {
        let descriptor = descriptor
        try Hyperparameter.encode(name: descriptor.name, values: descriptor.values(self)!, parameters: descriptor.parameters, to: encoder)
    }
}
