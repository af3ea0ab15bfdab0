import RealModule

/// A running optimizer: an `OptimizerAlgorithm`, the step counter and the per-tensor state it keeps
/// (velocities, moments), in precision `Scalar`.
///
/// A training step calls `beginStep()` once, then `update(_:gradient:id:learningRate:)` for every
/// parameter tensor in the order W1, b1, W2, b2, …. Per-tensor state is created at the first update
/// of each tensor, sized like the parameter, and updated in place afterwards, so a steady-state
/// step allocates nothing. Each update switches once over the algorithm and runs that optimizer's
/// element-wise kernel (in the optimizer's own file); tensors of 16,384 elements or more are
/// updated in two halves on two threads, with bit-identical results.
///
/// The state can be saved in a checkpoint and restored (`exportState`, `importState`), so a resumed
/// run continues exactly where it stopped. State tensors are keyed `"<name>.<parameter>"` —
/// `"v.W1"`, `"s.b2"`, `"sMax.W3"` — with the names of `OptimizerAlgorithm.stateNames`. The step
/// count t of the bias corrections is `stepCount`, stored next to the tensors by the caller; the
/// course's tests that run one step at t = 2 from zero moments are reproduced by `stepCount = 1`
/// before `beginStep()`.
public struct Optimizer<Scalar: DescentFloat>: Sendable {
    /// The update rule and its hyperparameters.
    public let algorithm: OptimizerAlgorithm
    /// The number of `beginStep()` calls so far (t after the call; 0 for a fresh optimizer).
    public var stepCount: Int
    /// The per-tensor state of `algorithm.stateNames[0]` (a velocity or first moment `v`, or a
    /// squared-gradient average `s`: each descriptor names what its slots hold).
    @usableFromInline var firstState = TensorStates<Scalar>()
    /// The per-tensor state of `algorithm.stateNames[1]` (a second moment `s`, an infinity norm `u`, …).
    @usableFromInline var secondState = TensorStates<Scalar>()
    /// The per-tensor state of `algorithm.stateNames[2]` (a running maximum `sMax` of `s`).
    @usableFromInline var thirdState = TensorStates<Scalar>()
    /// NAdam's running product of its momentum schedule.
    @usableFromInline var nadamSchedule = NAdamSchedule()
    /// RAdam's r_t (`nil`: not rectified) for step `step`, computed once per step (−1: none yet).
    @usableFromInline var rectification: (step: Int, value: Double?) = (-1, nil)
    /// Adam's bias corrections `(1 − β1^t, 1 − β2^t)` for step `correctionStep`, computed once per
    /// step rather than once per tensor (`pow` is not free at the course's tiny sizes).
    @usableFromInline var corrections: (first: Scalar, second: Scalar) = (1, 1)
    /// The t that `corrections` belongs to (−1: none yet).
    @usableFromInline var correctionStep = -1

    /// A fresh optimizer running `algorithm`, which must be valid (`OptimizerAlgorithm.validate()`;
    /// `init(name:…)` and decoding validate).
    @inlinable
    public init(_ algorithm: OptimizerAlgorithm) {
        do { try algorithm.validate() } catch { preconditionFailure("\(error)") }
        self.algorithm = algorithm
        self.stepCount = 0
    }

    /// Starts a new update step (`t += 1`): called once before the tensors of a step are updated.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Updates `parameter` in place from its `gradient` with the step size `learningRate`, and the
    /// state of `id` with it (see the formula of each `OptimizerAlgorithm` case).
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        switch algorithm {
        case .gradientDescent:
            precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                         "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
            // w + (−α)·g is bit for bit w − α·g: negation is exact and IEEE defines x − y as x + (−y).
            parameter.add(gradient, scaledBy: -learningRate)
        case .momentum(let beta, let classical):
            let beta = Scalar(beta)
            firstState.update(id, parameter: &parameter, gradient: gradient, rule: MomentumUpdate(
                beta: beta, gradientWeight: classical ? 1 : 1 - beta, learningRate: learningRate))
        case .nesterov(let momentum):
            firstState.update(id, parameter: &parameter, gradient: gradient,
                              rule: NesterovUpdate(momentum: Scalar(momentum), learningRate: learningRate))
        case .rmsprop(let beta, let epsilon):
            let beta = Scalar(beta)
            firstState.update(id, parameter: &parameter, gradient: gradient, rule: SquaredGradientUpdate(
                decay: beta, gradientWeight: 1 - beta, epsilon: Scalar(epsilon), learningRate: learningRate))
        case .adam(let beta1, let beta2, let epsilon, let amsgrad):
            adamStep(&parameter, gradient: gradient, id: id, learningRate: learningRate, beta1: Scalar(beta1), beta2: Scalar(beta2),
                     epsilon: Scalar(epsilon), amsgrad: amsgrad, decayFactor: 1)
        case .adamw(let beta1, let beta2, let epsilon, let weightDecay, let amsgrad, let decaysBiases):
            let decays = id.kind == .weight || decaysBiases
            adamStep(&parameter, gradient: gradient, id: id, learningRate: learningRate, beta1: Scalar(beta1), beta2: Scalar(beta2),
                     epsilon: Scalar(epsilon), amsgrad: amsgrad, decayFactor: decays ? 1 - learningRate * Scalar(weightDecay) : 1)
        case .adagrad(let epsilon, let initialAccumulator):
            // decay 1 and weight 1: 1·s + 1·dW² is bit for bit s + dW².
            firstState.update(id, parameter: &parameter, gradient: gradient, initialValue: Scalar(initialAccumulator),
                           rule: SquaredGradientUpdate(decay: 1, gradientWeight: 1, epsilon: Scalar(epsilon), learningRate: learningRate))
        case .adamax(let beta1, let beta2, let epsilon):
            updateCorrections(beta1: Scalar(beta1), beta2: Scalar(beta2))
            let stepSize = learningRate / corrections.first
            secondState.update(id, parameter: &parameter, gradient: gradient, alongside: &firstState) { v in
                AdamaxUpdate(first: v, beta1: Scalar(beta1), beta2: Scalar(beta2), epsilon: Scalar(epsilon), stepSize: stepSize)
            }
        case .nadam(let beta1, let beta2, let epsilon):
            updateCorrections(beta1: Scalar(beta1), beta2: Scalar(beta2))
            let steps = nadamSchedule.stepSizes(beta1: beta1, step: stepCount, learningRate: Double(learningRate))
            let correction2 = corrections.second
            secondState.update(id, parameter: &parameter, gradient: gradient, alongside: &firstState) { v in
                NAdamUpdate(moments: AdamMoments(v: v, beta1: Scalar(beta1), beta2: Scalar(beta2)), epsilon: Scalar(epsilon),
                            correction2: correction2, gradientStep: Scalar(steps.gradient), momentStep: Scalar(steps.moment))
            }
        case .radam(let beta1, let beta2, let epsilon):
            updateCorrections(beta1: Scalar(beta1), beta2: Scalar(beta2))
            if rectification.step != stepCount {
                rectification = (stepCount, RAdamUpdate<Scalar>.rectification(beta2: beta2, step: stepCount))
            }
            let (correction1, correction2) = corrections
            let rectifiedStep = rectification.value.map { learningRate * Scalar($0) }
            secondState.update(id, parameter: &parameter, gradient: gradient, alongside: &firstState) { v in
                RAdamUpdate(moments: AdamMoments(v: v, beta1: Scalar(beta1), beta2: Scalar(beta2)), epsilon: Scalar(epsilon),
                            correction1: correction1, rootCorrection2: correction2.squareRoot(), rectifiedStep: rectifiedStep,
                            learningRate: learningRate)
            }
        case .adadelta(let rho, let epsilon):
            firstState.update(id, parameter: &parameter, gradient: gradient, alongside: &secondState) { d in
                AdadeltaUpdate(updates: d, rho: Scalar(rho), epsilon: Scalar(epsilon), learningRate: learningRate)
            }
        }
    }

    /// Sets `corrections` to `(1 − β1^t, 1 − β2^t)` for this step, once per step.
    @inlinable
    mutating func updateCorrections(beta1: Scalar, beta2: Scalar) {
        precondition(stepCount >= 1, "Call beginStep() before the updates of a step (t starts at 1).")
        if correctionStep != stepCount {
            let t = Scalar(stepCount)
            corrections = (1 - Scalar.pow(beta1, t), 1 - Scalar.pow(beta2, t))
            correctionStep = stepCount
        }
    }

    /// The names of the state this optimizer keeps (`algorithm.stateNames`).
    public var stateNames: [String] { algorithm.stateNames }

    /// The state tensors of `name`, one of `stateNames`: slot k holds `stateNames[k]`.
    private subscript(state name: String) -> TensorStates<Scalar> {
        get {
            switch stateNames.firstIndex(of: name) {
            case 0: firstState
            case 1: secondState
            default: thirdState
            }
        }
        set {
            switch stateNames.firstIndex(of: name) {
            case 0: firstState = newValue
            case 1: secondState = newValue
            default: thirdState = newValue
            }
        }
    }

    /// Every state tensor created so far, keyed `"v.W1"`, `"s.b2"`, …; empty before the first update.
    public func exportState() -> [String: Matrix<Scalar>] {
        var state: [String: Matrix<Scalar>] = [:]
        for name in stateNames { state.merge(self[state: name].exported(as: name)) { a, _ in a } }
        return state
    }

    /// Replaces the per-tensor state by `state` (as `exportState()` produced it) after checking it
    /// against the network's parameters, given in the order W1, b1, W2, b2, …. An empty `state`
    /// resets the state to "not yet created" (it starts at its initial value at the next update);
    /// otherwise every name × parameter key must be present with the parameter's shape and finite
    /// values. `stepCount` is not touched.
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        let decoded = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)
        for (name, tensors) in zip(stateNames, decoded) { self[state: name] = tensors }
    }

    /// Forgets every state tensor and sets `stepCount` to 0: the optimizer starts afresh.
    public mutating func resetState() {
        firstState = TensorStates(); secondState = TensorStates(); thirdState = TensorStates()
        nadamSchedule = NAdamSchedule()
        rectification = (-1, nil)
        correctionStep = -1
        stepCount = 0
    }
}
