import Testing
@testable import Descent

@Suite("Network.estimatedMemory")
struct NetworkMemoryTests {
    @Test("counts parameters, optimizer state, the batch workspace and the evaluation workspace")
    func smallNetwork() {
        // [2, 3, 1]: P = 2·3 + 3 + 3·1 + 1 = 13 parameters; Σ n_l = 4 units.
        let sizes = [2, 3, 1]
        let parametersOnly = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 0, optimizerSlots: 0)
        #expect(parametersOnly == 13 * 4 * 8)
        let adam = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 0, optimizerSlots: 2)
        #expect(adam == 13 * 6 * 8)
        // A batch of 10: inputs (2) + labels (1) + 4 buffers × 4 units per example.
        let batch = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 10, optimizerSlots: 0)
        #expect(batch - parametersOnly == 10 * (2 + 1 + 16) * 8)
        let evaluation = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 0, evaluationSize: 5, optimizerSlots: 0)
        #expect(evaluation - parametersOnly == 5 * 2 * 4 * 8)
        #expect(Network<Float>.estimatedMemory(layerSizes: sizes, batchSize: 10, optimizerSlots: 2) * 2
                == Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 10, optimizerSlots: 2))
    }

    @Test("normalized layers: three more buffers per unit and example in training, one in evaluation — at least what a step holds")
    func normalizedLayers() {
        let sizes = [2, 3, 1]
        let plain = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 10, evaluationSize: 5, optimizerSlots: 0)
        let normalized = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 10, evaluationSize: 5, optimizerSlots: 0, normalized: true)
        #expect(normalized - plain == (10 * 3 * 4 + 5 * 4) * 8)
        // A batch-normalized step's workspace, counted, fits the estimate's batch share.
        var random = TestRandom(seed: 2)
        let network = Network<Double>(layerSizes: [6, 32, 16, 1], normalization: .batch, using: &random)
        let x = Matrix<Double>(rows: 6, columns: 64) { _, _ in random.nextStandardNormal() }
        let y = Matrix<Double>(rows: 1, columns: 64) { _, j in Double(j % 2) }
        var workspace = Workspace<Double>(depth: network.depth)
        network.propagate(x, into: &workspace, training: true) { _, _ in }
        network.backward(x, labels: y, workspace: &workspace)
        let buffers = [workspace.preActivations, workspace.activations, workspace.masks, workspace.errors, workspace.linear,
                       workspace.normalized, workspace.normalizationErrors].joined().map(\.count).reduce(0, +)
        let estimatedBatch = Network<Double>.estimatedMemory(layerSizes: network.layerSizes, batchSize: 64, optimizerSlots: 0, normalized: true)
            - Network<Double>.estimatedMemory(layerSizes: network.layerSizes, batchSize: 0, optimizerSlots: 0, normalized: true)
        #expect(buffers * 8 <= estimatedBatch, "\(buffers * 8) bytes held, \(estimatedBatch) estimated")
    }

    @Test("matches the parameter count of a real network")
    func matchesParameterCount() {
        var random = TestRandom(seed: 1)
        let network = Network<Double>(layerSizes: [5, 7, 4, 3], loss: .categoricalCrossEntropy, using: &random)
        #expect(Network<Double>.estimatedMemory(layerSizes: network.layerSizes, batchSize: 0, optimizerSlots: 0)
                == network.parameterCount * 4 * 8)
    }

    @Test("absurd sizes saturate instead of overflowing")
    func saturates() {
        #expect(Network<Double>.estimatedMemory(layerSizes: [2, 1_000_000_000, 1_000_000_000, 1], batchSize: 64) == Int.max)
        #expect(Network<Float>.estimatedMemory(layerSizes: [Int.max, Int.max], batchSize: Int.max, evaluationSize: Int.max) == Int.max)
        let large = Network<Float>.estimatedMemory(layerSizes: [2, 100_000, 100_000, 1], batchSize: 64)
        #expect(large > 100 << 30 && large < Int.max)
    }
}
