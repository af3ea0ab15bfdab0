import RealModule

// The element-wise kernel of `OptimizerAlgorithm.radam` (formula there).

/// `v = β1 v + (1 − β1) dW;  s = β2 s + (1 − β2) dW²;  W -= c·(v / (1 − β1^t))·(√(1 − β2^t) / (√s + ε))`
/// when the variance is rectified, else `W -= α·v / (1 − β1^t)`; `s` is the rule's state, `v`
/// that of `moments`, c = α·r_t.
@usableFromInline
struct RAdamUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    @usableFromInline let moments: AdamMoments<Scalar>
    @usableFromInline let epsilon: Scalar, correction1: Scalar, rootCorrection2: Scalar
    /// α·r_t when rectified, else nil (the plain momentum step with rate α).
    @usableFromInline let rectifiedStep: Scalar?
    @usableFromInline let learningRate: Scalar

    @inlinable
    init(moments: AdamMoments<Scalar>, epsilon: Scalar, correction1: Scalar, rootCorrection2: Scalar, rectifiedStep: Scalar?,
         learningRate: Scalar) {
        self.moments = moments; self.epsilon = epsilon
        self.correction1 = correction1; self.rootCorrection2 = rootCorrection2; self.rectifiedStep = rectifiedStep
        self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state s: UnsafeMutablePointer<Scalar>, range: Range<Int>) {
        let moments = moments, epsilon = epsilon, correction1 = correction1, rootCorrection2 = rootCorrection2, learningRate = learningRate
        for i in range {
            let (moment, square) = moments.update(i, g: g, s: s)
            let corrected = moment / correction1
            if let step = rectifiedStep {
                // `.magnitude` is a no-op on s ≥ 0 that lets LLVM drop sqrt's errno branch (see Adam).
                w[i] = w[i] - corrected * step * (rootCorrection2 / (square.magnitude.squareRoot() + epsilon))
            } else {
                w[i] = w[i] - corrected * learningRate
            }
        }
    }

    /// RAdam's rectification at step t: r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t)) when
    /// ρ_t = ρ_∞ − 2tβ2^t / (1 − β2^t) > 5 (ρ_∞ = 2/(1 − β2) − 1), else nil (too few steps to trust
    /// the variance: a plain momentum step), computed in Double as PyTorch does.
    @inlinable
    static func rectification(beta2: Double, step t: Int) -> Double? {
        let power = Double.pow(beta2, Double(t))
        let limit = 2 / (1 - beta2) - 1
        let rho = limit - 2 * Double(t) * power / (1 - power)
        guard rho > 5 else { return nil }
        return ((rho - 4) * (rho - 2) * limit / ((limit - 4) * (limit - 2) * rho)).squareRoot()
    }
}

extension OptimizerDescriptor {
    /// `radam`: β1 0.9, β2 0.999, ε 1e-8; state `v`, `s`.
    static let radam = OptimizerDescriptor(
        name: "radam", parameters: [.beta1, .beta2, .epsilon], adaptive: true, states: ["v", "s"],
        make: { .radam(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!) }
    ) { if case .radam(let beta1, let beta2, let epsilon) = $0 { ["beta1": beta1, "beta2": beta2, "epsilon": epsilon] } else { nil } }
}
