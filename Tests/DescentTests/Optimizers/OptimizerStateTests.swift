import Testing
@testable import Descent

/// Checkpointing of optimizer state, the run-time wrapper `AnyOptimizer`, and in-place updates.
@Suite struct OptimizerStateTests {
    typealias Support = OptimizerTestSupport

    let parameters: [Matrix<Double>] = [
        Matrix([[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]]), Matrix([[0.3], [-0.2]]), Matrix([[1.5, -0.5]]), Matrix([[0.05]]),
    ]
    func gradients(_ step: Int) -> [Matrix<Double>] {
        parameters.map { p in Matrix(rows: p.rows, columns: p.columns) { i, j in Double((i + 2 * j + step) % 5) - 1.7 } }
    }

    @Test(arguments: OptimizerKind.allCases)
    func resumingFromExportedStateContinuesTheSameRun(kind: OptimizerKind) throws {
        let configuration = OptimizerConfiguration(kind: kind, amsgrad: kind == .adam)
        var uninterrupted = try configuration.makeOptimizer(Double.self)
        var straight = parameters
        for step in 0..<4 { Support.step(&uninterrupted, &straight, gradients(step), learningRate: 0.01) }

        var first = try configuration.makeOptimizer(Double.self)
        var resumed = parameters
        for step in 0..<2 { Support.step(&first, &resumed, gradients(step), learningRate: 0.01) }
        let saved = first.exportState()
        #expect(Set(saved.keys).count == first.stateNames.count * parameters.count)
        var second = try configuration.makeOptimizer(Double.self)
        try second.importState(saved, matching: resumed)
        second.stepCount = first.stepCount
        for step in 2..<4 { Support.step(&second, &resumed, gradients(step), learningRate: 0.01) }
        #expect(resumed == straight)
        #expect(second.stepCount == 4)
    }

    @Test func importRejectsStateThatDoesNotFitTheNetwork() {
        var adam = Adam<Double>()
        var state: [String: Matrix<Double>] = [:]
        for name in ["v", "s"] {
            for (index, p) in parameters.enumerated() { state["\(name).\(ParameterID(index: index))"] = Matrix(rows: p.rows, columns: p.columns) }
        }
        #expect(throws: Never.self) { try adam.importState(state, matching: parameters) }
        var extra = state; extra["m.W1"] = Matrix(rows: 2, columns: 3)
        #expect(throws: OptimizerStateError.unexpectedKey("m.W1")) { try adam.importState(extra, matching: parameters) }
        var missing = state; missing["s.b2"] = nil
        #expect(throws: OptimizerStateError.missingKey("s.b2")) { try adam.importState(missing, matching: parameters) }
        var reshaped = state; reshaped["v.W2"] = Matrix(rows: 2, columns: 1)
        #expect(throws: OptimizerStateError.shapeMismatch(key: "v.W2", expected: [1, 2], found: [2, 1])) {
            try adam.importState(reshaped, matching: parameters)
        }
        var poisoned = state; poisoned["s.W1"]![0, 0] = .nan
        #expect(throws: OptimizerStateError.nonFinite(key: "s.W1")) { try adam.importState(poisoned, matching: parameters) }
        var gd = GradientDescent<Double>()
        #expect(throws: OptimizerStateError.unexpectedKey("s.W1")) { try gd.importState(state, matching: parameters) }
        #expect(OptimizerStateError.missingKey("s.b2").description.contains("s.b2"))
    }

    @Test func resetForgetsStateAndSteps() {
        var optimizer = AnyOptimizer<Double>.momentum(Momentum())
        var p = parameters
        Support.step(&optimizer, &p, gradients(0), learningRate: 0.1)
        #expect(optimizer.stepCount == 1 && !optimizer.exportState().isEmpty)
        optimizer.resetState()
        #expect(optimizer.stepCount == 0 && optimizer.exportState().isEmpty)
        #expect(optimizer.kind == .momentum)
    }

    @Test func anyOptimizerUpdatesItsStateInPlace() {
        // The wrapper must not trigger copy-on-write of the state tensors: their storage stays put.
        var optimizer = AnyOptimizer<Double>.adam(Adam(amsgrad: true))
        var p = parameters
        Support.step(&optimizer, &p, gradients(0), learningRate: 0.01)
        func addresses() -> [UnsafeRawPointer?] {
            guard case .adam(let adam) = optimizer else { return [] }
            return [adam.firstMoments, adam.secondMoments, adam.maximumSecondMoments].flatMap { states in
                states.tensors.map { t in t.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
            }
        }
        let before = addresses()
        for step in 1..<4 { Support.step(&optimizer, &p, gradients(step), learningRate: 0.01) }
        #expect(before.count == 12 && addresses() == before)
    }

    @Test func anyOptimizerMatchesTheConcreteOptimizers() throws {
        let pairs: [(OptimizerConfiguration, [Matrix<Double>])] = [
            (OptimizerConfiguration(kind: .gd), run(GradientDescent())),
            (OptimizerConfiguration(kind: .momentum, beta: 0.8, classicalMomentum: true), run(Momentum(beta: 0.8, form: .classical))),
            (OptimizerConfiguration(kind: .nesterov, beta: 0.7), run(Nesterov(momentum: 0.7))),
            (OptimizerConfiguration(kind: .rmsprop), run(RMSProp(beta: 0.9, epsilon: 1e-8))),
            (OptimizerConfiguration(kind: .adam, beta1: 0.8, beta2: 0.888, epsilon: 1e-2), run(Adam(beta1: 0.8, beta2: 0.888, epsilon: 1e-2))),
            (OptimizerConfiguration(kind: .adamw, weightDecay: 0.2, decaysBiases: true), run(AdamW(weightDecay: 0.2, decaysBiases: true))),
            (OptimizerConfiguration(kind: .adagrad), run(Adagrad(epsilon: 1e-10))),
        ]
        for (configuration, expected) in pairs {
            #expect(run(try configuration.makeOptimizer(Double.self)) == expected, "\(configuration.kind)")
        }
    }

    func run<O: Optimizer<Double>>(_ optimizer: O) -> [Matrix<Double>] {
        var optimizer = optimizer
        var p = parameters
        for step in 0..<3 { Support.step(&optimizer, &p, gradients(step), learningRate: 0.05) }
        return p
    }

    @Test func configurationValidationNamesTheOption() {
        func error(_ configuration: OptimizerConfiguration) -> OptimizerConfigurationError? {
            do { try configuration.validate(); return nil } catch { return error }
        }
        #expect(error(OptimizerConfiguration(kind: .momentum, beta: 1.0))?.field == "beta")
        #expect(error(OptimizerConfiguration(kind: .rmsprop, beta: -0.1))?.field == "beta")
        #expect(error(OptimizerConfiguration(kind: .adam, beta1: .nan))?.field == "beta1")
        #expect(error(OptimizerConfiguration(kind: .adam, beta2: 1.5))?.field == "beta2")
        #expect(error(OptimizerConfiguration(kind: .adagrad, epsilon: 0))?.field == "epsilon")
        #expect(error(OptimizerConfiguration(kind: .adamw, weightDecay: -0.01))?.field == "weightDecay")
        #expect(error(OptimizerConfiguration(kind: .gd, beta: 0.9)) == .notApplicable(field: "beta", kind: .gd))
        #expect(error(OptimizerConfiguration(kind: .adam, weightDecay: 0.1)) == .notApplicable(field: "weightDecay", kind: .adam))
        #expect(error(OptimizerConfiguration(kind: .rmsprop, amsgrad: true))?.field == "amsgrad")
        #expect(error(OptimizerConfiguration(kind: .nesterov, classicalMomentum: true))?.field == "classicalMomentum")
        #expect(error(OptimizerConfiguration(kind: .adam, decaysBiases: true))?.field == "decaysBiases")
        #expect(error(OptimizerConfiguration(kind: .adamw, beta1: 0, beta2: 0.5, epsilon: 1e-3, weightDecay: 0, amsgrad: true)) == nil)
        #expect(OptimizerConfiguration(kind: .adagrad).resolvedEpsilon == 1e-10)
        #expect(OptimizerConfiguration(kind: .adam).resolvedEpsilon == 1e-8)
        #expect(throws: OptimizerConfigurationError.unknownOptimizer("sgd")) { try OptimizerKind.named("sgd") }
        #expect(OptimizerConfigurationError.invalidValue(field: "beta", value: "1.0", requirement: "must lie in [0, 1)")
            .description == "beta 1.0 is invalid: it must lie in [0, 1).")
        #expect(OptimizerKind.allCases.map(\.rawValue) == ["gd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad"])
    }

    @Test func parameterIDsRoundTripThroughIndexAndName() {
        for index in 0..<8 {
            let id = ParameterID(index: index)
            #expect(id.index == index)
            #expect(ParameterID(id.description) == id)
        }
        #expect(ParameterID("W0") == nil && ParameterID("x1") == nil && ParameterID("b") == nil && ParameterID("W+1") == nil)
    }
}
