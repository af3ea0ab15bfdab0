import DescentTestSupport
import Testing
@testable import Descent

/// Issue 29: batch and layer normalization inside a network — the parameters it learns (no b under
/// batch normalization; γ and β per normalized layer), its backward pass against centred
/// differences at several shapes and losses, training against inference, and training itself.
@Suite struct NormalizedNetworkTests {
    /// A network of `sizes` with `normalization` on every hidden layer, and `m` examples for `loss`.
    static func case_(_ sizes: [Int], _ normalization: Normalization, loss: Loss = .binaryCrossEntropy, m: Int, activation: Activation = .relu,
                      seed: UInt64 = 29) -> (Network<Double>, Dataset<Double>) {
        var random = TestRandom(seed: seed)
        var network = Network<Double>(layerSizes: sizes, hiddenActivation: activation, loss: loss, initializer: .he,
                                      normalization: normalization, using: &random)
        // γ and β away from 1 and 0, so a mistake in either shows.
        for l in 1..<network.depth {
            network[ParameterID(layer: l, kind: .gamma)].elements.indices.forEach { i in
                network.layers[l - 1].withParameter(.gamma) { $0.elements[i] = 0.5 + random.nextUniform() }
                network.layers[l - 1].withParameter(.beta) { $0.elements[i] = random.nextUniform() - 0.5 }
            }
        }
        let features = Matrix<Double>(rows: sizes[0], columns: m) { _, _ in random.nextStandardNormal() * 2 + 1 }
        let outputs = sizes.last!
        let labels = Matrix<Double>(rows: 1, columns: m) { _, j in
            switch loss {
            case .categoricalCrossEntropy: Double(j % outputs)  // class indices
            case .meanSquaredError: Double(j) / Double(m) - 0.3
            default: Double(j % 2)
            }
        }
        return (network, Dataset(features: features, labels: labels))
    }

    @Test("a batch-normalized layer learns W, γ, β (its b is dropped); a layer-normalized one W, b, γ, β; the output layer W, b")
    func parameterIDs() {
        let (batch, _) = Self.case_([3, 4, 5, 1], .batch, m: 4)
        #expect(batch.parameterIDs.map(\.description) == ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"])
        #expect(batch.parameterCount == 12 + 4 + 4 + 20 + 5 + 5 + 5 + 1)
        let (layer, _) = Self.case_([3, 4, 1], .layer, m: 4)
        #expect(layer.parameterIDs.map(\.description) == ["W1", "b1", "gamma1", "beta1", "W2", "b2"])
        // Only the layers named are normalized, and the weights are those of a plain network from the same seed.
        var random = TestRandom(seed: 1), again = TestRandom(seed: 1)
        let some = Network<Double>(layerSizes: [3, 4, 4, 1], normalization: .batch, normalizedLayers: [2], using: &random)
        let plain = Network<Double>(layerSizes: [3, 4, 4, 1], using: &again)
        #expect(some.layers.map(\.isNormalized) == [false, true, false] && some.weights == plain.weights)
    }

    @Test("backward passes the gradient check with every γ and β named, for batch and layer normalization, three losses and two activations",
          arguments: [Normalization.batch, .layer])
    func gradientCheck(normalization: Normalization) {
        let cases: [(sizes: [Int], loss: Loss, m: Int, activation: Activation)] = [
            ([4, 6, 5, 1], .binaryCrossEntropy, 12, .relu),
            ([3, 7, 4], .categoricalCrossEntropy, 9, .tanh),
            ([5, 8, 8, 1], .meanSquaredError, 16, .relu),
            ([2, 3, 1], .binaryCrossEntropy, 2, .tanh),  // the smallest batch batch normalization takes
        ]
        for item in cases {
            let (network, data) = Self.case_(item.sizes, normalization, loss: item.loss, m: item.m, activation: item.activation)
            let report = GradientCheck.check(network, on: data, regularization: Regularization(l2: 0.1))
            #expect(report.passed && report.failingTensors.isEmpty, "\(normalization.name) \(item.sizes) \(item.loss): \(report.difference)")
            #expect(report.tensors.map(\.id) == network.parameterIDs)
        }
    }

    @Test("a bug planted in dγ or dβ is named by the gradient check", arguments: [ParameterID.Kind.gamma, .beta])
    func plantedBugsAreNamed(kind: ParameterID.Kind) {
        let (network, data) = Self.case_([4, 6, 5, 1], .batch, m: 10)
        var workspace = Workspace<Double>(depth: network.depth)
        network.propagate(data.features, into: &workspace, training: true) { _, _ in }
        network.backward(data.features, labels: data.labels, workspace: &workspace)
        var gradients = workspace.gradients
        gradients[ParameterID(layer: 2, kind: kind).index].scale(by: 1.5)
        let report = GradientCheck.check(network, on: data, claimedGradients: gradients)
        #expect(report.failingTensors == [ParameterID(layer: 2, kind: kind)])
    }

    @Test("batch normalization: training normalizes with the batch's statistics and tracks them; inference uses the running ones")
    func trainingAndInference() {
        var (network, data) = Self.case_([4, 6, 1], .batch(momentum: 0.1, epsilon: 1e-5), m: 32)
        var workspace = Workspace<Double>(depth: 2)
        network.propagate(data.features, into: &workspace, training: true) { _, _ in }
        // Each unit's Z̃ over the batch: mean β, spread γ.
        let z = workspace.preActivations[0], normalization = network.layers[0].batchNormalization!
        for i in 0..<6 {
            let row = Array(z.elements[i * 32 ..< (i + 1) * 32])
            let mean = row.reduce(0, +) / 32
            #expect(abs(mean - normalization.beta.elements[i]) < 1e-12)
        }
        #expect(normalization.batchesTracked == 0, "a forward pass leaves the network alone")
        network.updateRunningStatistics(from: workspace)
        let tracked = network.layers[0].batchNormalization!
        #expect(tracked.batchesTracked == 1)
        // running mean = 0.1 · μ of W·X (no bias).
        var linear = Matrix<Double>(rows: 0, columns: 0)
        linear.setProduct(network.layers[0].weights, data.features)
        for i in 0..<6 {
            let mean = linear.elements[i * 32 ..< (i + 1) * 32].reduce(0, +) / 32
            #expect(abs(tracked.runningMean.elements[i] - 0.1 * mean) < 1e-12)
        }
        // Inference: the same example gives the same output whatever else is in its batch.
        var single = Workspace<Double>(depth: 2), whole = Workspace<Double>(depth: 2)
        network.forward(data.features, into: &whole)
        var first = Matrix<Double>(rows: 0, columns: 0)
        network.forward(data.features.columns(0..<1, into: &first), into: &single)
        #expect(abs(single.output.elements[0] - whole.output.elements[0]) < 1e-14)
    }

    @Test("AdamW decays γ and β only with decaysBiases (as biases); clipping by the global norm counts dγ and dβ")
    func adamWAndClippingSeeGammaAndBeta() {
        // A zero gradient: the step is the decay alone, (1 − αλ)θ, or nothing.
        func stepped(_ kind: ParameterID.Kind, decaysBiases: Bool) -> Double {
            var optimizer = Optimizer<Double>(.adamw(weightDecay: 0.1, decaysBiases: decaysBiases))
            var parameter = Matrix<Double>(rows: 2, columns: 1, repeating: 2)
            optimizer.beginStep()
            optimizer.update(&parameter, gradient: Matrix(rows: 2, columns: 1), id: ParameterID(layer: 1, kind: kind), learningRate: 0.5)
            return parameter.elements[0]
        }
        for kind in [ParameterID.Kind.gamma, .beta, .bias] {
            #expect(stepped(kind, decaysBiases: false) == 2, "\(kind)")
            #expect(abs(stepped(kind, decaysBiases: true) - 2 * (1 - 0.5 * 0.1)) < 1e-15, "\(kind)")
        }
        #expect(abs(stepped(.weight, decaysBiases: false) - 2 * (1 - 0.5 * 0.1)) < 1e-15)
        // The global norm over every tensor, dγ and dβ included; clipped to half of it, dγ is halved.
        let (network, data) = Self.case_([3, 4, 1], .batch, m: 6)
        var workspace = Workspace<Double>(depth: network.depth)
        network.propagate(data.features, into: &workspace, training: true) { _, _ in }
        network.backward(data.features, labels: data.labels, workspace: &workspace)
        let norm = workspace.gradients.reduce(0) { $0 + $1.elements.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        let gammaGradient = workspace.gradient(ParameterID(layer: 1, kind: .gamma))
        #expect(GradientClipping.clipByGlobalNorm(&workspace.gradients, maximumNorm: norm / 2) == norm)
        #expect(zip(workspace.gradient(ParameterID(layer: 1, kind: .gamma)).elements, gammaGradient.elements).allSatisfy { abs($0 - $1 / 2) < 1e-15 })
    }

    /// Keeps the network of every epoch.
    final class EpochNetworks: TrainingObserver {
        var networks: [Int: Network<Double>] = [:]
        func epochDidEnd(_ record: EpochRecord, network: Network<Double>) -> Bool {
            networks[record.epoch] = network
            return true
        }
    }

    @Test("early stopping restores the best epoch's network, running statistics included")
    func earlyStoppingRestoresTheBestRunningStatistics() throws {
        let settings = try TrainingSettings(values: [("data", "moons"), ("hidden", "16,16"), ("batch-norm", ""), ("optimizer", "adam"),
                                                     ("learning-rate", "0.05"), ("batch-size", "32"), ("epochs", "300"), ("dev-fraction", "0.3"),
                                                     ("early-stopping", "5"), ("diagnostics", "0")])
        let configuration = try settings.runConfiguration()
        var run = try TrainingRun<Double>(configuration, data: PreparedData(configuration.data, seed: configuration.model.seed))
        let epochs = EpochNetworks()
        let result = run.fit(observers: [epochs])
        guard case .earlyStopped(let best) = result.history.stopReason else {
            Issue.record("expected early stopping, got \(result.history.stopReason)")
            return
        }
        let last = try #require(result.history.records.last?.epoch)
        #expect(best < last, "stopped after its best epoch")
        let expected = try #require(epochs.networks[best])
        #expect(result.network == expected, "the best epoch's W, γ, β and running statistics")
        #expect(result.network.layers[0].batchNormalization?.runningMean != epochs.networks[last]?.layers[0].batchNormalization?.runningMean)
    }

    @Test("a batch-normalized network converted to float32 and back keeps its running statistics; copies carry them")
    func conversionAndCopies() {
        var (network, data) = Self.case_([4, 6, 1], .batch, m: 8)
        var workspace = Workspace<Double>(depth: 2)
        network.propagate(data.features, into: &workspace, training: true) { _, _ in }
        network.updateRunningStatistics(from: workspace)
        let back = network.converted(to: Float.self).converted(to: Double.self)
        #expect(back.layers[0].batchNormalization!.batchesTracked == 1)
        #expect(zip(back.layers[0].batchNormalization!.runningMean.elements, network.layers[0].batchNormalization!.runningMean.elements)
            .allSatisfy { abs($0 - $1) < 1e-6 })
        var copy = Self.case_([4, 6, 1], .batch, m: 8, seed: 2).0
        copy.copyParameters(from: network)
        #expect(copy == network)
    }
}
