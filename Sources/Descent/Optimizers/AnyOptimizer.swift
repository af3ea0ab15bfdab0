/// One of the built-in optimizers, chosen at run time (from `OptimizerConfiguration` or the
/// command line), usable wherever a concrete `Optimizer` is expected.
///
/// Each call switches once over the case and forwards to the concrete struct's specialized update,
/// so the element loops run at full speed: the cost is one switch per tensor, not per element.
/// While a case is being mutated the enum holds a state-free placeholder, so the concrete
/// optimizer's state arrays stay uniquely referenced and are updated in place (no copy-on-write,
/// no allocation in steady state).
public enum AnyOptimizer<Scalar: DescentFloat>: OptimizerStateExporting {
    /// `W -= α dW`.
    case gradientDescent(GradientDescent<Scalar>)
    /// Course (or classical) momentum.
    case momentum(Momentum<Scalar>)
    /// Nesterov momentum.
    case nesterov(Nesterov<Scalar>)
    /// RMSProp.
    case rmsprop(RMSProp<Scalar>)
    /// Adam (optionally AMSGrad).
    case adam(Adam<Scalar>)
    /// AdamW.
    case adamw(AdamW<Scalar>)
    /// Adagrad.
    case adagrad(Adagrad<Scalar>)

    /// The kind of the wrapped optimizer.
    public var kind: OptimizerKind {
        switch self {
        case .gradientDescent: return .gd
        case .momentum: return .momentum
        case .nesterov: return .nesterov
        case .rmsprop: return .rmsprop
        case .adam: return .adam
        case .adamw: return .adamw
        case .adagrad: return .adagrad
        }
    }

    /// Runs `body` on the wrapped optimizer in place (see the type's documentation).
    mutating func mutate<R, Failure: Error>(_ body: (inout any OptimizerStateExporting<Scalar>) throws(Failure) -> R) throws(Failure) -> R {
        // Only used by the rarely called state functions; the hot path switches directly.
        var wrapped: any OptimizerStateExporting<Scalar>
        switch self {
        case .gradientDescent(let o): wrapped = o
        case .momentum(let o): wrapped = o
        case .nesterov(let o): wrapped = o
        case .rmsprop(let o): wrapped = o
        case .adam(let o): wrapped = o
        case .adamw(let o): wrapped = o
        case .adagrad(let o): wrapped = o
        }
        self = .gradientDescent(GradientDescent())
        defer {
            switch wrapped {
            case let o as GradientDescent<Scalar>: self = .gradientDescent(o)
            case let o as Momentum<Scalar>: self = .momentum(o)
            case let o as Nesterov<Scalar>: self = .nesterov(o)
            case let o as RMSProp<Scalar>: self = .rmsprop(o)
            case let o as Adam<Scalar>: self = .adam(o)
            case let o as AdamW<Scalar>: self = .adamw(o)
            case let o as Adagrad<Scalar>: self = .adagrad(o)
            default: preconditionFailure("AnyOptimizer wraps only the built-in optimizers.")
            }
        }
        return try body(&wrapped)
    }

    /// Starts a step of the wrapped optimizer.
    @inlinable
    public mutating func beginStep() {
        switch self {
        case .gradientDescent(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .gradientDescent(o)
        case .momentum(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .momentum(o)
        case .nesterov(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .nesterov(o)
        case .rmsprop(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .rmsprop(o)
        case .adam(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .adam(o)
        case .adamw(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .adamw(o)
        case .adagrad(var o): self = .gradientDescent(GradientDescent()); o.beginStep(); self = .adagrad(o)
        }
    }

    /// Updates `parameter` with the wrapped optimizer.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        switch self {
        case .gradientDescent(var o):
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .gradientDescent(o)
        case .momentum(var o):
            self = .gradientDescent(GradientDescent())
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .momentum(o)
        case .nesterov(var o):
            self = .gradientDescent(GradientDescent())
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .nesterov(o)
        case .rmsprop(var o):
            self = .gradientDescent(GradientDescent())
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .rmsprop(o)
        case .adam(var o):
            self = .gradientDescent(GradientDescent())
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .adam(o)
        case .adamw(var o):
            self = .gradientDescent(GradientDescent())
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .adamw(o)
        case .adagrad(var o):
            self = .gradientDescent(GradientDescent())
            o.update(&parameter, gradient: gradient, id: id, learningRate: learningRate)
            self = .adagrad(o)
        }
    }

    /// The wrapped optimizer's step counter (Adam's t).
    public var stepCount: Int {
        get { unwrapped.stepCount }
        set {
            mutate { o in o.stepCount = newValue }
        }
    }

    /// The wrapped optimizer's state names.
    public var stateNames: [String] { unwrapped.stateNames }
    /// The wrapped optimizer's state tensors.
    public func exportState() -> [String: Matrix<Scalar>] { unwrapped.exportState() }
    /// Restores the wrapped optimizer's state (see `OptimizerStateExporting`).
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        try mutate { o throws(OptimizerStateError) in try o.importState(state, matching: parameters) }
    }
    /// Resets the wrapped optimizer.
    public mutating func resetState() {
        mutate { o in o.resetState() }
    }

    /// The wrapped optimizer as an existential (for the rarely called, non-numeric members).
    public var unwrapped: any OptimizerStateExporting<Scalar> {
        switch self {
        case .gradientDescent(let o): return o
        case .momentum(let o): return o
        case .nesterov(let o): return o
        case .rmsprop(let o): return o
        case .adam(let o): return o
        case .adamw(let o): return o
        case .adagrad(let o): return o
        }
    }
}
