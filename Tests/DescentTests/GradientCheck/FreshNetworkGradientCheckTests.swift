import Testing
@testable import Descent

/// `FreshNetworkGradientCheck`: the batch, network and biases `descent gradcheck` draws, and its check.
@Suite struct FreshNetworkGradientCheckTests {
    static let moons = try! CourseDataset.moons.load(as: Double.self).train

    @Test("the check is the one of the network and batch drawn in order from one numpy stream: permutation, weights, N(0, 0.1²) biases")
    func drawsInTheDocumentedOrder() {
        let check = FreshNetworkGradientCheck(data: Self.moons, examples: 16, hiddenLayers: [5, 3], seed: 4)
        #expect(check.layerSizes == [2, 5, 3, 1] && check.examples == 16)
        let report = check.run()

        var random = NumpyRandom(seed: 4)
        let batch = Self.moons.selecting(columns: Array(random.permutation(Self.moons.count).prefix(16)))
        var network = Network<Double>(layerSizes: [2, 5, 3, 1], initializer: .he, using: &random)
        for l in network.layers.indices {
            network.layers[l].bias = random.normal(mean: 0, standardDeviation: 0.1, rows: network.layers[l].outputSize, columns: 1)
        }
        let expected = GradientCheck.check(network, on: batch)
        #expect(report.difference == expected.difference && report.cost == expected.cost)
        #expect(report.passed && report.difference < 1e-7 && report.tensors.map(\.id.description) == ["W1", "b1", "W2", "b2", "W3", "b3"])
        #expect(check.run().difference == report.difference, "a seed names the whole check")
        #expect(FreshNetworkGradientCheck(data: Self.moons, examples: 16, hiddenLayers: [5, 3], seed: 5).run().difference != report.difference)
    }

    @Test("the batch is at most the data; dropout is switched off and reported; the memory estimate has no optimizer state")
    func batchDropoutAndMemory() {
        let check = FreshNetworkGradientCheck(data: Self.moons, examples: 100_000, hiddenLayers: [4], hiddenActivation: .tanh,
                                              keepProbability: 0.8)
        #expect(check.examples == Self.moons.count)
        #expect(check.estimatedMemory == Network<Double>.estimatedMemory(layerSizes: [2, 4, 1], batchSize: Self.moons.count, optimizerSlots: 0))
        let report = check.run(regularization: Regularization(l2: 0.1, l1: 0))
        #expect(report.dropoutDisabled && report.passed)
        let json = report.json.text
        #expect(json.hasPrefix(#"{"difference": \#(report.difference), "passed": true, "threshold": 1e-07, "epsilon": 1e-07, "#
            + #""dropout_disabled": true, "failing": [], "tensors": [{"name": "W1", "difference": "#))
    }
}
