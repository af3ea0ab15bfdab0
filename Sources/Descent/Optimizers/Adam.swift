import DescentKernelsC

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
public struct Adam: OptimizerRule, PrecisionGenericRule {
    /// β1, the decay of the first moment.
    public var beta1: Double
    /// β2, the decay of the second moment.
    public var beta2: Double
    /// ε, added outside the root.
    public var epsilon: Double
    /// Whether the denominator uses the running maximum `sMax` of the second moment (AMSGrad).
    public var amsgrad: Bool
    /// The bias corrections of the current step.
    var corrections = BiasCorrections()

    /// Adam with β1, β2, ε, and AMSGrad's maximum if `amsgrad`.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, amsgrad: Bool = false) {
        (self.beta1, self.beta2, self.epsilon, self.amsgrad) = (beta1, beta2, epsilon, amsgrad)
    }

    /// `adam`: β1 0.9, β2 0.999, ε 1e-8.
    public static let descriptor = OptimizerDescriptor(name: "adam", parameters: [.beta1, .beta2, .epsilon, .amsgrad], adaptive: true) {
        Adam(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!, amsgrad: $0["amsgrad"]! != 0)
    }

    public var values: [String: Double] { ["beta1": beta1, "beta2": beta2, "epsilon": epsilon, "amsgrad": amsgrad ? 1 : 0] }
    /// The moments `v` and `s`, and with AMSGrad the maximum `sMax`.
    public var stateNames: [String] { AdamKernel<Double>.stateNames(amsgrad: amsgrad) }

    mutating func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                              step: Int, state: inout OptimizerSlots<Scalar>) {
        AdamKernel.update(&parameter, gradient: gradient, id: id, state: &state, step: step, corrections: &corrections, beta1: beta1, beta2: beta2,
                          epsilon: epsilon, amsgrad: amsgrad, learningRate: learningRate, decayFactor: 1)
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
    /// The first moment, the second moment, the weights.
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

    /// The state the update keeps: the moments `v` and `s`, and with AMSGrad their maximum `sMax`.
    static func stateNames(amsgrad: Bool) -> [String] { amsgrad ? ["v", "s", "sMax"] : ["v", "s"] }

    /// The update of `Adam` and `AdamW` (formulas there): first `W *= decayFactor` (1 for Adam,
    /// `1 − αλ` for AdamW's decoupled weight decay), then the Adam update, fused in one pass over
    /// the tensor, in the slots `v`, `s` (and `sMax` with AMSGrad), with the bias corrections of
    /// step `step` from `corrections`.
    static func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, state: inout OptimizerSlots<Scalar>,
                       step: Int, corrections: inout BiasCorrections, beta1: Double, beta2: Double, epsilon: Double, amsgrad: Bool,
                       learningRate: Scalar, decayFactor: Scalar) {
        let (correction1, correction2): (Scalar, Scalar) = corrections.values(beta1: beta1, beta2: beta2, step: step)
        let beta1 = Scalar(beta1), beta2 = Scalar(beta2), epsilon = Scalar(epsilon)
        state.withElements(id, parameter: &parameter, gradient: gradient, slots: amsgrad ? 3 : 2) { w, g, slots, count in
            let kernel = AdamKernel(
                count: count, v: slots[0], s: slots[1], sMax: amsgrad ? slots[2] : nil, w: w, g: g,
                beta1: beta1, beta2: beta2, correction1: correction1, correction2: correction2, epsilon: epsilon,
                learningRate: learningRate, decayFactor: decayFactor)
            // Element-wise, so two halves on two threads give bit-identical results.
            TwoThreadRunner.run(kernel, work: count, threshold: TensorStates<Scalar>.parallelThreshold)
        }
    }

    /// Half `part` of the elements (the first half a multiple of 16, so both start aligned alike).
    @inlinable
    func run(part: Int) { run(TwoThreadRunner.half(part, of: count, quantum: 16)) }

    /// `v = β1 v + (1 − β1) g; s = β2 s + (1 − β2) g²; (sMax = max(sMax, s);)
    /// W = W·decay − (α v/c1) / (√(s/c2) + ε)` (sMax in place of s with AMSGrad) for the elements in
    /// `range` (see `Adam` for the order of operations, Moments.swift for the `.magnitude`), with
    /// the AVX2 C loop when the processor has it, `vectorized` is true and there is no `sMax`.
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
        let moments = RunningMoments(v: v, beta1: beta1, beta2: beta2)
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

extension Hyperparameter {
    /// AMSGrad's running maximum of the second moment (a flag; `Adam` and `AdamW` take it).
    static let amsgrad = Hyperparameter("amsgrad", option: "amsgrad", kind: .flag, default: 0, help: "use the AMSGrad maximum of the second moment")
}

extension OptimizerAlgorithm {
    /// Adam (`Adam`, formula there).
    public static func adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, amsgrad: Bool = false) -> OptimizerAlgorithm {
        OptimizerAlgorithm(Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad))
    }

    /// The optimizer of a run on a file of the user's that names none (scikit-learn's choice).
    public static var fileDefault: OptimizerAlgorithm { .adam() }
}
