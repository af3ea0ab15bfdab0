import Testing
import RealModule
@testable import Descent

@Suite struct GradientCheckTests {
    /// The Gradient Checking lab's network (4-5-3-1) and data, straight from the numpy test case.
    static func courseCase() throws -> (Network<Double>, Dataset<Double>, [String: Any]) {
        let root = try Fixtures.load("testcases")
        let testCase = try Fixtures.value(root, "gradient_check_n") as! [String: Any]
        let parameters = try Fixtures.value(testCase, "inputs", "parameters")
        var layers = [DenseLayer<Double>]()
        for l in 1...3 {
            layers.append(DenseLayer(
                weights: try Fixtures.matrix(try Fixtures.value(parameters, "W\(l)")),
                bias: try Fixtures.matrix(try Fixtures.value(parameters, "b\(l)")),
                activation: l == 3 ? .sigmoid : .relu))
        }
        let data = Dataset(features: try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "X")),
                           labels: try Fixtures.matrix(try Fixtures.value(testCase, "inputs", "Y")))
        return (Network(layers: layers, loss: .binaryCrossEntropy), data, testCase)
    }

    @Test func oneDimensionalCheckMatchesTheLab() throws {
        let expected = try Fixtures.value(try Fixtures.load("testcases"), "gradient_check_1d", "expected")
        let x = 2.0
        let result = GradientCheck.check(cost: { $0 * x }, derivative: { _ in x }, at: 4)
        #expect(result.approximation == (try Fixtures.double(try Fixtures.value(expected, "gradapprox"))))
        #expect(result.difference.isApproximatelyEqual(to: try Fixtures.double(try Fixtures.value(expected, "difference")), relativeTolerance: 1e-9))
        #expect(result.passed)
    }

    @Test func courseCaseCostAndFixedBackward() throws {
        let (network, data, testCase) = try Self.courseCase()
        let report = GradientCheck.check(network, on: data, formula: .courseStrict, threshold: GradientCheck.courseThreshold)
        #expect(report.cost.isApproximatelyEqual(to: try Fixtures.double(try Fixtures.value(testCase, "cost")), relativeTolerance: 1e-12))
        let expectedGradient = try Fixtures.flatten(try Fixtures.value(testCase, "correct_backward", "grad", "data"))
        let expectedApproximation = try Fixtures.flatten(try Fixtures.value(testCase, "correct_backward", "gradapprox", "data"))
        #expect(report.gradient.count == expectedGradient.count && report.approximation.count == expectedApproximation.count)
        for (ours, theirs) in zip(report.gradient, expectedGradient) {
            #expect(ours.isApproximatelyEqual(to: theirs, relativeTolerance: 1e-12, norm: \.magnitude))
        }
        for (ours, theirs) in zip(report.approximation, expectedApproximation) {
            #expect(abs(ours - theirs) <= 1e-8 * max(1, abs(theirs)))
        }
        let expectedDifference = try Fixtures.double(try Fixtures.value(testCase, "correct_backward", "difference"))
        #expect(abs(report.difference - expectedDifference) < 0.05 * expectedDifference,
                "fixed backward: \(report.difference) vs the lab's \(expectedDifference)")
        #expect(report.passed)
    }

    @Test func plantedBugsAreFlaggedAndNamed() throws {
        let (network, data, testCase) = try Self.courseCase()
        var workspace = Workspace<Double>(depth: 3)
        network.forward(data.features, into: &workspace)
        network.backward(data.features, labels: data.labels, workspace: &workspace)
        var buggy = workspace.gradients
        buggy[ParameterID(layer: 2, kind: .weight).index].scale(by: 2)   // dW2 × 2
        buggy[ParameterID(layer: 1, kind: .bias).index].scale(by: 4)     // db1 with 4/m
        let report = GradientCheck.check(network, on: data, formula: .courseStrict,
                                         threshold: GradientCheck.courseThreshold, claimedGradients: buggy)
        let expected = try Fixtures.double(try Fixtures.value(testCase, "buggy_backward", "difference"))
        #expect(report.difference.isApproximatelyEqual(to: expected, relativeTolerance: 1e-9))
        #expect(!report.passed)
        #expect(report.failingTensors.map(\.description) == ["b1", "W2"])
        // The tensors' shares of the overall difference add up (in squares) to it.
        let shares = report.tensors.map(\.contribution)
        #expect(shares.map { $0 * $0 }.reduce(0, +).squareRoot().isApproximatelyEqual(to: report.difference, relativeTolerance: 1e-12))
        // W2's worst entry: the claimed gradient is twice the numerical one, at a position inside W2.
        let w2 = try #require(report.tensors.first { $0.id == ParameterID(layer: 2, kind: .weight) })
        let worst = try #require(w2.worstEntries.first)
        #expect(worst.analytic.isApproximatelyEqual(to: 2 * worst.numerical, relativeTolerance: 1e-6))
        #expect(worst.row < network.layers[1].weights.rows && worst.column < network.layers[1].weights.columns)
    }

    static let depths = [1, 2, 3, 4]
    static let regularizations: [Regularization] = [.none, Regularization(l2: 0.7), Regularization(l1: 0.3)]

    /// Every hidden activation × {none, L2, L1} × depth 1-4, in Double: all below 1e-7.
    @Test(arguments: Activation.hiddenCases, regularizations)
    func backpropagationMatchesFiniteDifferences(activation: Activation, regularization: Regularization) {
        for depth in Self.depths {
            var random = TestRandom(seed: UInt64(depth) * 97 + 13)
            let sizes = [3] + Array([5, 4, 3].prefix(depth - 1)) + [1]
            var network = Network<Double>(layerSizes: sizes, hiddenActivation: activation, initializer: .glorot, using: &random)
            // Non-zero biases keep every ReLU off its kink (a dead example makes Z = b exactly).
            for l in network.layers.indices {
                network.layers[l].bias = Matrix(rows: sizes[l + 1], columns: 1) { _, _ in 0.1 * random.nextStandardNormal() }
            }
            let features = Matrix<Double>(rows: 3, columns: 7) { _, _ in random.nextStandardNormal() }
            let labels = Matrix<Double>(rows: 1, columns: 7) { _, j in Double(j % 2) }
            let report = GradientCheck.check(network, on: Dataset(features: features, labels: labels), regularization: regularization)
            #expect(report.difference < 1e-7, "\(activation) depth \(depth) \(regularization): \(report.difference)")
        }
    }

    @Test(arguments: [Loss.categoricalCrossEntropy, .meanSquaredError])
    func otherLossesMatchFiniteDifferences(loss: Loss) {
        var random = TestRandom(seed: 5)
        let network = Network<Double>(layerSizes: [4, 6, 3], hiddenActivation: .tanh, loss: loss, initializer: .glorot, using: &random)
        let features = Matrix<Double>(rows: 4, columns: 9) { _, _ in random.nextStandardNormal() }
        let labels = loss == .meanSquaredError
            ? Matrix<Double>(rows: 3, columns: 9) { _, _ in random.nextStandardNormal() }
            : Matrix<Double>(rows: 1, columns: 9) { _, j in Double(j % 3) }
        let report = GradientCheck.check(network, on: Dataset(features: features, labels: labels), regularization: Regularization(l2: 0.1))
        #expect(report.difference < 1e-7, "\(loss): \(report.difference)")
    }

    @Test(arguments: 1...3)
    func aBugPlantedInOneLayerIsNamed(layer: Int) {
        var random = TestRandom(seed: 11)
        let network = Network<Double>(layerSizes: [3, 5, 4, 1], initializer: .he, using: &random)
        let data = Dataset(features: Matrix<Double>(rows: 3, columns: 6) { _, _ in random.nextStandardNormal() },
                           labels: Matrix<Double>(rows: 1, columns: 6) { _, j in Double(j % 2) })
        var workspace = Workspace<Double>(depth: 3)
        network.forward(data.features, into: &workspace)
        network.backward(data.features, labels: data.labels, workspace: &workspace)
        var gradients = workspace.gradients
        gradients[ParameterID(layer: layer, kind: .weight).index].scale(by: 1.5)
        let report = GradientCheck.check(network, on: data, claimedGradients: gradients)
        #expect(report.failingTensors == [ParameterID(layer: layer, kind: .weight)])
    }

    @Test func dropoutIsSwitchedOffAndReported() {
        var random = TestRandom(seed: 3)
        let network = Network<Double>(layerSizes: [2, 4, 1], initializer: .he, keepProbability: 0.5, using: &random)
        let data = Dataset(features: Matrix<Double>(rows: 2, columns: 5) { _, _ in random.nextStandardNormal() },
                           labels: Matrix<Double>(rows: 1, columns: 5) { _, j in Double(j % 2) })
        let report = GradientCheck.check(network, on: data)
        #expect(report.dropoutDisabled)
        #expect(report.passed)
    }
}
