/// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), in PyTorch's order — the decay is
/// applied to the weights before the Adam step of the same iteration:
///
///     W *= 1 − α λ;   then the `Adam` update (v, s, bias correction, ε outside √)
///
/// λ is `weightDecay` (default 0.01, as PyTorch and mlx-swift; Keras uses 0.004). The decay does
/// not depend on the gradient, unlike L2 regularization (`dW += (λ/m) W`), which Adam's per-element
/// scaling would weaken. PyTorch decays every parameter it is given, biases included; the course
/// never regularizes biases, so here biases decay only when `decaysBiases` is true (default false).
/// With λ = 0 (or for a bias when `decaysBiases` is false) the update is exactly `Adam`'s.
public struct AdamW<Scalar: DescentFloat>: OptimizerStateExporting {
    /// The underlying Adam state and hyperparameters.
    @usableFromInline var adam: Adam<Scalar>
    /// λ: the fraction of the weights removed per step, scaled by the learning rate.
    public var weightDecay: Scalar
    /// Whether biases decay too (PyTorch's default behaviour); false keeps the course's convention.
    public var decaysBiases: Bool

    /// AdamW with Adam's defaults (β1 0.9, β2 0.999, ε 1e-8) and `weightDecay` 0.01.
    @inlinable
    public init(beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8, weightDecay: Scalar = 0.01,
                amsgrad: Bool = false, decaysBiases: Bool = false) {
        precondition(weightDecay >= 0, "AdamW's weight decay must be non-negative.")
        self.adam = Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
        self.weightDecay = weightDecay
        self.decaysBiases = decaysBiases
    }

    /// β1, as in `Adam`.
    @inlinable public var beta1: Scalar { get { adam.beta1 } set { adam.beta1 = newValue } }
    /// β2, as in `Adam`.
    @inlinable public var beta2: Scalar { get { adam.beta2 } set { adam.beta2 = newValue } }
    /// ε, as in `Adam`.
    @inlinable public var epsilon: Scalar { get { adam.epsilon } set { adam.epsilon = newValue } }
    /// AMSGrad, as in `Adam`.
    @inlinable public var amsgrad: Bool { get { adam.amsgrad } set { adam.amsgrad = newValue } }
    /// t: the number of `beginStep()` calls so far.
    @inlinable public var stepCount: Int { get { adam.stepCount } set { adam.stepCount = newValue } }

    /// `t += 1`.
    @inlinable
    public mutating func beginStep() { adam.beginStep() }

    /// `W *= 1 − αλ` (unless `id` is a bias and `decaysBiases` is false), then the Adam update, in one pass.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        let decays = id.kind == .weight || decaysBiases
        adam.step(&parameter, gradient: gradient, id: id, learningRate: learningRate,
                  decayFactor: decays ? 1 - learningRate * weightDecay : 1)
    }

    /// As `Adam`: `["v", "s"]`, plus `"sMax"` with AMSGrad.
    public var stateNames: [String] { adam.stateNames }
    /// As `Adam`.
    public func exportState() -> [String: Matrix<Scalar>] { adam.exportState() }
    /// As `Adam`.
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        try adam.importState(state, matching: parameters)
    }
    /// Forgets every moment and sets t to 0.
    public mutating func resetState() { adam.resetState() }
}
