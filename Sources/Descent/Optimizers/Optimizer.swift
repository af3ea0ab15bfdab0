/// A running optimizer: an `OptimizerAlgorithm`'s rule, the step counter and the per-tensor state
/// it keeps (velocities, moments), in precision `Scalar`.
///
/// A training step calls `beginStep()` once, then `update(_:gradient:id:learningRate:)` for every
/// parameter tensor in the order W1, b1, W2, b2, …. Per-tensor state is created at the first update
/// of each tensor, sized like the parameter, and updated in place afterwards, so a steady-state
/// step allocates nothing. Each update is one call of the rule's hook for `Scalar`
/// (`OptimizerRule`), which runs that optimizer's element-wise kernel (in the optimizer's own file);
/// tensors of 16,384 elements or more are updated in two halves on two threads, with bit-identical
/// results.
///
/// The state can be saved in a checkpoint and restored (`exportState`, `importState`), so a resumed
/// run continues exactly where it stopped. State tensors are keyed `"<name>.<parameter>"` —
/// `"v.W1"`, `"s.b2"`, `"sMax.W3"` — with the names of `OptimizerAlgorithm.stateNames`. The step
/// count t of the bias corrections is `stepCount`, stored next to the tensors by the caller; the
/// course's tests that run one step at t = 2 from zero moments are reproduced by `stepCount = 1`
/// before `beginStep()`.
public struct Optimizer<Scalar: DescentFloat>: Sendable {
    /// The update rule: its hyperparameters and the scalars it keeps from step to step.
    @usableFromInline var rule: any OptimizerRule
    /// The number of `beginStep()` calls so far (t after the call; 0 for a fresh optimizer).
    public var stepCount: Int
    /// The per-tensor state, slot k holding `stateNames[k]`.
    @usableFromInline var state = OptimizerSlots<Scalar>()

    /// A fresh optimizer running `algorithm`, which must be valid (`OptimizerAlgorithm.validate()`;
    /// `init(name:…)` and decoding validate).
    @inlinable
    public init(_ algorithm: OptimizerAlgorithm) {
        do { try algorithm.validate() } catch { preconditionFailure("\(error)") }
        self.rule = algorithm.rule
        self.stepCount = 0
    }

    /// The update rule and its hyperparameters.
    public var algorithm: OptimizerAlgorithm { OptimizerAlgorithm(rule) }

    /// Starts a new update step (`t += 1`): called once before the tensors of a step are updated.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Updates `parameter` in place from its `gradient` with the step size `learningRate`, and the
    /// state of `id` with it (see the formula of each rule, e.g. `Adam`).
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        Scalar.update(with: &rule, &parameter, gradient: gradient, id: id, learningRate: learningRate, step: stepCount, state: &state)
    }

    /// The names of the state this optimizer keeps (`algorithm.stateNames`).
    public var stateNames: [String] { rule.stateNames }

    /// Every state tensor created so far, keyed `"v.W1"`, `"s.b2"`, …; empty before the first update.
    public func exportState() -> [String: Matrix<Scalar>] { state.exported(names: stateNames) }

    /// Replaces the per-tensor state by `state` (as `exportState()` produced it) after checking it
    /// against the network's parameters, by identifier (`network[id]` for each `parameterIDs`). An empty `state`
    /// resets the state to "not yet created" (it starts at its initial value at the next update);
    /// otherwise every name × parameter key must be present with the parameter's shape and finite
    /// values. `stepCount` is not touched.
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [ParameterID: Matrix<Scalar>]) throws(OptimizerStateError) {
        let decoded = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)
        self.state = OptimizerSlots()
        for (k, tensors) in decoded.enumerated() { self.state[slot: k] = tensors }
    }

    /// Forgets every state tensor and sets `stepCount` to 0: the optimizer starts afresh.
    public mutating func resetState() {
        state = OptimizerSlots()
        stepCount = 0
    }
}
