import Testing
import RealModule
@testable import Descent

/// The Regularization lab's unit test cases (TESTCASES.md), from the numpy vectors.
@Suite struct RegularizationAndDropoutTests {
    static func root() throws -> [String: Any] { try Fixtures.load("testcases") }

    /// The 3-2-3-1 toy network of the test cases from the fixture's parameters.
    static func network(_ parameters: Any, keepProbability: Double = 1) throws -> Network<Double> {
        var layers = [DenseLayer<Double>]()
        for l in 1...3 {
            layers.append(DenseLayer(weights: try Fixtures.matrix(try Fixtures.value(parameters, "W\(l)")),
                                     bias: try Fixtures.matrix(try Fixtures.value(parameters, "b\(l)")),
                                     activation: l == 3 ? .sigmoid : .relu, keepProbability: l == 3 ? 1 : keepProbability))
        }
        return Network(layers: layers, loss: .binaryCrossEntropy)
    }

    static func expectClose(_ actual: Matrix<Double>, _ expected: Any, tolerance: Double = 1e-12, _ label: String) throws {
        let want: Matrix<Double> = try Fixtures.matrix(expected)
        #expect(actual.rows == want.rows && actual.columns == want.columns, "\(label) shape")
        for (a, b) in zip(actual.elements, want.elements) {
            #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: tolerance * max(1, abs(b))), "\(label): \(a) vs \(b)")
        }
    }

    @Test func compute_cost_with_regularization() throws {
        let testCase = try Fixtures.value(try Self.root(), "compute_cost_with_regularization")
        let network = try Self.network(try Fixtures.value(testCase, "inputs", "parameters"))
        let a3: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "A3"))
        let y: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "Y"))
        let crossEntropy = (1.0 / 5) * Loss.binaryCrossEntropy.summedCost(z: a3, a: a3, y: y, formula: .course)
        let penalty = Regularization(l2: 0.1).cost(weights: network.weights, m: 5)
        #expect(crossEntropy.isApproximatelyEqual(to: try Fixtures.double(try Fixtures.value(testCase, "expected", "cross_entropy")), relativeTolerance: 1e-12))
        #expect((crossEntropy + penalty).isApproximatelyEqual(to: 1.7864859451590758, relativeTolerance: 1e-12))
    }

    /// The course's hard-coded (rounded) cache written into a workspace, so backward sees exactly it.
    static func workspace(fromCache cache: Any, keepProbability: Double?) throws -> Workspace<Double> {
        var workspace = Workspace<Double>(depth: 3)
        for l in 1...3 {
            workspace.preActivations[l - 1] = try Fixtures.matrix(try Fixtures.value(cache, "Z\(l)"))
            workspace.activations[l - 1] = try Fixtures.matrix(try Fixtures.value(cache, "A\(l)"))
            if keepProbability != nil, l < 3 { workspace.masks[l - 1] = try Fixtures.matrix(try Fixtures.value(cache, "D\(l)")) }
        }
        return workspace
    }

    @Test func backward_propagation_with_regularization() throws {
        let testCase = try Fixtures.value(try Self.root(), "backward_propagation_with_regularization")
        let cache = try Fixtures.value(testCase, "inputs", "course_hardcoded_cache")
        let network = try Self.network(cache)   // W and b as the course rounded them
        let x: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "X"))
        let y: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "Y"))
        var workspace = try Self.workspace(fromCache: cache, keepProbability: nil)
        network.backward(x, labels: y, workspace: &workspace, regularization: Regularization(l2: 0.7))
        let expected = try Fixtures.value(testCase, "expected_from_course_hardcoded_cache")
        for l in 1...3 {
            try Self.expectClose(workspace.gradient(ParameterID(layer: l, kind: .weight)), try Fixtures.value(expected, "dW\(l)"), "dW\(l)")
            try Self.expectClose(workspace.gradient(ParameterID(layer: l, kind: .bias)), try Fixtures.value(expected, "db\(l)"), "db\(l)")
        }
        // The printed digits of TESTCASES.md.
        #expect(abs(workspace.gradient(ParameterID(layer: 1, kind: .weight))[0, 0] - -0.25604646) < 5e-9)
        #expect(abs(workspace.gradient(ParameterID(layer: 3, kind: .weight))[0, 0] - -1.77691347) < 5e-9)
    }

    @Test func forward_propagation_with_dropout() throws {
        let testCase = try Fixtures.value(try Self.root(), "forward_propagation_with_dropout")
        let network = try Self.network(try Fixtures.value(testCase, "inputs", "parameters"), keepProbability: 0.7)
        let x: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "X"))
        var workspace = Workspace<Double>(depth: 3)
        var masks = NumpyRandom(seed: 1)   // the function's own np.random.seed(1)
        network.forward(x, into: &workspace, dropoutRandom: &masks)
        let expected = try Fixtures.value(testCase, "expected")
        #expect(workspace.masks[0] == (try Fixtures.matrix(try Fixtures.value(expected, "D1"))))
        #expect(workspace.masks[1] == (try Fixtures.matrix(try Fixtures.value(expected, "D2"))))
        try Self.expectClose(workspace.activations[0], try Fixtures.value(expected, "A1"), "A1")
        try Self.expectClose(workspace.activations[1], try Fixtures.value(expected, "A2"), "A2")
        try Self.expectClose(workspace.output, try Fixtures.value(expected, "A3"), "A3")
        // Inference never drops units.
        var inference = Workspace<Double>(depth: 3)
        network.forward(x, into: &inference)
        #expect(inference.output != workspace.output)
        #expect(inference.masks.allSatisfy { $0.elements.isEmpty })
    }

    @Test func backward_propagation_with_dropout() throws {
        let testCase = try Fixtures.value(try Self.root(), "backward_propagation_with_dropout")
        let cache = try Fixtures.value(testCase, "inputs", "course_hardcoded_cache")
        // The cache was made with keep_prob 0.5; the backward pass is called with 0.8.
        let network = try Self.network(cache, keepProbability: 0.8)
        let x: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "X"))
        let y: Matrix<Double> = try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "Y"))
        var workspace = try Self.workspace(fromCache: cache, keepProbability: 0.8)
        network.backward(x, labels: y, workspace: &workspace)
        let expected = try Fixtures.value(testCase, "expected_from_course_hardcoded_cache")
        for l in 1...3 {
            try Self.expectClose(workspace.gradient(ParameterID(layer: l, kind: .weight)), try Fixtures.value(expected, "dW\(l)"), "dW\(l)")
        }
        // dA1 = W2ᵀ dZ2, masked and scaled. The lab's backward starts from dZ3 = A3 − Y and applies
        // 1/m only to dW and db, so its dA values are m = 5 times ours (the gradients agree, above).
        let printedDA1 = [[0.36544439, 0, -0.00188233, 0, -0.17408748], [0.65515713, 0, -0.00337459, 0, -0]]
        var da1 = network.layers[1].weights.dot(workspace.errors[1], transposeSelf: true)
        da1 = 5 * ((da1 * workspace.masks[0]) / 0.8)
        try Self.expectClose(da1, try Fixtures.value(expected, "dA1"), "dA1")
        for (row, printed) in zip(da1.nestedRows, printedDA1) {
            for (a, b) in zip(row, printed) { #expect(abs(a - b) < 5e-9, "dA1 \(a) vs \(b)") }
        }
    }
}
