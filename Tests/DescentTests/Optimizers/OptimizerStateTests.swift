import Foundation
import Testing
@testable import Descent

/// Checkpointing of optimizer state, in-place updates, and the algorithm list's names, coding and validation.
@Suite struct OptimizerStateTests {
    typealias Support = OptimizerTestSupport

    let parameters: [Matrix<Double>] = [
        Matrix([[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]]), Matrix([[0.3], [-0.2]]), Matrix([[1.5, -0.5]]), Matrix([[0.05]]),
    ]
    func gradients(_ step: Int) -> [Matrix<Double>] {
        parameters.map { p in Matrix(rows: p.rows, columns: p.columns) { i, j in Double((i + 2 * j + step) % 5) - 1.7 } }
    }

    /// One of every algorithm, with non-default hyperparameters where it has any.
    static let algorithms: [OptimizerAlgorithm] = [
        .gradientDescent, .momentum(beta: 0.8, classical: true), .momentum(), .nesterov(momentum: 0.7), .rmsprop(),
        .adam(beta1: 0.8, beta2: 0.888, epsilon: 1e-2, amsgrad: true), .adamw(weightDecay: 0.2, decaysBiases: true),
        .adagrad(initialAccumulator: 0.1), .adamax(beta1: 0.8, epsilon: 1e-3), .nadam(beta2: 0.99),
        .radam(beta2: 0.9), .adadelta(rho: 0.95),
    ]

    @Test(arguments: algorithms)
    func resumingFromExportedStateContinuesTheSameRun(algorithm: OptimizerAlgorithm) throws {
        var uninterrupted = Optimizer<Double>(algorithm)
        var straight = parameters
        for step in 0..<4 { Support.step(&uninterrupted, &straight, gradients(step), learningRate: 0.01) }

        var first = Optimizer<Double>(algorithm)
        var resumed = parameters
        for step in 0..<2 { Support.step(&first, &resumed, gradients(step), learningRate: 0.01) }
        let saved = first.exportState()
        #expect(Set(saved.keys).count == first.stateNames.count * parameters.count)
        var second = Optimizer<Double>(algorithm)
        try second.importState(saved, matching: Support.byID(resumed))
        second.stepCount = first.stepCount
        for step in 2..<4 { Support.step(&second, &resumed, gradients(step), learningRate: 0.01) }
        #expect(resumed == straight)
        #expect(second.stepCount == 4)
    }

    @Test func importRejectsStateThatDoesNotFitTheNetwork() {
        var adam = Optimizer<Double>(.adam())
        var state: [String: Matrix<Double>] = [:]
        for name in ["v", "s"] {
            for (index, p) in parameters.enumerated() { state["\(name).\(Support.id(index))"] = Matrix(rows: p.rows, columns: p.columns) }
        }
        #expect(throws: Never.self) { try adam.importState(state, matching: Support.byID(parameters)) }
        var extra = state; extra["m.W1"] = Matrix(rows: 2, columns: 3)
        #expect(throws: OptimizerStateError.unexpectedKey("m.W1")) { try adam.importState(extra, matching: Support.byID(parameters)) }
        var missing = state; missing["s.b2"] = nil
        #expect(throws: OptimizerStateError.missingKey("s.b2")) { try adam.importState(missing, matching: Support.byID(parameters)) }
        var reshaped = state; reshaped["v.W2"] = Matrix(rows: 2, columns: 1)
        #expect(throws: OptimizerStateError.shapeMismatch(key: "v.W2", expected: [1, 2], found: [2, 1])) {
            try adam.importState(reshaped, matching: Support.byID(parameters))
        }
        var poisoned = state; poisoned["s.W1"]![0, 0] = .nan
        #expect(throws: OptimizerStateError.nonFinite(key: "s.W1")) { try adam.importState(poisoned, matching: Support.byID(parameters)) }
        var gd = Optimizer<Double>(.gradientDescent)
        #expect(throws: OptimizerStateError.unexpectedKey("s.W1")) { try gd.importState(state, matching: Support.byID(parameters)) }
        var momentum = Optimizer<Double>(.momentum())
        #expect(throws: OptimizerStateError.unexpectedKey("s.W1")) { try momentum.importState(state, matching: Support.byID(parameters)) }
        #expect(OptimizerStateError.missingKey("s.b2").description.contains("s.b2"))
    }

    @Test func resetForgetsStateAndSteps() {
        var optimizer = Optimizer<Double>(.momentum())
        var p = parameters
        Support.step(&optimizer, &p, gradients(0), learningRate: 0.1)
        #expect(optimizer.stepCount == 1 && !optimizer.exportState().isEmpty)
        optimizer.resetState()
        #expect(optimizer.stepCount == 0 && optimizer.exportState().isEmpty)
        #expect(optimizer.algorithm == .momentum())
    }

    @Test func updatesTheStateInPlace() {
        // No copy-on-write of the state tensors: their storage stays put from step to step.
        var optimizer = Optimizer<Double>(.adam(amsgrad: true))
        var p = parameters
        Support.step(&optimizer, &p, gradients(0), learningRate: 0.01)
        func addresses() -> [UnsafeRawPointer?] {
            [optimizer.state.slot0, optimizer.state.slot1, optimizer.state.slot2].flatMap { states in
                states.tensors.filter { !$0.elements.isEmpty }.map { t in t.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
            }
        }
        let before = addresses()
        for step in 1..<4 { Support.step(&optimizer, &p, gradients(step), learningRate: 0.01) }
        #expect(before.count == 12 && addresses() == before, "three slots × W1, b1, W2, b2")
    }

    @Test(arguments: algorithms)
    func algorithmsRoundTripThroughJSONAndTheirNames(algorithm: OptimizerAlgorithm) throws {
        let json = try JSONEncoder().encode(algorithm)
        #expect(try JSONDecoder().decode(OptimizerAlgorithm.self, from: json) == algorithm)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["name"] as? String == algorithm.name)
        #expect(Set(object.keys) == Set(["name"] + algorithm.fields.map(\.name)))
        // init(name:values:) with every field given explicitly builds the same case; its descriptor takes exactly those fields.
        let value = Dictionary(uniqueKeysWithValues: algorithm.fields.map { ($0.name, $0.value) })
        let rebuilt = try OptimizerAlgorithm(name: algorithm.name, values: value)
        #expect(algorithm.descriptor.fields == algorithm.fields.map(\.name))
        #expect(Optimizer<Double>(algorithm).stateNames == algorithm.stateNames)
        #expect(rebuilt == algorithm)
        #expect(OptimizerAlgorithm.names.contains(algorithm.name))
    }

    @Test func namedAlgorithmsTakeTheDocumentedDefaults() throws {
        #expect(try OptimizerAlgorithm(name: "gd") == .gradientDescent)
        #expect(try OptimizerAlgorithm(name: "momentum") == .momentum(beta: 0.9, classical: false))
        #expect(try OptimizerAlgorithm(name: "nesterov") == .nesterov(momentum: 0.9))
        #expect(try OptimizerAlgorithm(name: "rmsprop") == .rmsprop(beta: 0.9, epsilon: 1e-8))
        #expect(try OptimizerAlgorithm(name: "adam") == .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false))
        #expect(try OptimizerAlgorithm(name: "adamw") == .adamw(weightDecay: 0.01))
        #expect(try OptimizerAlgorithm(name: "adagrad") == .adagrad(epsilon: 1e-10, initialAccumulator: 0))
        #expect(try OptimizerAlgorithm(name: "adamax") == .adamax(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        #expect(try OptimizerAlgorithm(name: "nadam") == .nadam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        #expect(throws: HyperparameterError.self) { try OptimizerAlgorithm(name: "nadam", values: ["beta": 0.9]) }
        #expect(try OptimizerAlgorithm(name: "radam") == .radam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        #expect(try OptimizerAlgorithm(name: "adadelta", values: ["beta": 0.95]) == .adadelta(rho: 0.95, epsilon: 1e-6))
        #expect(OptimizerAlgorithm.names.count == 11)
        #expect(OptimizerAlgorithm.adam().description == "adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-08, amsgrad: false)")
        #expect(OptimizerAlgorithm.nesterov(momentum: 0.8).description == "nesterov(beta: 0.8)" && OptimizerAlgorithm.gradientDescent.description == "gd()")
        let decoded = try JSONDecoder().decode(OptimizerAlgorithm.self, from: Data(#"{"name": "adam", "beta2": 0.99}"#.utf8))
        #expect(decoded == .adam(beta2: 0.99))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OptimizerAlgorithm.self, from: Data(#"{"name": "adam", "beta": 0.9}"#.utf8)) }
    }

    @Test func configurationValidationNamesTheOption() {
        func error(_ make: () throws -> OptimizerAlgorithm) -> HyperparameterError? {
            do { _ = try make(); return nil } catch { return error as? HyperparameterError }
        }
        #expect(error { try OptimizerAlgorithm(name: "momentum", values: ["beta": 1.0]) }?.field == "beta")
        #expect(error { try OptimizerAlgorithm(name: "rmsprop", values: ["beta": -0.1]) }?.field == "beta")
        #expect(error { try OptimizerAlgorithm(name: "adam", values: ["beta1": .nan]) }?.field == "beta1")
        #expect(error { try OptimizerAlgorithm(name: "adam", values: ["beta2": 1.5]) }?.field == "beta2")
        #expect(error { try OptimizerAlgorithm(name: "adagrad", values: ["epsilon": 0]) }?.field == "epsilon")
        #expect(error { try OptimizerAlgorithm(name: "adagrad", values: ["initialAccumulator": -1]) }?.field == "initialAccumulator")
        #expect(error { try OptimizerAlgorithm(name: "adamw", values: ["weightDecay": -0.01]) }?.field == "weightDecay")
        #expect(error { try OptimizerAlgorithm(name: "gd", values: ["beta": 0.9]) } == .notApplicable(field: "beta", name: "gd", concept: .optimizer))
        #expect(error { try OptimizerAlgorithm(name: "adam", values: ["weightDecay": 0.1]) } == .notApplicable(field: "weightDecay", name: "adam", concept: .optimizer))
        #expect(error { try OptimizerAlgorithm(name: "rmsprop", values: ["amsgrad": 1]) }?.field == "amsgrad")
        #expect(error { try OptimizerAlgorithm(name: "nesterov", values: ["classicalMomentum": 1]) }?.field == "classicalMomentum")
        #expect(error { try OptimizerAlgorithm(name: "adam", values: ["decaysBiases": 1]) }?.field == "decaysBiases")
        #expect(error { try OptimizerAlgorithm(name: "adamw", values: ["beta1": 0, "beta2": 0.5, "epsilon": 1e-3, "weightDecay": 0, "amsgrad": 1]) } == nil)
        #expect(error { try OptimizerAlgorithm(name: "sgd") } == .unknownName("sgd", concept: .optimizer))
        #expect(HyperparameterError.unknownName("sgd", concept: .optimizer).description.contains("gd, momentum, nesterov, rmsprop, adam, adamw, adagrad"))
        #expect(HyperparameterError.invalidValue(field: "beta", value: "1.0", requirement: "must lie in [0, 1)")
            .description == "beta 1.0 is invalid: it must lie in [0, 1).")
        // A case built directly is checked by validate().
        #expect(throws: HyperparameterError.invalidValue(field: "beta", value: "1.5", requirement: "must lie in [0, 1)")) {
            try OptimizerAlgorithm.momentum(beta: 1.5).validate()
        }
    }

    @Test func parameterIDsRoundTripThroughIndexAndName() {
        for index in 0..<12 {
            let id = ParameterID(index: index)
            #expect(id.index == index && id.layer == index / 4 + 1)
            #expect(ParameterID(id.description) == id)
        }
        #expect([0, 1, 2, 3, 4].map { ParameterID(index: $0).description } == ["W1", "b1", "gamma1", "beta1", "W2"])
        #expect(ParameterID("W0") == nil && ParameterID("x1") == nil && ParameterID("b") == nil && ParameterID("W+1") == nil)
        #expect(ParameterID("beta12") == ParameterID(layer: 12, kind: .beta) && ParameterID("gamma") == nil && ParameterID("betax1") == nil)
    }
}
