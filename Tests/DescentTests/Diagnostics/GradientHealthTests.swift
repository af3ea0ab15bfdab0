import DescentCLI
import Foundation
import Testing
@testable import Descent

/// The course's lesson, measured: per-layer statistics during training, and the warnings they
/// raise for a network whose weights start a little too small or too large.
@Suite struct GradientHealthTests {
    /// Trains a 10-hidden-layer network on moons for `epochs` full-batch iterations, recording
    /// every step; returns the history and the warnings.
    static func deepRun(activation: Activation, initializer: Initializer, epochs: Int = 3,
                        learningRate: Double = 0.01) -> (TrainingHistory, [DiagnosticWarning]) {
        var random = NumpyRandom(seed: 1)
        var network = Network<Double>(layerSizes: [2] + Array(repeating: 20, count: 10) + [1], hiddenActivation: activation,
                                      initializer: initializer, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(learningRate)
        var monitor = GradientHealthMonitor(run: DiagnosedRun(activation: activation, initializer: initializer, hiddenLayers: Array(repeating: 20, count: 10),
                                                              optimizer: "gd", learningRate: learningRate))
        var warnings: [DiagnosticWarning] = []
        var streamed: [DiagnosticsRecord] = []
        let history = Trainer<Double>(options: TrainingOptions(epochs: epochs, diagnosticsInterval: 1)).fit(
            &network, on: Dataset.courseMoons(), optimizer: &optimizer, schedule: &schedule, random: &random,
            onEpoch: { record, _ in
                monitor.observe(epoch: record)
                return true
            },
            onDiagnostics: { record in
                streamed.append(record)
                warnings += monitor.observe(record)
            })
        #expect(streamed == history.diagnostics, "the callback sees exactly what the history keeps")
        return (history, warnings)
    }

    @Test("a deep sigmoid network with small weights: gradients shrink geometrically toward the input; a vanishing warning names a layer")
    func smallSigmoidWeightsVanish() throws {
        let (history, warnings) = Self.deepRun(activation: .sigmoid, initializer: .random(scale: 0.01))
        let norms = try #require(history.diagnostics.first).layers.map(\.gradientNorm)
        // Geometric decay: every hidden layer's gradient is several times smaller than the next one's.
        for l in 0..<9 { #expect(norms[l] < norms[l + 1] / 3, "layer \(l + 1): \(norms[l]) vs \(norms[l + 1])") }
        let vanishing = try #require(warnings.first { $0.kind == .vanishingGradients })
        #expect(vanishing.layer == 1 && vanishing.message.contains("the errors ‖dZ‖ shrink"), "\(vanishing)")
        #expect(vanishing.epoch == 2, "only once it has held on three records")
        #expect(vanishing.change == ["activation": "relu", "init": "he"], "sigmoid: Glorot's scale would still shrink the errors ×¼ per layer")
        #expect(!warnings.contains { $0.kind == .explodingGradients })
        #expect(warnings.count == Set(warnings.map { "\($0.kind)/\($0.layer)" }).count, "each warning once")
    }

    @Test("a deep ReLU network with large weights: gradients grow geometrically; an exploding warning names a layer")
    func largeReLUWeightsExplode() throws {
        // A rate small enough that the weights stay where they started: the growth persists.
        let (history, warnings) = Self.deepRun(activation: .relu, initializer: .random(scale: 2), learningRate: 1e-9)
        let first = try #require(history.diagnostics.first)
        let activationScale = first.layers.dropLast().map(\.activationStandardDeviation)
        for l in 1..<activationScale.count { #expect(activationScale[l] > 2 * activationScale[l - 1]) }
        let exploding = try #require(warnings.first { $0.kind == .explodingGradients })
        // At least ×3 per layer and ×1000 in all: told at the first record, as a network blowing up in its first steps must be.
        #expect(exploding.layer == 1 && exploding.epoch == 0, "\(exploding)")
        #expect(exploding.change == ["init": "he", "learning-rate": "0.01"], "\(exploding)")
    }

    @Test("advice never repeats what the run has: a deep sigmoid run with glorot is told ReLU with He, as a command")
    func adviceDiffersFromTheRun() throws {
        let sigmoid = Self.deepRun(activation: .sigmoid, initializer: .glorotUniform, epochs: 3).1
        let vanishing = try #require(sigmoid.first { $0.kind == .vanishingGradients })
        #expect(vanishing.change == ["activation": "relu", "init": "he"], "\(vanishing)")
        #expect(vanishing.message.hasSuffix("try --activation relu --init he"))
        let settings = try TrainingSettings(arguments: ["--data", "moons", "--activation", "sigmoid", "--init", "glorot-uniform", "--epochs", "3"])
        #expect(vanishing.command(for: settings) == "descent train --data moons --epochs 3 --activation relu --init he")
    }

    @Test("He initialization keeps a deep ReLU network's gradients within a few orders of magnitude: no gradient warning")
    func heInitializationIsHealthy() {
        // Four times the monitor's 3-record window, so a sustained growth would have had room to show.
        let (history, warnings) = Self.deepRun(activation: .relu, initializer: .he, epochs: 12)
        #expect(!warnings.contains { $0.kind == .vanishingGradients || $0.kind == .explodingGradients }, "\(warnings)")
        #expect(history.diagnostics.count == 12 && history.diagnostics.map(\.step) == Array(0..<12))
    }

    @Test("the statistics are what they say: norms, the update ratio, activation moments, dead and saturated fractions")
    func statisticsMatchTheirDefinitions() throws {
        var random = NumpyRandom(seed: 2)
        var network = Network<Double>(layerSizes: [2, 3, 1], hiddenActivation: .relu, initializer: .he, using: &random)
        network.layers[0].bias = Matrix([[-100], [0], [0]])   // unit 1 dead for every example
        let before = network
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(0.1)
        let data = Dataset(features: Matrix([[1, 2, -1, 0.5], [0, 1, 2, -3]]), labels: Matrix([[1, 0, 1, 0]]))
        let history = Trainer<Double>(options: TrainingOptions(epochs: 1, diagnosticsInterval: 1)).fit(
            &network, on: data, optimizer: &optimizer, schedule: &schedule, random: &random)
        let stats = try #require(history.diagnostics.first?.layers.first)
        func norm(_ m: Matrix<Double>) -> Double { m.elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var delta = network.layers[0].weights
        for i in delta.elements.indices { delta.elements[i] -= before.layers[0].weights.elements[i] }
        #expect(abs(stats.weightNorm - norm(before.layers[0].weights)) < 1e-12)
        #expect(abs(stats.updateRatio - norm(delta) / norm(before.layers[0].weights)) < 1e-12)
        #expect(abs(stats.gradientNorm - norm(delta) / 0.1) < 1e-9, "plain GD: ΔW = −α dW")
        let w = before.layers[0].weights
        var activations: [Double] = []
        for i in 0..<3 {
            for j in 0..<4 {
                let z = w[i, 0] * data.features[0, j] + w[i, 1] * data.features[1, j] + before.layers[0].bias[i, 0]
                activations.append(max(0, z))
            }
        }
        let mean = activations.reduce(0, +) / 12
        #expect(abs(stats.activationMean - mean) < 1e-12)
        #expect(abs(stats.activationStandardDeviation - (activations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 12).squareRoot()) < 1e-12)
        #expect(stats.deadFraction.map { $0 >= 1.0 / 3 } == true && stats.saturatedFraction == nil)
        let output = try #require(history.diagnostics.first?.layers.last)
        #expect(output.deadFraction == nil && output.saturatedFraction != nil)
    }

    @Test("several records in one epoch count its cost once: a run whose cost keeps falling is not stuck, so half-dead layers stay unreported")
    func recordsWithinAnEpochDoNotMakeARunStuck() {
        func layer(_ index: Int, dead: Double) -> LayerStatistics {
            LayerStatistics(layer: index, units: 10, gradientNorm: 0.1, errorNorm: 0.1, weightNorm: 1, updateRatio: 1e-3, activationMean: 0.5,
                            activationStandardDeviation: 0.5, deadFraction: dead, saturatedFraction: nil)
        }
        var monitor = GradientHealthMonitor()
        var warnings: [DiagnosticWarning] = []
        for epoch in 0..<6 {
            // Five records an epoch, 60 % of layer 1 dead; the cost falls 20 % an epoch.
            for step in 0..<5 {
                warnings += monitor.observe(DiagnosticsRecord(epoch: epoch, step: epoch * 5 + step, layers: [layer(1, dead: 0.6), layer(2, dead: 0)]))
            }
            monitor.observe(epoch: EpochRecord(epoch: epoch, cost: pow(0.8, Double(epoch)), learningRate: 0.01))
        }
        #expect(warnings.isEmpty, "\(warnings)")
        // The same layers with the cost flat: stuck, and the dead units are named.
        var flat = GradientHealthMonitor()
        var flatWarnings: [DiagnosticWarning] = []
        for epoch in 0..<6 {
            for step in 0..<5 {
                flatWarnings += flat.observe(DiagnosticsRecord(epoch: epoch, step: epoch * 5 + step, layers: [layer(1, dead: 0.6), layer(2, dead: 0)]))
            }
            flat.observe(epoch: EpochRecord(epoch: epoch, cost: 0.69, learningRate: 0.01))
        }
        #expect(flatWarnings.map(\.kind) == [.deadUnits] && flatWarnings.first?.layer == 1, "\(flatWarnings)")
    }

    @Test("high variance: told when dev accuracy trails training by 15 points while the dev cost rises; silent at a small gap or with early stopping")
    func highVarianceNeedsAGapAndARisingDevCost() throws {
        func warnings(devAccuracy: Double, earlyStopping: Int? = nil) -> [DiagnosticWarning] {
            let run = DiagnosedRun(activation: .relu, initializer: .he, hiddenLayers: [16], optimizer: "adam", learningRate: 0.01,
                                   earlyStopping: earlyStopping)
            var monitor = GradientHealthMonitor(run: run)
            monitor.chanceCost = GradientHealthMonitor.chanceCost(loss: .binaryCrossEntropy, outputs: 1)
            let layer = { (index: Int) in
                LayerStatistics(layer: index, units: 16, gradientNorm: 0.1, errorNorm: 0.1, weightNorm: 1, updateRatio: 1e-3, activationMean: 0.5,
                                activationStandardDeviation: 0.5, deadFraction: 0, saturatedFraction: nil)
            }
            var found: [DiagnosticWarning] = []
            for epoch in 0..<8 {
                // The training cost falls; the dev cost falls to 0.4 by epoch 2, then rises.
                var record = EpochRecord(epoch: epoch, cost: 0.6 * pow(0.5, Double(epoch)), learningRate: 0.01,
                                         devCost: 0.4 + 0.1 * abs(Double(epoch) - 2), devAccuracy: devAccuracy)
                record.trainAccuracy = 1
                monitor.observe(epoch: record)
                found += monitor.observe(DiagnosticsRecord(epoch: epoch, step: epoch, layers: [layer(1), layer(2)]))
            }
            return found
        }
        let told = warnings(devAccuracy: 0.8)
        let highVariance = try #require(told.first)
        #expect(told.map(\.kind) == [.highVariance] && highVariance.layer == 0 && highVariance.change == ["early-stopping": "20"], "\(told)")
        // The dev cost is 1.1 × its lowest (0.4) from epoch 3 on (0.5), and the third such record speaks.
        #expect(highVariance.epoch == 5 && highVariance.description.hasPrefix("epoch 5: high variance: accuracy 1 on training, 0.8 on dev"))
        #expect(warnings(devAccuracy: 0.95).isEmpty, "5 points is an ordinary gap")
        #expect(warnings(devAccuracy: 0.8, earlyStopping: 10).isEmpty, "early stopping already ends the run at its best dev cost")
        #expect(GradientHealthMonitor.chanceCost(loss: .categoricalCrossEntropy, outputs: 3) == log(3.0))
        #expect(GradientHealthMonitor.chanceCost(loss: .meanSquaredError, outputs: 1) == nil)
    }
}
