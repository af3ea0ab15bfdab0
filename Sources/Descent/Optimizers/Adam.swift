import DescentKernelsC
import RealModule

extension Optimizer {
    /// The step of `OptimizerAlgorithm.adam` and `.adamw` (formulas there): first `W *= decayFactor`
    /// (1 for Adam, `1 − αλ` for AdamW's decoupled weight decay), then the Adam update, fused in
    /// one pass over the tensor.
    @inlinable
    mutating func adamStep(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                           beta1: Scalar, beta2: Scalar, epsilon: Scalar, amsgrad: Bool, decayFactor: Scalar) {
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                     "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
        updateCorrections(beta1: beta1, beta2: beta2)
        let index = id.index
        firstState.prepare(index, like: parameter)
        secondState.prepare(index, like: parameter)
        let count = parameter.count
        let (correction1, correction2) = corrections
        // `x.magnitude.squareRoot()`, here and in RMSProp and Adagrad:
        // On Linux, `Float.squareRoot()` / `Double.squareRoot()` lower to the C `sqrtf` / `sqrt` with
        // errno semantics: LLVM emits `sqrtss` guarded by a branch that calls libm for negative inputs,
        // and that branch keeps the loop from being optimized (measured 4.2 ns per parameter for an
        // RMSProp step in Float on a 670k-parameter network). The second-moment values are ≥ 0 or NaN, so
        // `.magnitude` does not change them (−0 becomes +0, and √(±0) + ε = ε either way), but it tells
        // LLVM the argument cannot be negative, which removes the branch: 0.7 ns (Adam: 8.3 → 1.3 ns), with
        // bit-identical results.
        if amsgrad { thirdState.prepare(index, like: parameter) }
        firstState.tensors[index].elements.withUnsafeMutableBufferPointer { v in
        secondState.tensors[index].elements.withUnsafeMutableBufferPointer { s in
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
                thirdState.tensors[index].elements.withUnsafeMutableBufferPointer { update(sMax: $0.baseAddress!) }
            } else {
                update(sMax: nil)
            }
        }}}}
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
    /// `range` (see `OptimizerAlgorithm.adam` for the order of operations and the `.magnitude`), with the AVX2 C loop
    /// when the processor has it, `vectorized` is true and there is no `sMax`.
    @inlinable
    func run(_ range: Range<Int>, vectorized: Bool = GEMMInstructionSet.processorHasAVX2) {
        if vectorized && sMax == nil && (Scalar.self == Float.self || Scalar.self == Double.self) {
            runVectorized(range)
            return
        }
        let applyDecay = decayFactor != 1
        let v = self.v, s = self.s, sMax = self.sMax, w = self.w, g = self.g
        let correction1 = self.correction1, correction2 = self.correction2, epsilon = self.epsilon
        let learningRate = self.learningRate, decayFactor = self.decayFactor
        let moments = AdamMoments(v: v, beta1: beta1, beta2: beta2)
        for i in range {
            var (first, second) = moments.update(i, g: g, s: s)
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

/// Adam's two moments of one tensor (Adam, AdamW, NAdam, RAdam): `v = β1 v + (1 − β1) g` and
/// `s = β2 s + (1 − β2) g²`, element by element, in numpy's order of operations.
@usableFromInline
struct AdamMoments<Scalar: DescentFloat> {
    /// The first moments `v` of the tensor.
    @usableFromInline let v: UnsafeMutablePointer<Scalar>
    @usableFromInline let beta1: Scalar, oneMinusBeta1: Scalar, beta2: Scalar, oneMinusBeta2: Scalar

    @inlinable
    init(v: UnsafeMutablePointer<Scalar>, beta1: Scalar, beta2: Scalar) {
        self.v = v
        self.beta1 = beta1; self.oneMinusBeta1 = 1 - beta1
        self.beta2 = beta2; self.oneMinusBeta2 = 1 - beta2
    }

    /// Updates element `i`'s moments from `g[i]` (the second moments at `s`) and returns them.
    @inlinable @inline(__always)
    func update(_ i: Int, g: UnsafePointer<Scalar>, s: UnsafeMutablePointer<Scalar>) -> (first: Scalar, second: Scalar) {
        let gi = g[i]
        let first = beta1 * v[i] + oneMinusBeta1 * gi
        v[i] = first
        let second = beta2 * s[i] + oneMinusBeta2 * (gi * gi)
        s[i] = second
        return (first, second)
    }
}

extension Hyperparameter {
    /// Adam's and AdamW's AMSGrad variant (a flag).
    static let amsgrad = Hyperparameter("amsgrad", option: "amsgrad", kind: .flag, default: 0, help: "use the AMSGrad maximum of the second moment")
}

extension OptimizerAlgorithm {
    /// The optimizer of a run on a file of the user's that names none (scikit-learn's choice).
    public static var fileDefault: OptimizerAlgorithm { .adam() }
}

extension OptimizerDescriptor {
    /// `adam`: β1 0.9, β2 0.999, ε 1e-8; state `v`, `s` (and `sMax` with AMSGrad).
    static let adam = OptimizerDescriptor(
        name: "adam", parameters: [.beta1, .beta2, .epsilon, .amsgrad], adaptive: true,
        states: { $0["amsgrad"]! != 0 ? ["v", "s", "sMax"] : ["v", "s"] },
        make: { .adam(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!, amsgrad: $0["amsgrad"]! != 0) }
    ) {
        if case .adam(let beta1, let beta2, let epsilon, let amsgrad) = $0 {
            ["beta1": beta1, "beta2": beta2, "epsilon": epsilon, "amsgrad": amsgrad ? 1 : 0]
        } else { nil }
    }

    /// `adamw`: as `adam`, with decoupled weight decay λ 0.01 on the weights (and the biases with `decaysBiases`).
    static let adamw = OptimizerDescriptor(
        name: "adamw",
        parameters: [.beta1, .beta2, .epsilon,
                     Hyperparameter("weightDecay", option: "weight-decay", default: 0.01, help: "the decoupled weight decay λ",
                                    requirement: HyperparameterCheck.nonNegative),
                     .amsgrad,
                     Hyperparameter("decaysBiases", option: "decay-biases", kind: .flag, default: 0,
                                    help: "decay biases too (default: weights only, as the course regularizes)")],
        adaptive: true, states: { $0["amsgrad"]! != 0 ? ["v", "s", "sMax"] : ["v", "s"] },
        make: {
            .adamw(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!, weightDecay: $0["weightDecay"]!,
                   amsgrad: $0["amsgrad"]! != 0, decaysBiases: $0["decaysBiases"]! != 0)
        }
    ) {
        if case .adamw(let beta1, let beta2, let epsilon, let weightDecay, let amsgrad, let decaysBiases) = $0 {
            ["beta1": beta1, "beta2": beta2, "epsilon": epsilon, "weightDecay": weightDecay, "amsgrad": amsgrad ? 1 : 0,
             "decaysBiases": decaysBiases ? 1 : 0]
        } else { nil }
    }
}
