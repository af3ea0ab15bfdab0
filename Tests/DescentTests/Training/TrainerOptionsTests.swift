import RealModule
import Testing
@testable import Descent

/// Trainer options that the lab and CLI tests do not reach: gradient clipping inside `fit`, and the
/// mini-batch cost with a weight penalty (each batch's penalty weighs as if m = 1).
@Suite struct TrainerOptionsTests {
    static let data = Dataset(features: Matrix<Double>(rows: 2, columns: 10) { i, j in Double((i + 1) * j % 7) - 3 },
                              labels: Matrix<Double>(rows: 1, columns: 10) { _, j in Double(j % 2) })

    static func network() -> Network<Double> {
        var random = FastRandom(seed: 5)
        return Network<Double>(layerSizes: [2, 4, 1], initializer: .random(scale: 2), using: &random)
    }

    /// The parameters after one full-batch gradient-descent step with `options`.
    static func oneStep(_ options: TrainingOptions, learningRate: Double) -> Network<Double> {
        var network = Self.network()
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(learningRate)
        var random = FastRandom(seed: 1)
        _ = Trainer<Double>(options: options).fit(&network, on: Self.data, optimizer: &optimizer, schedule: &schedule, random: &random)
        return network
    }

    /// Every parameter's change, flattened in layer order.
    static func changes(_ after: Network<Double>) -> [Double] {
        zip(Self.network().layers, after.layers).flatMap { before, after in
            zip(before.weights.elements + before.bias.elements, after.weights.elements + after.bias.elements).map { $1 - $0 }
        }
    }

    @Test func clippingByValueBoundsEveryStepElement() {
        let unclipped = Self.changes(Self.oneStep(TrainingOptions(epochs: 1), learningRate: 0.1))
        let clipped = Self.changes(Self.oneStep(TrainingOptions(epochs: 1, clipValue: 1e-3), learningRate: 0.1))
        #expect(unclipped.contains { abs($0) > 1e-4 }, "some raw gradient exceeds the limit")
        for (raw, step) in zip(unclipped, clipped) {
            // GD moves by −α·clip(g): raw steps within ±α·limit are unchanged, larger ones are cut to it.
            let expected = Swift.max(-1e-4, Swift.min(1e-4, raw))
            #expect(abs(step - expected) <= 1e-15, "\(raw) → \(step)")
        }
    }

    @Test func clippingByNormRescalesTheWholeStep() {
        let unclipped = Self.changes(Self.oneStep(TrainingOptions(epochs: 1), learningRate: 0.1))
        let rawNorm = unclipped.map { $0 * $0 }.reduce(0, +).squareRoot() / 0.1
        #expect(rawNorm > 0.5)
        let clipped = Self.changes(Self.oneStep(TrainingOptions(epochs: 1, clipNorm: 0.5), learningRate: 0.1))
        for (raw, step) in zip(unclipped, clipped) {
            #expect(abs(step - raw * 0.5 / rawNorm) <= 1e-12 * Swift.max(abs(raw), 1e-3))
        }
    }

    @Test func miniBatchCostAddsEachBatchPenaltyWithMOne() {
        let regularization = Regularization(l2: 0.7)
        var network = Self.network()
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(0.05)
        var random = FastRandom(seed: 1)
        let history = Trainer<Double>(options: TrainingOptions(epochs: 1, batchSize: 4, shuffle: .none, regularization: regularization))
            .fit(&network, on: Self.data, optimizer: &optimizer, schedule: &schedule, random: &random)
        // The same epoch by hand: batches 0..<4, 4..<8, 8..<10, each scored before its update.
        var manual = Self.network()
        var workspace = Workspace<Double>(depth: manual.depth)
        var total = 0.0
        for range in [0 ..< 4, 4 ..< 8, 8 ..< 10] {
            var x = Matrix<Double>(rows: 0, columns: 0), y = Matrix<Double>(rows: 0, columns: 0)
            Self.data.features.gatherColumns(Array(range)[...], into: &x)
            Self.data.labels.gatherColumns(Array(range)[...], into: &y)
            manual.forward(x, into: &workspace)
            total += manual.loss.summedCost(z: workspace.logits, a: workspace.output, y: y)
                + regularization.cost(weights: manual.layers.map(\.weights), m: 1)
            manual.backward(x, labels: y, workspace: &workspace, regularization: regularization)
            var gd = Optimizer<Double>(.gradientDescent)
            for id in manual.parameterIDs { gd.update(&manual[id], gradient: workspace.gradients[id.index], id: id, learningRate: 0.05) }
        }
        #expect(history.records.count == 1)
        #expect(history.records[0].cost.isApproximatelyEqual(to: total / 10, relativeTolerance: 1e-14))
    }
}
