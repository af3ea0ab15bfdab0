/// One optimizer's update rule, in the optimizer's own file beside its element-wise kernel and its
/// `OptimizerDescriptor`: its hyperparameters, the scalars it computes once per step (bias
/// corrections 1 − β^t, NAdam's momentum product Π_t, RAdam's rectification r_t from ρ_t), the
/// names of the state it keeps per tensor, and one update hook per precision.
///
/// An `Optimizer` keeps the per-tensor state (`OptimizerSlots`) and the step count t and calls the
/// hook once per parameter tensor: one dynamic call per tensor, into a method that is concrete in
/// `Float` or `Double` (`DescentFloat.update(with:_:gradient:id:learningRate:step:state:)` picks
/// it), so the element loop it runs is specialized and allocates nothing. The rule's per-step
/// scalars are cached by t and are functions of t alone, so a jump in t (a restored checkpoint)
/// recomputes them.
///
/// The built-in rules are the types listed in `OptimizerAlgorithm.descriptors`; an
/// `OptimizerAlgorithm` holds one (`rule`), so `algorithm.rule as? …` reads its typed hyperparameters.
public protocol OptimizerRule: Sendable {
    /// How configurations, files and checkpoints see this optimizer: name, hyperparameters, defaults.
    static var descriptor: OptimizerDescriptor { get }
    /// The hyperparameters by flat field name (a flag as 0 or 1), one for every field of the descriptor.
    var values: [String: Double] { get }
    /// The names of the state kept per parameter tensor, in slot order (checkpoint keys are
    /// `"<name>.<parameter>"`, e.g. `"v.W1"`): at most `OptimizerSlots.capacity`.
    var stateNames: [String] { get }
    /// Updates `parameter` in place from its `gradient` with step size `learningRate` at step
    /// `step` (t ≥ 1, counting every step of the run), and the state of `id` in `state` (slot k
    /// holding `stateNames[k]`).
    mutating func update(_ parameter: inout Matrix<Float>, gradient: Matrix<Float>, id: ParameterID, learningRate: Float, step: Int,
                         state: inout OptimizerSlots<Float>)
    /// The same update in `Double`.
    mutating func update(_ parameter: inout Matrix<Double>, gradient: Matrix<Double>, id: ParameterID, learningRate: Double, step: Int,
                         state: inout OptimizerSlots<Double>)
}

extension Float {
    /// `rule`'s `Float` update (see `DescentFloat`).
    @inlinable
    public static func update(with rule: inout any OptimizerRule, _ parameter: inout Matrix<Float>, gradient: Matrix<Float>, id: ParameterID,
                              learningRate: Float, step: Int, state: inout OptimizerSlots<Float>) {
        rule.update(&parameter, gradient: gradient, id: id, learningRate: learningRate, step: step, state: &state)
    }
}

extension Double {
    /// `rule`'s `Double` update (see `DescentFloat`).
    @inlinable
    public static func update(with rule: inout any OptimizerRule, _ parameter: inout Matrix<Double>, gradient: Matrix<Double>, id: ParameterID,
                              learningRate: Double, step: Int, state: inout OptimizerSlots<Double>) {
        rule.update(&parameter, gradient: gradient, id: id, learningRate: learningRate, step: step, state: &state)
    }
}

/// A rule whose update is written once over the precision: both of `OptimizerRule`'s hooks call
/// `apply`, each specialized for its type. Every built-in rule is one.
protocol PrecisionGenericRule: OptimizerRule {
    /// The update of `OptimizerRule.update(_:gradient:id:learningRate:step:state:)` in `Scalar`.
    mutating func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                              step: Int, state: inout OptimizerSlots<Scalar>)
}

extension PrecisionGenericRule {
    /// `apply` in `Float`.
    public mutating func update(_ parameter: inout Matrix<Float>, gradient: Matrix<Float>, id: ParameterID, learningRate: Float, step: Int,
                                state: inout OptimizerSlots<Float>) {
        apply(&parameter, gradient: gradient, id: id, learningRate: learningRate, step: step, state: &state)
    }

    /// `apply` in `Double`.
    public mutating func update(_ parameter: inout Matrix<Double>, gradient: Matrix<Double>, id: ParameterID, learningRate: Double, step: Int,
                                state: inout OptimizerSlots<Double>) {
        apply(&parameter, gradient: gradient, id: id, learningRate: learningRate, step: step, state: &state)
    }
}
