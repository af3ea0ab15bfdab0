import Descent

/// One point of the cost sweep: Adam steps (float32) on the wide benchmark's data with one
/// architecture and batch size, reported as µs per step and effective GEMM GFLOP/s.
struct SweepPoint {
    var series: String
    var layerSizes: [Int]
    var batchSize: Int
    var steps: Int
    var seconds: Double

    /// The matrix-product flops of one step: forward `W·A` for every layer, `dW` for every layer,
    /// and `dA` for every layer but the first: `2·B·(2·Σ n[l]·n[l-1] + Σ_{l≥2} n[l]·n[l-1])`.
    var flopsPerStep: Double {
        var products = 0, backward = 0
        for l in 1..<layerSizes.count {
            products += layerSizes[l] * layerSizes[l - 1]
            if l >= 2 { backward += layerSizes[l] * layerSizes[l - 1] }
        }
        return 2 * Double(batchSize) * Double(2 * products + backward)
    }
    var microsecondsPerStep: Double { 1e6 * seconds / Double(steps) }
    var gflops: Double { flopsPerStep * Double(steps) / seconds / 1e9 }

    /// Width (hidden [w, w/2]), depth (d hidden layers of 256) and batch-size series.
    static func run(quick: Bool) throws -> [SweepPoint] {
        var random = NumpyRandom(seed: 0)
        let m = quick ? 2048 : 8192
        let features: Matrix<Float> = random.rand(rows: 784, columns: m)
        var labels: Matrix<Float> = random.rand(rows: 1, columns: m)
        for j in 0..<labels.count { labels.elements[j] = labels.elements[j] > 0.5 ? 1 : 0 }
        let data = Dataset<Float>(features: features, labels: labels)
        var configurations: [(String, [Int], Int)] = []
        for width in quick ? [64, 256] : [32, 64, 128, 256, 512, 1024] { configurations.append(("width", [width, width / 2], 128)) }
        for depth in quick ? [1, 4] : [1, 2, 4, 8] { configurations.append(("depth", Array(repeating: 256, count: depth), 128)) }
        for batch in quick ? [32, 256] : [16, 32, 64, 128, 256, 512, 1024] { configurations.append(("batch", [256, 128], batch)) }
        let clock = ContinuousClock()
        var points = [SweepPoint]()
        for (series, hidden, batch) in configurations {
            let options = TrainingOptions(epochs: 1, batchSize: batch, shuffle: .lab, costFormula: .course)
            let trainer = Trainer<Float>(options: options)
            let sizes = [784] + hidden + [1]
            var best = Double.infinity
            for _ in 0..<2 {
                var generator = NumpyRandom(seed: 3)
                var network = Network<Double>(layerSizes: sizes, initializer: .he, using: &generator).converted(to: Float.self)
                var optimizer = Optimizer<Float>(.adam())
                var schedule = LearningRateSchedule.constant(0.0007)
                let start = clock.now
                _ = trainer.fit(&network, on: data, optimizer: &optimizer, schedule: &schedule, random: &generator)
                best = min(best, (clock.now - start).seconds)
            }
            points.append(SweepPoint(series: series, layerSizes: sizes, batchSize: batch, steps: (m + batch - 1) / batch, seconds: best))
        }
        return points
    }

    static let header = "sweep (float32 Adam, 784 inputs)  layers                     batch  us/step     GFLOP/s"

    var line: String {
        let layers = layerSizes.map(String.init).joined(separator: "-")
        return series.padding(toLength: 34, withPad: " ", startingAt: 0) + layers.padding(toLength: 27, withPad: " ", startingAt: 0)
            + String(batchSize).padding(toLength: 7, withPad: " ", startingAt: 0)
            + formatFixed(microsecondsPerStep, digits: 1).padding(toLength: 12, withPad: " ", startingAt: 0)
            + formatFixed(gflops, digits: 1)
    }

    var json: JSONValue {
        .object([
            ("series", .string(series)), ("layers", .array(layerSizes.map { .integer($0) })), ("batch", .integer(batchSize)),
            ("steps", .integer(steps)), ("seconds", .number(seconds)), ("us_per_step", .number(microsecondsPerStep)),
            ("gflops", .number(gflops)),
        ])
    }
}
