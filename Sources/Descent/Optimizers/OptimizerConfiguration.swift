/// A user's choice of optimizer and its hyperparameters (typically from the command line), checked
/// by `validate()` and turned into an optimizer by `makeOptimizer()`.
///
/// Optional hyperparameters left `nil` take the kind's default (see the `resolved…` properties).
/// Setting a hyperparameter the chosen kind does not use is an error (`.notApplicable`), so a
/// mistyped command line does not silently train with something else. The errors name the fields
/// (`beta`, `beta1`, `beta2`, `epsilon`, `weightDecay`, `amsgrad`, `classicalMomentum`,
/// `decaysBiases`); a command line maps them to its own spellings.
///
/// | kind | options (default) |
/// |---|---|
/// | gd | — |
/// | momentum | `beta` (0.9), `classicalMomentum` (false: the course's v = βv + (1 − β)g) |
/// | nesterov | `beta` = μ (0.9) |
/// | rmsprop | `beta` (0.9), `epsilon` (1e-8) |
/// | adam | `beta1` (0.9), `beta2` (0.999), `epsilon` (1e-8), `amsgrad` (false) |
/// | adamw | as adam, plus `weightDecay` (0.01), `decaysBiases` (false) |
/// | adagrad | `epsilon` (1e-10) |
public struct OptimizerConfiguration: Sendable, Equatable, Codable {
    /// Which optimizer.
    public var kind: OptimizerKind
    /// β of momentum and RMSProp, μ of Nesterov.
    public var beta: Double?
    /// Adam's β1.
    public var beta1: Double?
    /// Adam's β2.
    public var beta2: Double?
    /// ε of RMSProp, Adam, AdamW and Adagrad.
    public var epsilon: Double?
    /// AdamW's λ.
    public var weightDecay: Double?
    /// AMSGrad for Adam or AdamW.
    public var amsgrad: Bool
    /// Classical momentum `v = μv + g` instead of the course's average.
    public var classicalMomentum: Bool
    /// Whether AdamW decays biases too.
    public var decaysBiases: Bool

    /// A configuration of `kind` with the given hyperparameters (`nil`: the kind's default).
    /// Call `validate()` (or `makeOptimizer()`, which validates) before use.
    public init(kind: OptimizerKind, beta: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
                epsilon: Double? = nil, weightDecay: Double? = nil, amsgrad: Bool = false,
                classicalMomentum: Bool = false, decaysBiases: Bool = false) {
        self.kind = kind
        self.beta = beta
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.classicalMomentum = classicalMomentum
        self.decaysBiases = decaysBiases
    }

    /// β (momentum, RMSProp) or μ (Nesterov): the given value or 0.9.
    public var resolvedBeta: Double { beta ?? 0.9 }
    /// β1: the given value or 0.9.
    public var resolvedBeta1: Double { beta1 ?? 0.9 }
    /// β2: the given value or 0.999.
    public var resolvedBeta2: Double { beta2 ?? 0.999 }
    /// ε: the given value, or 1e-10 for Adagrad (PyTorch) and 1e-8 otherwise.
    public var resolvedEpsilon: Double { epsilon ?? (kind == .adagrad ? 1e-10 : 1e-8) }
    /// λ: the given value or 0.01 (PyTorch, mlx-swift).
    public var resolvedWeightDecay: Double { weightDecay ?? 0.01 }

    /// Checks every option: applicable to `kind`, β's in [0, 1), ε > 0, weight decay ≥ 0, all finite.
    /// Throws the first problem found, naming the field.
    public func validate() throws(OptimizerConfigurationError) {
        let usesBeta: Set<OptimizerKind> = [.momentum, .nesterov, .rmsprop]
        let usesAdamBetas: Set<OptimizerKind> = [.adam, .adamw]
        let usesEpsilon: Set<OptimizerKind> = [.rmsprop, .adam, .adamw, .adagrad]
        func check(_ value: Double?, _ field: String, usedBy kinds: Set<OptimizerKind>) throws(OptimizerConfigurationError) {
            if value != nil && !kinds.contains(kind) { throw .notApplicable(field: field, kind: kind) }
        }
        func flag(_ value: Bool, _ field: String, usedBy kinds: Set<OptimizerKind>) throws(OptimizerConfigurationError) {
            if value && !kinds.contains(kind) { throw .notApplicable(field: field, kind: kind) }
        }
        try check(beta, "beta", usedBy: usesBeta)
        try check(beta1, "beta1", usedBy: usesAdamBetas)
        try check(beta2, "beta2", usedBy: usesAdamBetas)
        try check(epsilon, "epsilon", usedBy: usesEpsilon)
        try check(weightDecay, "weightDecay", usedBy: [.adamw])
        try flag(amsgrad, "amsgrad", usedBy: usesAdamBetas)
        try flag(classicalMomentum, "classicalMomentum", usedBy: [.momentum])
        try flag(decaysBiases, "decaysBiases", usedBy: [.adamw])

        for (value, field) in [(beta, "beta"), (beta1, "beta1"), (beta2, "beta2")] {
            if let value, !(value >= 0 && value < 1) {
                throw .invalidValue(field: field, value: "\(value)", requirement: "must lie in [0, 1)")
            }
        }
        if let epsilon, !(epsilon > 0 && epsilon.isFinite) {
            throw .invalidValue(field: "epsilon", value: "\(epsilon)", requirement: "must be positive and finite")
        }
        if let weightDecay, !(weightDecay >= 0 && weightDecay.isFinite) {
            throw .invalidValue(field: "weightDecay", value: "\(weightDecay)", requirement: "must be non-negative and finite")
        }
    }

    /// Validates the configuration and builds the optimizer it describes, in precision `Scalar`.
    public func makeOptimizer<Scalar: DescentFloat>(_: Scalar.Type = Scalar.self) throws(OptimizerConfigurationError) -> AnyOptimizer<Scalar> {
        try validate()
        switch kind {
        case .gd:
            return .gradientDescent(GradientDescent())
        case .momentum:
            return .momentum(Momentum(beta: Scalar(resolvedBeta), form: classicalMomentum ? .classical : .exponentialAverage))
        case .nesterov:
            return .nesterov(Nesterov(momentum: Scalar(resolvedBeta)))
        case .rmsprop:
            return .rmsprop(RMSProp(beta: Scalar(resolvedBeta), epsilon: Scalar(resolvedEpsilon)))
        case .adam:
            return .adam(Adam(beta1: Scalar(resolvedBeta1), beta2: Scalar(resolvedBeta2), epsilon: Scalar(resolvedEpsilon), amsgrad: amsgrad))
        case .adamw:
            return .adamw(AdamW(beta1: Scalar(resolvedBeta1), beta2: Scalar(resolvedBeta2), epsilon: Scalar(resolvedEpsilon),
                                weightDecay: Scalar(resolvedWeightDecay), amsgrad: amsgrad, decaysBiases: decaysBiases))
        case .adagrad:
            return .adagrad(Adagrad(epsilon: Scalar(resolvedEpsilon)))
        }
    }
}

/// A problem with a user-supplied optimizer configuration, naming the offending field.
public enum OptimizerConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The optimizer name is not one of `OptimizerKind.allCases`.
    case unknownOptimizer(String)
    /// `field` has a value outside its valid range.
    case invalidValue(field: String, value: String, requirement: String)
    /// `field` was given but `kind` does not use it.
    case notApplicable(field: String, kind: OptimizerKind)

    /// The configuration field that caused the error, by its property name (`beta1`); `nil` for an
    /// unknown optimizer name.
    public var field: String? {
        switch self {
        case .unknownOptimizer: return nil
        case .invalidValue(let field, _, _), .notApplicable(let field, _): return field
        }
    }

    /// A sentence naming the field and what is wrong.
    public var description: String {
        switch self {
        case .unknownOptimizer(let name):
            return "Unknown optimizer \"\(name)\"; choose one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))."
        case .invalidValue(let field, let value, let requirement):
            return "\(field) \(value) is invalid: it \(requirement)."
        case .notApplicable(let field, let kind):
            return "\(field) does not apply to the \(kind) optimizer."
        }
    }
}
