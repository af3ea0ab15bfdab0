import RealModule

// What several optimizers' kernels share: the running first and second moments of the gradient and
// their bias corrections.
//
// The kernels take square roots as `x.magnitude.squareRoot()`: on Linux, `Float.squareRoot()` /
// `Double.squareRoot()` lower to the C `sqrtf` / `sqrt` with errno semantics: LLVM emits `sqrtss`
// guarded by a branch that calls libm for negative inputs, and that branch keeps the loop from being
// optimized (measured 4.2 ns per parameter for an RMSProp step in Float on a 670k-parameter
// network). The values rooted are ≥ 0 or NaN, so `.magnitude` does not change them (−0 becomes +0,
// and √(±0) + ε = ε either way), but it tells LLVM the argument cannot be negative, which removes
// the branch: 0.7 ns (the fused moment step: 8.3 → 1.3 ns), with bit-identical results.

/// A rule whose hyperparameters are β1, β2 and ε (the fields `beta1`, `beta2`, `epsilon`, with
/// the defaults 0.9, 0.999 and 1e-8), adaptive: its descriptor and its values follow from them.
protocol MomentRule: PrecisionGenericRule {
    /// β1, the decay of the first moment.
    var beta1: Double { get }
    /// β2, the decay of the second moment (or of the infinity norm).
    var beta2: Double { get }
    /// ε.
    var epsilon: Double { get }
    /// The rule with these hyperparameters.
    init(beta1: Double, beta2: Double, epsilon: Double)
}

extension MomentRule {
    /// The descriptor of the rule `name`: β1, β2 and ε, adaptive.
    static func momentDescriptor(name: String) -> OptimizerDescriptor {
        OptimizerDescriptor(name: name, parameters: [.beta1, .beta2, .epsilon], adaptive: true) {
            Self(beta1: $0["beta1"]!, beta2: $0["beta2"]!, epsilon: $0["epsilon"]!)
        }
    }

    /// `beta1`, `beta2` and `epsilon`.
    public var values: [String: Double] { ["beta1": beta1, "beta2": beta2, "epsilon": epsilon] }
}

/// The two running moments of one tensor: `v = β1 v + (1 − β1) g` and `s = β2 s + (1 − β2) g²`,
/// element by element, in numpy's order of operations.
@usableFromInline
struct RunningMoments<Scalar: DescentFloat> {
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

/// The bias corrections `(1 − β1^t, 1 − β2^t)` of step t, computed in the update's precision once
/// per step rather than once per tensor (`pow` is not free at the course's tiny sizes). A rule that
/// corrects its moments keeps one among its per-step scalars.
struct BiasCorrections: Sendable {
    /// The t the corrections belong to (0: none yet).
    private var step = 0
    /// The size of the precision they were computed in (4: `Float`, 8: `Double`).
    private var precision = 0
    /// 1 − β1^t and 1 − β2^t, each exactly a value of that precision.
    private var first = 1.0, second = 1.0

    /// `(1 − β1^t, 1 − β2^t)` for step t ≥ 1 in `Scalar`, recomputed when t or the precision changes.
    mutating func values<Scalar: DescentFloat>(beta1: Double, beta2: Double, step t: Int, as _: Scalar.Type = Scalar.self)
        -> (first: Scalar, second: Scalar) {
        precondition(t >= 1, "Call beginStep() before the updates of a step (t starts at 1).")
        if t != step || precision != MemoryLayout<Scalar>.size {
            let power = Scalar(t)
            first = Double(1 - Scalar.pow(Scalar(beta1), power))
            second = Double(1 - Scalar.pow(Scalar(beta2), power))
            step = t
            precision = MemoryLayout<Scalar>.size
        }
        return (Scalar(first), Scalar(second))
    }
}
