import Testing
@testable import Descent

/// The course's optimizer unit tests (legacy and 2021 revisions), from the numpy goldens.
@Suite struct OptimizerFixtureTests {
    typealias Support = OptimizerTestSupport

    @Test func gradientDescentMatchesBothRevisions() throws {
        for file in ["testcases", "testcases_2021"] {
            let root = try Fixtures.load(file)
            let inputs = try Fixtures.value(root, "update_parameters_with_gd", "inputs")
            var parameters = try Support.tensors(Fixtures.value(inputs, "parameters"))
            let gradients = try Support.tensors(Fixtures.value(inputs, "grads"), prefix: "d")
            let learningRate = try Fixtures.double(Fixtures.value(inputs, "learning_rate"))
            var optimizer = Optimizer<Double>(.gradientDescent)
            Support.step(&optimizer, &parameters, gradients, learningRate: learningRate)
            let expected = try Support.tensors(Fixtures.value(root, "update_parameters_with_gd", "expected", "parameters"))
            #expect(Support.agree(parameters, expected), "\(file)")
        }
    }

    @Test func momentumMatchesBothRevisions() throws {
        for file in ["testcases", "testcases_2021"] {
            let root = try Fixtures.load(file)
            let inputs = try Fixtures.value(root, "update_parameters_with_momentum", "inputs")
            var parameters = try Support.tensors(Fixtures.value(inputs, "parameters"))
            let gradients = try Support.tensors(Fixtures.value(inputs, "grads"), prefix: "d")
            let learningRate = try Fixtures.double(Fixtures.value(inputs, "learning_rate"))
            let beta = try Fixtures.double(Fixtures.value(inputs, "beta"))
            var optimizer = Optimizer<Double>(.momentum(beta: beta))
            if let velocity = (inputs as? [String: Any])?["v"] {  // the legacy file passes v explicitly
                try optimizer.importState(Support.state(velocity, as: "v"), matching: Support.byID(parameters))
            }
            Support.step(&optimizer, &parameters, gradients, learningRate: learningRate)
            let expected = try Fixtures.value(root, "update_parameters_with_momentum", "expected")
            #expect(Support.agree(parameters, try Support.tensors(Fixtures.value(expected, "parameters"))), "\(file)")
            #expect(stateAgrees(optimizer.exportState(), try Support.state(Fixtures.value(expected, "v"), as: "v")), "\(file)")
        }
    }

    @Test(arguments: [1, 2, 3])
    func adamMatchesTheLegacyCasesAtEveryT(t: Int) throws {
        let root = try Fixtures.load("testcases")
        let inputs = try Fixtures.value(root, "update_parameters_with_adam_t2", "inputs")
        var parameters = try Support.tensors(Fixtures.value(inputs, "parameters"))
        let gradients = try Support.tensors(Fixtures.value(inputs, "grads"), prefix: "d")
        var optimizer = Optimizer<Double>(.adam(beta1: try Fixtures.double(Fixtures.value(inputs, "beta1")),
                                     beta2: try Fixtures.double(Fixtures.value(inputs, "beta2")),
                                     epsilon: try Fixtures.double(Fixtures.value(inputs, "epsilon"))))
        // The case calls the update once with t given and v, s as passed in (zeros): the state before
        // a step numbered t.
        let state = try Support.state(Fixtures.value(inputs, "v"), as: "v")
            .merging(try Support.state(Fixtures.value(inputs, "s"), as: "s")) { a, _ in a }
        try optimizer.importState(state, matching: Support.byID(parameters))
        optimizer.stepCount = t - 1
        Support.step(&optimizer, &parameters, gradients,
                     learningRate: try Fixtures.double(Fixtures.value(inputs, "learning_rate")))
        #expect(optimizer.stepCount == t)

        let expected = try Fixtures.value(root, "update_parameters_with_adam_t\(t)", "expected")
        #expect(Support.agree(parameters, try Support.tensors(Fixtures.value(expected, "parameters"))))
        let expectedState = try Support.state(Fixtures.value(expected, "v"), as: "v")
            .merging(try Support.state(Fixtures.value(expected, "s"), as: "s")) { a, _ in a }
        #expect(stateAgrees(optimizer.exportState(), expectedState))
    }

    @Test func adamMatchesThe2021CaseWithItsHyperparameters() throws {
        let root = try Fixtures.load("testcases_2021")
        let inputs = try Fixtures.value(root, "update_parameters_with_adam", "inputs")
        var parameters = try Support.tensors(Fixtures.value(inputs, "parameters"))
        let gradients = try Support.tensors(Fixtures.value(inputs, "grads"), prefix: "d")
        var optimizer = Optimizer<Double>(.adam(beta1: try Fixtures.double(Fixtures.value(inputs, "beta1")),
                                     beta2: try Fixtures.double(Fixtures.value(inputs, "beta2")),
                                     epsilon: try Fixtures.double(Fixtures.value(inputs, "epsilon"))))
        // No v, s in the inputs: the test initializes them to zeros itself, then calls with t = 2.
        optimizer.stepCount = Int(try Fixtures.double(Fixtures.value(inputs, "t"))) - 1
        Support.step(&optimizer, &parameters, gradients,
                     learningRate: try Fixtures.double(Fixtures.value(inputs, "learning_rate")))
        let expected = try Fixtures.value(root, "update_parameters_with_adam", "expected")
        #expect(Support.agree(parameters, try Support.tensors(Fixtures.value(expected, "parameters"))))
        let expectedState = try Support.state(Fixtures.value(expected, "v"), as: "v")
            .merging(try Support.state(Fixtures.value(expected, "s"), as: "s")) { a, _ in a }
        #expect(stateAgrees(optimizer.exportState(), expectedState))
    }

    @Test func stateStartsAsZerosShapedLikeTheParameters() throws {
        // initialize_velocity / initialize_adam: zeros with each parameter's shape. A step with zero
        // gradients leaves those zeros in place (and the parameters unchanged) so they can be read.
        let legacy = try Fixtures.value(Fixtures.load("testcases"), "initialize_velocity_and_adam")
        let revised = try Fixtures.value(Fixtures.load("testcases_2021"), "initialize_velocity")
        for (inputs, expectedV, expectedS) in [
            (try Fixtures.value(legacy, "inputs", "parameters"), try Fixtures.value(legacy, "expected", "v"),
             try Fixtures.value(legacy, "expected", "s") as Any?),
            (try Fixtures.value(revised, "inputs", "parameters"), try Fixtures.value(revised, "expected"), nil),
        ] {
            let original = try Support.tensors(inputs)
            let zeros = original.map { Matrix<Double>(rows: $0.rows, columns: $0.columns) }
            var parameters = original
            var momentum = Optimizer<Double>(.momentum())
            Support.step(&momentum, &parameters, zeros, learningRate: 0.01)
            #expect(momentum.exportState() == (try Support.state(expectedV, as: "v")))
            #expect(parameters == original)
            if let expectedS {
                var adam = Optimizer<Double>(.adam())
                Support.step(&adam, &parameters, zeros, learningRate: 0.01)
                let expected = try Support.state(expectedV, as: "v").merging(try Support.state(expectedS, as: "s")) { a, _ in a }
                #expect(adam.exportState() == expected)
                #expect(parameters == original)
            }
        }
    }

    @Test func adamInFloatFollowsDouble() throws {
        let root = try Fixtures.load("testcases")
        let inputs = try Fixtures.value(root, "update_parameters_with_adam_t2", "inputs")
        var parameters: [Matrix<Float>] = try Support.tensors(Fixtures.value(inputs, "parameters")).map { $0.converted() }
        let gradients: [Matrix<Float>] = try Support.tensors(Fixtures.value(inputs, "grads"), prefix: "d").map { $0.converted() }
        var optimizer = Optimizer<Float>(.adam())
        optimizer.stepCount = 1
        Support.step(&optimizer, &parameters, gradients, learningRate: 0.01)
        let expected: [Matrix<Float>] = try Support.tensors(Fixtures.value(root, "update_parameters_with_adam_t2", "expected", "parameters"))
            .map { $0.converted() }
        #expect(Support.agree(parameters, expected, tolerance: 1e-5))
    }

    /// Same keys, every tensor agreeing to 1e-12.
    func stateAgrees(_ a: [String: Matrix<Double>], _ b: [String: Matrix<Double>]) -> Bool {
        Set(a.keys) == Set(b.keys) && a.allSatisfy { key, value in Support.agree(value, b[key]!) }
    }
}
