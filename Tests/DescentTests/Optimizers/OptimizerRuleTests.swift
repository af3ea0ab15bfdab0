import Testing
@testable import Descent

/// Each optimizer's `OptimizerRule`: both precision hooks run its formula, its per-step scalars
/// follow t and the precision, and `Optimizer` adds nothing to the rule but the step count.
@Suite struct OptimizerRuleTests {
    typealias Support = OptimizerTestSupport

    /// W1 (3×4), b1 (3×1), W2 (1×3), b2 (1×1).
    static let shapes = [(3, 4), (3, 1), (1, 3), (1, 1)]

    /// Parameters drawn from `seed`, at `shapes`.
    static func tensors(seed: UInt64, scale: Double) -> [Matrix<Double>] {
        var random = TestRandom(seed: seed)
        return shapes.map { rows, columns in Matrix(rows: rows, columns: columns) { _, _ in random.nextStandardNormal() * scale } }
    }

    /// Eight steps of `algorithm` in `Scalar` from the same start and gradients (rate 0.01), as `Double`.
    static func run<Scalar: DescentFloat>(_ algorithm: OptimizerAlgorithm, as _: Scalar.Type) -> [Matrix<Double>] {
        var optimizer = Optimizer<Scalar>(algorithm)
        var parameters = tensors(seed: 1, scale: 1).map { $0.converted(to: Scalar.self) }
        for step in 0..<8 {
            let gradients = tensors(seed: UInt64(10 + step), scale: 0.3).map { $0.converted(to: Scalar.self) }
            Support.step(&optimizer, &parameters, gradients, learningRate: 0.01)
        }
        return parameters.map { $0.converted(to: Double.self) }
    }

    /// The `Float` hook runs the same rule as the `Double` one (which `OptimizerFormulaTests` checks
    /// against each published formula): eight steps agree to `Float`'s precision at the weights'
    /// scale of 1 (each step moves them by about 0.01), and every element moved.
    @Test(arguments: OptimizerStateTests.algorithms)
    func floatHookRunsTheSameFormulaAsTheDoubleHook(algorithm: OptimizerAlgorithm) {
        let single = Self.run(algorithm, as: Float.self), double = Self.run(algorithm, as: Double.self)
        let differences = zip(single, double).flatMap { a, b in zip(a.elements, b.elements).map { abs($0 - $1) } }
        #expect(differences.count == 19 && differences.allSatisfy { $0 < 1e-5 }, "\(algorithm.name): \(differences.max() ?? 0)")
        let start = Self.tensors(seed: 1, scale: 1)
        #expect(zip(double, start).allSatisfy { moved, before in zip(moved.elements, before.elements).allSatisfy { $0 != $1 } })
    }

    /// A rule's per-step scalars (bias corrections, NAdam's Π_t, RAdam's r_t) are functions of t and
    /// the precision: a rule that has stepped in `Float` (its scalars cached for t = 3), taken from
    /// its optimizer and run in `Double` at t = 3 and 4, updates bit for bit as a fresh one does.
    @Test(arguments: OptimizerStateTests.algorithms)
    func perStepScalarsFollowTheStepAndThePrecision(algorithm: OptimizerAlgorithm) {
        var single = Optimizer<Float>(algorithm)
        var parameters = Self.tensors(seed: 1, scale: 1).map { $0.converted(to: Float.self) }
        for step in 0..<3 {
            Support.step(&single, &parameters, Self.tensors(seed: UInt64(10 + step), scale: 0.3).map { $0.converted(to: Float.self) },
                         learningRate: 0.01)
        }
        #expect(single.algorithm == algorithm)
        var carried = Optimizer<Double>(single.algorithm), fresh = Optimizer<Double>(algorithm)
        var a = Self.tensors(seed: 2, scale: 1), b = a
        carried.stepCount = 2
        fresh.stepCount = 2
        for step in 0..<2 {
            let gradients = Self.tensors(seed: UInt64(20 + step), scale: 0.3)
            Support.step(&carried, &a, gradients, learningRate: 0.01)
            Support.step(&fresh, &b, gradients, learningRate: 0.01)
        }
        #expect(a == b, "\(algorithm.name)")
    }

    /// `Optimizer.update` is the rule's hook with the optimizer's t and state: the rule driven
    /// directly over the same steps ends bit for bit where the optimizer does, with the same state.
    @Test(arguments: OptimizerStateTests.algorithms)
    func optimizerCallsTheRuleWithItsStepCount(algorithm: OptimizerAlgorithm) {
        var optimizer = Optimizer<Double>(algorithm)
        var rule = algorithm.rule, slots = OptimizerSlots<Double>()
        var viaOptimizer = Self.tensors(seed: 3, scale: 1), direct = viaOptimizer
        for step in 1...4 {
            let gradients = Self.tensors(seed: UInt64(30 + step), scale: 0.3)
            Support.step(&optimizer, &viaOptimizer, gradients, learningRate: 0.02)
            for index in direct.indices {
                rule.update(&direct[index], gradient: gradients[index], id: Support.id(index), learningRate: 0.02, step: step, state: &slots)
            }
        }
        #expect(direct == viaOptimizer, "\(algorithm.name)")
        #expect(slots.exported(names: rule.stateNames) == optimizer.exportState())
        #expect(rule.stateNames == algorithm.stateNames && rule.stateNames.count <= OptimizerSlots<Double>.capacity)
    }
}
