/// Adamax (Kingma & Ba, 2015, §7.1), Adam with the infinity norm, as PyTorch `Adamax` computes it:
///
///     v = β1 v + (1 − β1) dW;     u = max(β2 u, |dW| + ε)
///     W -= (α / (1 − β1^t)) · v / u               (v, u start at zero; t counts steps)
///
/// Keras adds ε to u in the division instead. PyTorch's default rate is 0.002. State `v`, `u`.
public struct Adamax: OptimizerRule, MomentRule {
    /// β1, the decay of the first moment.
    public var beta1: Double
    /// β2, the decay of the infinity norm.
    public var beta2: Double
    /// ε, added to |dW|.
    public var epsilon: Double
    /// The bias correction of the current step.
    var corrections = BiasCorrections()

    /// Adamax with β1, β2 and ε.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
    }

    /// `adamax`: β1 0.9, β2 0.999, ε 1e-8.
    public static let descriptor = momentDescriptor(name: "adamax")

    /// The first moment `v` and the infinity norm `u`.
    public var stateNames: [String] { ["v", "u"] }

    mutating func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                              step: Int, state: inout OptimizerSlots<Scalar>) {
        let (correction1, _): (Scalar, Scalar) = corrections.values(beta1: beta1, beta2: beta2, step: step)
        let beta1 = Scalar(beta1), beta2 = Scalar(beta2), epsilon = Scalar(epsilon), stepSize = learningRate / correction1
        state.update(id, parameter: &parameter, gradient: gradient, slots: 2) { slots in
            AdamaxUpdate(v: slots[0], u: slots[1], beta1: beta1, beta2: beta2, epsilon: epsilon, stepSize: stepSize)
        }
    }
}

/// `v = β1 v + (1 − β1) dW;  u = max(β2 u, |dW| + ε);  W -= (α / (1 − β1^t)) · v / u` element-wise.
@usableFromInline
struct AdamaxUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The first moment and the infinity norm.
    @usableFromInline let v: UnsafeMutablePointer<Scalar>, u: UnsafeMutablePointer<Scalar>
    @usableFromInline let beta1: Scalar, beta2: Scalar, epsilon: Scalar, stepSize: Scalar

    /// `stepSize` is α / (1 − β1^t).
    @inlinable
    init(v: UnsafeMutablePointer<Scalar>, u: UnsafeMutablePointer<Scalar>, beta1: Scalar, beta2: Scalar, epsilon: Scalar, stepSize: Scalar) {
        self.v = v; self.u = u; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.stepSize = stepSize
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let v = v, u = u, beta1 = beta1, oneMinusBeta1 = 1 - beta1, beta2 = beta2, epsilon = epsilon, stepSize = stepSize
        for i in range {
            let gi = g[i]
            let moment = beta1 * v[i] + oneMinusBeta1 * gi
            v[i] = moment
            let norm = Swift.max(beta2 * u[i], gi.magnitude + epsilon)
            u[i] = norm
            w[i] = w[i] - stepSize * (moment / norm)
        }
    }
}

extension OptimizerAlgorithm {
    /// Adamax (`Adamax`, formula there).
    public static func adamax(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) -> OptimizerAlgorithm {
        OptimizerAlgorithm(Adamax(beta1: beta1, beta2: beta2, epsilon: epsilon))
    }
}
