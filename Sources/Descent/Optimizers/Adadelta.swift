/// Adadelta (Zeiler, 2012) as PyTorch `Adadelta` computes it:
///
///     s = ρ s + (1 − ρ) dW²;     Δ = √(d + ε) / √(s + ε) · dW;     d = ρ d + (1 − ρ) Δ²
///     W -= α Δ                                  (s, d start at zero)
///
/// ρ = 0.9 and ε = 1e-6 follow PyTorch, whose rate is 1.0 by default (Keras: ρ 0.95, ε 1e-7,
/// rate 0.001). ρ is the `beta` field. State `s`, `d`.
public struct Adadelta: OptimizerRule, PrecisionGenericRule {
    /// ρ (the `beta` field), the decay of both running means.
    public var rho: Double
    /// ε, inside both roots.
    public var epsilon: Double

    /// Adadelta with ρ and ε.
    public init(rho: Double = 0.9, epsilon: Double = 1e-6) {
        (self.rho, self.epsilon) = (rho, epsilon)
    }

    /// `adadelta`: ρ (the `beta` field) 0.9, ε 1e-6 (PyTorch's).
    public static let descriptor = OptimizerDescriptor(name: "adadelta", parameters: [.beta, Hyperparameter.epsilon.defaulting(to: 1e-6)],
                                                       adaptive: true) { Adadelta(rho: $0["beta"]!, epsilon: $0["epsilon"]!) }

    public var values: [String: Double] { ["beta": rho, "epsilon": epsilon] }
    /// The mean square `s` and the mean squared update `d`.
    public var stateNames: [String] { ["s", "d"] }

    func apply<Scalar: DescentFloat>(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar,
                                     step: Int, state: inout OptimizerSlots<Scalar>) {
        let rho = Scalar(rho), epsilon = Scalar(epsilon)
        state.update(id, parameter: &parameter, gradient: gradient, slots: 2) { slots in
            AdadeltaUpdate(s: slots[0], d: slots[1], rho: rho, epsilon: epsilon, learningRate: learningRate)
        }
    }
}

/// `s = ρ s + (1 − ρ) dW²;  Δ = √(d + ε) / √(s + ε) · dW;  d = ρ d + (1 − ρ) Δ²;  W -= α Δ` element-wise.
@usableFromInline
struct AdadeltaUpdate<Scalar: DescentFloat>: ElementwiseUpdate {
    /// The mean square and the mean squared update.
    @usableFromInline let s: UnsafeMutablePointer<Scalar>, d: UnsafeMutablePointer<Scalar>
    @usableFromInline let rho: Scalar, epsilon: Scalar, learningRate: Scalar

    @inlinable
    init(s: UnsafeMutablePointer<Scalar>, d: UnsafeMutablePointer<Scalar>, rho: Scalar, epsilon: Scalar, learningRate: Scalar) {
        self.s = s; self.d = d; self.rho = rho; self.epsilon = epsilon; self.learningRate = learningRate
    }

    @inlinable
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>) {
        let s = s, d = d, rho = rho, oneMinusRho = 1 - rho, epsilon = epsilon, learningRate = learningRate
        for i in range {
            let gi = g[i]
            let square = rho * s[i] + oneMinusRho * (gi * gi)
            s[i] = square
            // `.magnitude` on values ≥ 0: lets LLVM drop sqrt's errno branch (see Moments.swift).
            let delta = (d[i] + epsilon).magnitude.squareRoot() / (square + epsilon).magnitude.squareRoot() * gi
            d[i] = rho * d[i] + oneMinusRho * (delta * delta)
            w[i] = w[i] - learningRate * delta
        }
    }
}

extension OptimizerAlgorithm {
    /// Adadelta (`Adadelta`, formula there).
    public static func adadelta(rho: Double = 0.9, epsilon: Double = 1e-6) -> OptimizerAlgorithm {
        OptimizerAlgorithm(Adadelta(rho: rho, epsilon: epsilon))
    }
}
