import RealModule

/// RAdam (Liu et al., 2020), Adam with the variance of its adaptive rate rectified, as PyTorch
/// `RAdam` computes it: with ρ_∞ = 2/(1 − β2) − 1 and ρ_t = ρ_∞ − 2tβ2^t/(1 − β2^t),
///
///     v = β1 v + (1 − β1) dW;     s = β2 s + (1 − β2) dW²;     v̂ = v / (1 − β1^t)
///     ρ_t > 5:  W -= α r_t v̂ √(1 − β2^t) / (√s + ε),  r_t = √((ρ_t−4)(ρ_t−2)ρ_∞ / ((ρ_∞−4)(ρ_∞−2)ρ_t))
///     else:     W -= α v̂                              (the first few steps: momentum only)
///
/// PyTorch's default rate is 0.001. State `v`, `s`; r_t is computed once per step.
public struct RAdam: OptimizerRule, MomentRule {
    /// β1, the decay of the first moment.
    public var beta1: Double
    /// β2, the decay of the second moment.
    public var beta2: Double
    /// ε, added outside the root.
    public var epsilon: Double
    /// The bias corrections of the current step.
    var corrections = BiasCorrections()
    /// r_t (`nil`: not rectified) for step `step` (0: none yet).
    var rectification: (step: Int, value: Double?) = (0, nil)

    /// RAdam with β1, β2 and ε.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
    }

    /// `radam`: β1 0.9, β2 0.999, ε 1e-8.
    public static let descriptor = momentDescriptor(name: "radam")

    /// The moments `v` and `s`.
    public var stateNames: [String] { ["v", "s"] }

    /// RAdam's rectification at step t: r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t)) when
    /// ρ_t = ρ_∞ − 2tβ2^t / (1 − β2^t) > 5 (ρ_∞ = 2/(1 − β2) − 1), else nil (too few steps to trust
    /// the variance: a plain momentum step), computed in Double as PyTorch does.
    static func rectification(beta2: Double, step t: Int) -> Double? {
        let power = Double.pow(beta2, Double(t))
        let limit = 2 / (1 - beta2) - 1
        let rho = limit - 2 * Double(t) * power / (1 - power)
        guard rho > 5 else { return nil }
        return ((rho - 4) * (rho - 2) * limit / ((limit - 4) * (limit - 2) * rho)).squareRoot()
    }

    mutating func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                              step: Int, state: inout OptimizerSlots<Scalar>) {
        let (correction1, correction2): (Scalar, Scalar) = corrections.values(beta1: beta1, beta2: beta2, step: step)
        if rectification.step != step { rectification = (step, Self.rectification(beta2: beta2, step: step)) }
        let rectifiedStep = rectification.value.map { learningRate * Scalar($0) }
        let beta1 = Scalar(beta1), beta2 = Scalar(beta2), epsilon = Scalar(epsilon)
        state.update(id, parameter: &parameter, gradient: gradient, slots: 2) { slots in
            RAdamUpdate(moments: RunningMoments(v: slots[0], beta1: beta1, beta2: beta2), s: slots[1], epsilon: epsilon,
                        correction1: correction1, rootCorrection2: correction2.squareRoot(), rectifiedStep: rectifiedStep,
                        learningRate: learningRate)
        }
    }
}

/// `v = β1 v + (1 − β1) dW;  s = β2 s + (1 − β2) dW²;  W -= c·(v / (1 − β1^t))·(√(1 − β2^t) / (√s + ε))`
/// when the variance is rectified, else `W -= α·v / (1 − β1^t)`; c = α·r_t.
@usableFromInline
struct RAdamUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The moments: `v` there, `s` here.
    @usableFromInline let moments: RunningMoments<Scalar>
    @usableFromInline let s: UnsafeMutablePointer<Scalar>
    @usableFromInline let epsilon: Scalar, correction1: Scalar, rootCorrection2: Scalar
    /// α·r_t when rectified, else nil (the plain momentum step with rate α).
    @usableFromInline let rectifiedStep: Scalar?
    @usableFromInline let learningRate: Scalar

    @inlinable
    init(moments: RunningMoments<Scalar>, s: UnsafeMutablePointer<Scalar>, epsilon: Scalar, correction1: Scalar, rootCorrection2: Scalar,
         rectifiedStep: Scalar?, learningRate: Scalar) {
        self.moments = moments; self.s = s; self.epsilon = epsilon
        self.correction1 = correction1; self.rootCorrection2 = rootCorrection2; self.rectifiedStep = rectifiedStep
        self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let moments = moments, s = s, epsilon = epsilon, correction1 = correction1, rootCorrection2 = rootCorrection2, learningRate = learningRate
        for i in range {
            let (moment, square) = moments.update(i, g: g, s: s)
            let corrected = moment / correction1
            if let step = rectifiedStep {
                // `.magnitude` is a no-op on s ≥ 0 that lets LLVM drop sqrt's errno branch (see Moments.swift).
                w[i] = w[i] - corrected * step * (rootCorrection2 / (square.magnitude.squareRoot() + epsilon))
            } else {
                w[i] = w[i] - corrected * learningRate
            }
        }
    }
}

extension OptimizerAlgorithm {
    /// RAdam (`RAdam`, formula there).
    public static func radam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) -> OptimizerAlgorithm {
        OptimizerAlgorithm(RAdam(beta1: beta1, beta2: beta2, epsilon: epsilon))
    }
}
