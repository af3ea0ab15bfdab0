import RealModule

/// NAdam (Dozat, 2016), Adam with Nesterov momentum, as PyTorch `NAdam` and Keras `Nadam` compute
/// it, with the momentum schedule μ_t = β1(1 − ½·0.96^(0.004·t)) and Π_t = μ_1 ⋯ μ_t:
///
///     v = β1 v + (1 − β1) dW;     s = β2 s + (1 − β2) dW²;     d = √(s / (1 − β2^t)) + ε
///     W -= α(1 − μ_t)/(1 − Π_t) · dW/d + α μ_{t+1}/(1 − Π_t μ_{t+1}) · v/d
///
/// PyTorch's default rate is 0.002. State `v`, `s`; Π_t is kept from step to step (a function of t).
public struct NAdam: OptimizerRule, MomentRule {
    /// β1, the decay of the first moment (and the scale of the momentum schedule).
    public var beta1: Double
    /// β2, the decay of the second moment.
    public var beta2: Double
    /// ε, added outside the root.
    public var epsilon: Double
    /// The bias corrections of the current step.
    var corrections = BiasCorrections()
    /// The momentum schedule's running product Π_t.
    var schedule = NAdamSchedule()

    /// NAdam with β1, β2 and ε.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
    }

    /// `nadam`: β1 0.9, β2 0.999, ε 1e-8.
    public static let descriptor = momentDescriptor(name: "nadam")

    /// The moments `v` and `s`.
    public var stateNames: [String] { ["v", "s"] }

    mutating func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                              step: Int, state: inout OptimizerSlots<Scalar>) {
        let (_, correction2): (Scalar, Scalar) = corrections.values(beta1: beta1, beta2: beta2, step: step)
        let steps = schedule.stepSizes(beta1: beta1, step: step, learningRate: Double(learningRate))
        let beta1 = Scalar(beta1), beta2 = Scalar(beta2), epsilon = Scalar(epsilon)
        state.update(id, parameter: &parameter, gradient: gradient, slots: 2) { slots in
            NAdamUpdate(moments: RunningMoments(v: slots[0], beta1: beta1, beta2: beta2), s: slots[1], epsilon: epsilon,
                        correction2: correction2, gradientStep: Scalar(steps.gradient), momentStep: Scalar(steps.moment))
        }
    }
}

/// `v = β1 v + (1 − β1) dW;  s = β2 s + (1 − β2) dW²;  d = √(s / (1 − β2^t)) + ε;
/// W -= c_g · dW / d + c_v · v / d` element-wise; `c_g` and `c_v` come from `NAdamSchedule`.
@usableFromInline
struct NAdamUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The moments: `v` there, `s` here.
    @usableFromInline let moments: RunningMoments<Scalar>
    @usableFromInline let s: UnsafeMutablePointer<Scalar>
    @usableFromInline let epsilon: Scalar, correction2: Scalar, gradientStep: Scalar, momentStep: Scalar

    @inlinable
    init(moments: RunningMoments<Scalar>, s: UnsafeMutablePointer<Scalar>, epsilon: Scalar, correction2: Scalar, gradientStep: Scalar,
         momentStep: Scalar) {
        self.moments = moments; self.s = s; self.epsilon = epsilon; self.correction2 = correction2
        self.gradientStep = gradientStep; self.momentStep = momentStep
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let moments = moments, s = s, epsilon = epsilon, correction2 = correction2, gradientStep = gradientStep, momentStep = momentStep
        for i in range {
            let (moment, square) = moments.update(i, g: g, s: s)
            // `.magnitude` is a no-op on s ≥ 0 that lets LLVM drop sqrt's errno branch (see Moments.swift).
            let denominator = (square / correction2).magnitude.squareRoot() + epsilon
            w[i] = w[i] - gradientStep * (g[i] / denominator) - momentStep * (moment / denominator)
        }
    }
}

/// NAdam's momentum schedule (Dozat 2016, as PyTorch and Keras compute it): μ_t = β1(1 − ½·0.96^(ψt))
/// with ψ = 0.004, and the running product Π_t = μ_1 ⋯ μ_t, kept from step to step (and recomputed
/// after a jump, as when a checkpoint is restored: it is a function of t alone). The step's factors
/// are computed once per step, not once per tensor.
@usableFromInline
struct NAdamSchedule: Sendable {
    /// ψ, PyTorch's `momentum_decay` (Keras's fixed 0.004).
    @usableFromInline static let momentumDecay = 0.004
    /// The step `product` and `factors` belong to (0: none, the empty product 1).
    @usableFromInline var step = 0
    /// Π_step.
    @usableFromInline var product = 1.0
    /// Step `step`'s (1 − μ_t, 1 − Π_t, μ_{t+1}, 1 − Π_t μ_{t+1}).
    @usableFromInline var factors: (gradient: Double, gradientDivisor: Double, moment: Double, momentDivisor: Double) = (0, 1, 0, 1)

    @inlinable init() {}

    /// μ_t.
    @inlinable
    static func mu(beta1: Double, step: Int) -> Double {
        beta1 * (1 - 0.5 * Double.pow(0.96, Double(step) * momentumDecay))
    }

    /// The two step sizes of step t at learning rate α: `α(1 − μ_t) / (1 − Π_t)` for the gradient
    /// and `α μ_{t+1} / (1 − Π_t μ_{t+1})` for the first moment (PyTorch's `_single_tensor_nadam`).
    @inlinable
    mutating func stepSizes(beta1: Double, step t: Int, learningRate: Double) -> (gradient: Double, moment: Double) {
        if step != t {
            if step != t - 1 { (step, product) = (0, 1) }
            while step < t {
                step += 1
                product *= Self.mu(beta1: beta1, step: step)
            }
            let current = Self.mu(beta1: beta1, step: t), next = Self.mu(beta1: beta1, step: t + 1)
            factors = (1 - current, 1 - product, next, 1 - product * next)
        }
        return (learningRate * factors.gradient / factors.gradientDivisor, learningRate * factors.moment / factors.momentDivisor)
    }
}

extension OptimizerAlgorithm {
    /// NAdam (`NAdam`, formula there).
    public static func nadam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) -> OptimizerAlgorithm {
        OptimizerAlgorithm(NAdam(beta1: beta1, beta2: beta2, epsilon: epsilon))
    }
}
