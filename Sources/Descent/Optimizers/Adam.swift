import DescentKernelsC
import RealModule

/// Adam, exactly as the course's `update_parameters_with_adam` computes it:
///
///     t += 1                                  (in beginStep(): t counts steps over the whole run)
///     v = β1 v + (1 − β1) dW;     v̂ = v / (1 − β1^t)
///     s = β2 s + (1 − β2) dW²;    ŝ = s / (1 − β2^t)
///     W -= α v̂ / (√ŝ + ε)                    (ε outside the square root; v, s start at zero)
///
/// The arithmetic is done in numpy's order, `W - (α·v̂) / (√ŝ + ε)`, so results agree with the
/// course to the last bits. Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 (course, PyTorch, mlx-swift).
/// PyTorch's Adam is the same formula; Keras and sklearn fold the bias correction into the step
/// size, which amounts to ε·√(1 − β2^t) in this form.
///
/// With `amsgrad`, the denominator uses the running maximum of the (uncorrected) second moment,
/// as PyTorch does: `sMax = max(sMax, s); W -= α v̂ / (√(sMax / (1 − β2^t)) + ε)`. (PyTorch
/// writes the root as √sMax / √(1 − β2^t); Keras takes the same maximum over the uncorrected s.)
///
/// `t` is `stepCount`; to continue from a saved state set `stepCount` and call `importState`.
public struct Adam<Scalar: DescentFloat>: OptimizerStateExporting {
    /// β1: the decay of the first moment (the momentum term).
    public var beta1: Scalar
    /// β2: the decay of the second moment (the RMSProp term).
    public var beta2: Scalar
    /// ε, added to √ŝ.
    public var epsilon: Scalar
    /// Whether the AMSGrad variant (running maximum of s) is used.
    public var amsgrad: Bool
    /// t: the number of `beginStep()` calls so far.
    public var stepCount: Int
    /// `v` per parameter, created as zeros at the first update.
    @usableFromInline var firstMoments: TensorStates<Scalar>
    /// The bias corrections `(1 − β1^t, 1 − β2^t)` for `correctionKey`, computed once per step
    /// rather than once per tensor (`pow` is not free at the course's tiny sizes).
    @usableFromInline var corrections: (first: Scalar, second: Scalar) = (1, 1)
    /// The `(t, β1, β2)` that `corrections` belongs to (t = −1: none yet).
    @usableFromInline var correctionKey: (step: Int, beta1: Scalar, beta2: Scalar) = (-1, 0, 0)
    /// `s` per parameter, created as zeros at the first update.
    @usableFromInline var secondMoments: TensorStates<Scalar>
    /// `sMax` per parameter (AMSGrad only), created as zeros at the first update.
    @usableFromInline var maximumSecondMoments: TensorStates<Scalar>

    /// Adam with the course's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 and, optionally, AMSGrad.
    @inlinable
    public init(beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8, amsgrad: Bool = false) {
        precondition(beta1 >= 0 && beta1 < 1, "Adam's beta1 must lie in [0, 1).")
        precondition(beta2 >= 0 && beta2 < 1, "Adam's beta2 must lie in [0, 1).")
        precondition(epsilon > 0, "Adam's epsilon must be positive.")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.stepCount = 0
        self.firstMoments = TensorStates()
        self.secondMoments = TensorStates()
        self.maximumSecondMoments = TensorStates()
    }

    /// `t += 1`.
    @inlinable
    public mutating func beginStep() { stepCount += 1 }

    /// Updates v and s of `id` and then `parameter`, in one pass.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar) {
        step(&parameter, gradient: gradient, id: id, learningRate: learningRate, decayFactor: 1)
    }

    /// The Adam step of `Adam` and `AdamW`: first `W *= decayFactor` (1 for Adam, `1 − αλ` for
    /// AdamW's decoupled weight decay), then the Adam update, fused in one pass over the tensor.
    @inlinable
    mutating func step(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID,
                       learningRate: Scalar, decayFactor: Scalar) {
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                     "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
        precondition(stepCount >= 1, "Call beginStep() before the updates of a step (Adam's t starts at 1).")
        let index = id.index
        firstMoments.prepare(index, like: parameter)
        secondMoments.prepare(index, like: parameter)
        let count = parameter.count
        let beta1 = self.beta1, beta2 = self.beta2, epsilon = self.epsilon
        if correctionKey.step != stepCount || correctionKey.beta1 != beta1 || correctionKey.beta2 != beta2 {
            let t = Scalar(stepCount)
            corrections = (1 - Scalar.pow(beta1, t), 1 - Scalar.pow(beta2, t))
            correctionKey = (stepCount, beta1, beta2)
        }
        let (correction1, correction2) = corrections
        // `x.magnitude.squareRoot()`, here and in RMSProp and Adagrad:
        // On Linux, `Float.squareRoot()` / `Double.squareRoot()` lower to the C `sqrtf` / `sqrt` with
        // errno semantics: LLVM emits `sqrtss` guarded by a branch that calls libm for negative inputs,
        // and that branch keeps the loop from being optimized (measured 4.2 ns per parameter for an
        // RMSProp step in Float on a 670k-parameter network). The second-moment values are ≥ 0 or NaN, so
        // `.magnitude` does not change them (−0 becomes +0, and √(±0) + ε = ε either way), but it tells
        // LLVM the argument cannot be negative, which removes the branch: 0.7 ns (Adam: 8.3 → 1.3 ns), with
        // bit-identical results.
        if amsgrad { maximumSecondMoments.prepare(index, like: parameter) }
        firstMoments.tensors[index].elements.withUnsafeMutableBufferPointer { v in
        secondMoments.tensors[index].elements.withUnsafeMutableBufferPointer { s in
        parameter.elements.withUnsafeMutableBufferPointer { w in
        gradient.elements.withUnsafeBufferPointer { g in
            func update(sMax: UnsafeMutablePointer<Scalar>?) {
                let kernel = AdamKernel(
                    count: count, v: v.baseAddress!, s: s.baseAddress!, sMax: sMax, w: w.baseAddress!, g: g.baseAddress!,
                    beta1: beta1, beta2: beta2, correction1: correction1, correction2: correction2, epsilon: epsilon,
                    learningRate: learningRate, decayFactor: decayFactor)
                // Element-wise, so two halves on two threads give bit-identical results.
                TwoThreadRunner.run(kernel, work: count, threshold: TensorStates<Scalar>.parallelThreshold)
            }
            if amsgrad {
                maximumSecondMoments.tensors[index].elements.withUnsafeMutableBufferPointer { update(sMax: $0.baseAddress!) }
            } else {
                update(sMax: nil)
            }
        }}}}
    }

    /// `["v", "s"]`, plus `"sMax"` with AMSGrad.
    public var stateNames: [String] { amsgrad ? ["v", "s", "sMax"] : ["v", "s"] }
    /// `"v.W1"`, `"s.W1"`, (`"sMax.W1"`), … for every tensor created so far.
    public func exportState() -> [String: Matrix<Scalar>] {
        var state = firstMoments.exported(as: "v").merging(secondMoments.exported(as: "s")) { a, _ in a }
        if amsgrad { state.merge(maximumSecondMoments.exported(as: "sMax")) { a, _ in a } }
        return state
    }
    /// Restores v, s (and sMax) (see `OptimizerStateExporting`); `stepCount` (t) is set separately.
    public mutating func importState(_ state: [String: Matrix<Scalar>], matching parameters: [Matrix<Scalar>]) throws(OptimizerStateError) {
        let decoded = try OptimizerStateCoding.decode(state, names: stateNames, parameters: parameters)
        firstMoments = decoded[0]
        secondMoments = decoded[1]
        maximumSecondMoments = amsgrad ? decoded[2] : TensorStates()
    }
    /// Forgets every moment and sets t to 0.
    public mutating func resetState() {
        firstMoments = TensorStates(); secondMoments = TensorStates(); maximumSecondMoments = TensorStates()
        stepCount = 0
    }
}

/// The fused Adam/AdamW (and AMSGrad, with `sMax`) update of one tensor over a range of elements, on
/// raw buffers so that a large tensor can be split over two threads (`TensorStates.parallelThreshold`
/// elements or more, `TwoThreadRunner`). Without AMSGrad and with AVX2 it runs the C loop
/// `descent_adam_f32` / `descent_adam_f64` (bit-identical, 8 or 4 lanes).
@usableFromInline
struct AdamKernel<Scalar: DescentFloat>: SplitTask {
    /// The number of elements of the tensor.
    @usableFromInline let count: Int
    @usableFromInline let v: UnsafeMutablePointer<Scalar>, s: UnsafeMutablePointer<Scalar>, w: UnsafeMutablePointer<Scalar>
    /// AMSGrad's running maximum of s; nil for plain Adam.
    @usableFromInline let sMax: UnsafeMutablePointer<Scalar>?
    @usableFromInline let g: UnsafePointer<Scalar>
    @usableFromInline let beta1: Scalar, beta2: Scalar
    @usableFromInline let correction1: Scalar, correction2: Scalar, epsilon: Scalar, learningRate: Scalar, decayFactor: Scalar

    @inlinable
    init(count: Int, v: UnsafeMutablePointer<Scalar>, s: UnsafeMutablePointer<Scalar>, sMax: UnsafeMutablePointer<Scalar>? = nil,
         w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, beta1: Scalar, beta2: Scalar,
         correction1: Scalar, correction2: Scalar, epsilon: Scalar, learningRate: Scalar, decayFactor: Scalar) {
        self.count = count
        self.v = v; self.s = s; self.sMax = sMax; self.w = w; self.g = g
        self.beta1 = beta1; self.beta2 = beta2
        self.correction1 = correction1; self.correction2 = correction2; self.epsilon = epsilon
        self.learningRate = learningRate; self.decayFactor = decayFactor
    }

    /// Half `part` of the elements (the first half a multiple of 16, so both start aligned alike).
    @inlinable
    func run(part: Int) { run(TwoThreadRunner.half(part, of: count, quantum: 16)) }

    /// `v = β1 v + (1 − β1) g; s = β2 s + (1 − β2) g²; (sMax = max(sMax, s);)
    /// W = W·decay − (α v/c1) / (√(s/c2) + ε)` (sMax in place of s with AMSGrad) for the elements in
    /// `range` (see `Adam` for the order of operations and the `.magnitude`), with the AVX2 C loop
    /// when the processor has it, `vectorized` is true and there is no `sMax`.
    @inlinable
    func run(_ range: Range<Int>, vectorized: Bool = GEMMInstructionSet.processorHasAVX2) {
        if vectorized && sMax == nil && (Scalar.self == Float.self || Scalar.self == Double.self) {
            runVectorized(range)
            return
        }
        let applyDecay = decayFactor != 1
        let v = self.v, s = self.s, sMax = self.sMax, w = self.w, g = self.g
        let beta1 = self.beta1, oneMinusBeta1 = 1 - self.beta1, beta2 = self.beta2, oneMinusBeta2 = 1 - self.beta2
        let correction1 = self.correction1, correction2 = self.correction2, epsilon = self.epsilon
        let learningRate = self.learningRate, decayFactor = self.decayFactor
        for i in range {
            let gi = g[i]
            let first = beta1 * v[i] + oneMinusBeta1 * gi
            v[i] = first
            var second = beta2 * s[i] + oneMinusBeta2 * (gi * gi)
            s[i] = second
            if let sMax {
                second = Swift.max(sMax[i], second)
                sMax[i] = second
            }
            let weight = applyDecay ? w[i] * decayFactor : w[i]
            w[i] = weight - (learningRate * (first / correction1)) / ((second / correction2).magnitude.squareRoot() + epsilon)
        }
    }

    /// The C loop over `range` (`Scalar` is `Float` or `Double`).
    @inlinable
    func runVectorized(_ range: Range<Int>) {
        let start = range.lowerBound, count = range.count
        if Scalar.self == Float.self {
            func f(_ x: Scalar) -> Float { unsafeBitCast(x, to: Float.self) }
            func p(_ x: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
                UnsafeMutableRawPointer(x + start).assumingMemoryBound(to: Float.self)
            }
            descent_adam_f32(count, p(v), p(s), p(w), UnsafeRawPointer(g + start).assumingMemoryBound(to: Float.self),
                             f(beta1), f(1 - beta1), f(beta2), f(1 - beta2), f(correction1), f(correction2),
                             f(epsilon), f(learningRate), f(decayFactor))
        } else {
            func f(_ x: Scalar) -> Double { unsafeBitCast(x, to: Double.self) }
            func p(_ x: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Double> {
                UnsafeMutableRawPointer(x + start).assumingMemoryBound(to: Double.self)
            }
            descent_adam_f64(count, p(v), p(s), p(w), UnsafeRawPointer(g + start).assumingMemoryBound(to: Double.self),
                             f(beta1), f(1 - beta1), f(beta2), f(1 - beta2), f(correction1), f(correction2),
                             f(epsilon), f(learningRate), f(decayFactor))
        }
    }
}
