import Descent
import DescentKernelsC

/// One point of the cost sweep or of the typical shapes: Adam steps on random data with one
/// architecture, batch size and precision, reported as µs per step and effective GEMM GFLOP/s
/// (beside the measured FMA peak of the two cores, `peakGFLOPS`).
struct SweepPoint {
    var series: String
    var precision: String
    var layerSizes: [Int]
    var batchSize: Int
    var steps: Int
    var seconds: Double
    /// The two cores' measured FMA peak in this precision (0: not measured).
    var peakGFLOPS = 0.0

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

    /// Width (hidden [w, w/2]), depth (d hidden layers of 256) and batch-size series, float32 on
    /// 784 uniform inputs with random 0/1 labels; each point one epoch, best of 2 (the per-`fit`
    /// set-up included).
    static func run(quick: Bool) throws -> [SweepPoint] {
        let m = quick ? 2048 : 8192
        let data = randomData(Float.self, inputs: 784, classes: 2, examples: m)
        var configurations: [(String, [Int], Int)] = []
        for width in quick ? [64, 256] : [32, 64, 128, 256, 512, 1024] { configurations.append(("width", [width, width / 2], 128)) }
        for depth in quick ? [1, 4] : [1, 2, 4, 8] { configurations.append(("depth", Array(repeating: 256, count: depth), 128)) }
        for batch in quick ? [32, 256] : [16, 32, 64, 128, 256, 512, 1024] { configurations.append(("batch", [256, 128], batch)) }
        return configurations.map { series, hidden, batch in
            measure(series: series, sizes: [784] + hidden + [1], batchSize: batch, data: data, epochs: 1, repetitions: 2)
        }
    }

    /// The shapes users train (issue 27), in both precisions: a typical table (27 standard-normal
    /// inputs → 64 → 64 → 1, batch 64) and MNIST's (784 uniform inputs → 256 → 128 → 10 softmax,
    /// batch 128), on 8192 random examples; a warm-up epoch, then the best of 3 runs of several
    /// epochs, so the per-`fit` set-up is under 1 % of the time. The peak is measured first.
    static func shapes(quick: Bool) -> [SweepPoint] {
        let peak = 2 * descent_fma_peak_f32(quick ? 20_000_000 : 100_000_000)
        let m = quick ? 2048 : 8192
        var points = [SweepPoint]()
        func both<Scalar: DescentFloat>(_: Scalar.Type) {
            let table = randomData(Scalar.self, inputs: 27, classes: 2, examples: m, normal: true)
            let mnist = randomData(Scalar.self, inputs: 784, classes: 10, examples: m)
            let share = Scalar.self == Float.self ? 1.0 : 0.5
            for (series, sizes, batch, data, epochs) in [("table", [27, 64, 64, 1], 64, table, quick ? 4 : 20),
                                                         ("mnist", [784, 256, 128, 10], 128, mnist, quick ? 1 : 3)] {
                for normalization: Normalization? in [nil, .batch(momentum: Normalization.defaultMomentum, epsilon: Normalization.defaultEpsilon)] {
                    let name = series + (normalization == nil ? "" : "+bn")
                    _ = measure(series: name, sizes: sizes, batchSize: batch, data: data, epochs: 1, repetitions: 1, normalization: normalization)
                    var point = measure(series: name, sizes: sizes, batchSize: batch, data: data, epochs: epochs, repetitions: quick ? 1 : 3,
                                        normalization: normalization)
                    point.peakGFLOPS = peak * share
                    points.append(point)
                }
            }
        }
        both(Float.self)
        both(Double.self)
        return points
    }

    /// `examples` random examples: uniform (or standard-normal) features and uniform class labels
    /// (0/1 for two classes), from `NumpyRandom(seed: 0)`.
    static func randomData<Scalar: DescentFloat>(_: Scalar.Type, inputs: Int, classes: Int, examples m: Int, normal: Bool = false) -> Dataset<Scalar> {
        var random = NumpyRandom(seed: 0)
        let features: Matrix<Double> = normal ? random.randn(rows: inputs, columns: m) : random.rand(rows: inputs, columns: m)
        var labels: Matrix<Double> = random.rand(rows: 1, columns: m)
        for j in 0..<m { labels.elements[j] = (labels.elements[j] * Double(classes)).rounded(.down) }
        return Dataset<Double>(features: features, labels: labels).converted(to: Scalar.self)
    }

    /// Adam (lr 0.0007) from a He-initialized network (`NumpyRandom(seed: 3)`, its hidden layers
    /// normalized by `normalization` if given), `epochs` epochs of `data` in batches of
    /// `batchSize`, the best of `repetitions` timed runs.
    static func measure<Scalar: DescentFloat>(series: String, sizes: [Int], batchSize: Int, data: Dataset<Scalar>, epochs: Int,
                                              repetitions: Int, normalization: Normalization? = nil) -> SweepPoint {
        let options = TrainingOptions(epochs: epochs, batchSize: batchSize, shuffle: .lab, costFormula: .course)
        let trainer = Trainer<Scalar>(options: options)
        let loss: Loss = sizes.last == 1 ? .binaryCrossEntropy : .categoricalCrossEntropy
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<repetitions {
            var generator = NumpyRandom(seed: 3)
            var network = Network<Double>(layerSizes: sizes, loss: loss, initializer: .he, normalization: normalization, using: &generator)
                .converted(to: Scalar.self)
            var optimizer = Optimizer<Scalar>(.adam())
            var schedule = LearningRateSchedule.constant(0.0007)
            let start = clock.now
            _ = trainer.fit(&network, on: data, optimizer: &optimizer, schedule: &schedule, random: &generator)
            best = min(best, (clock.now - start).seconds)
        }
        return SweepPoint(series: series, precision: Scalar.precisionName, layerSizes: sizes, batchSize: batchSize,
                          steps: epochs * ((data.count + batchSize - 1) / batchSize), seconds: best)
    }

    static let header = "series   precision  layers                     batch  us/step     GFLOP/s   of 2-core FMA peak"

    var line: String {
        let layers = layerSizes.map(String.init).joined(separator: "-")
        return series.padding(toLength: 9, withPad: " ", startingAt: 0) + precision.padding(toLength: 11, withPad: " ", startingAt: 0)
            + layers.padding(toLength: 27, withPad: " ", startingAt: 0)
            + String(batchSize).padding(toLength: 7, withPad: " ", startingAt: 0)
            + formatFixed(microsecondsPerStep, digits: 1).padding(toLength: 12, withPad: " ", startingAt: 0)
            + formatFixed(gflops, digits: 1).padding(toLength: 10, withPad: " ", startingAt: 0)
            + (peakGFLOPS > 0 ? "\(formatFixed(100 * gflops / peakGFLOPS, digits: 0)) % of \(formatFixed(peakGFLOPS, digits: 0))" : "")
    }

    var json: JSONValue {
        .object([
            ("series", .string(series)), ("precision", .string(precision)), ("layers", .array(layerSizes.map { .integer($0) })), ("batch", .integer(batchSize)),
            ("steps", .integer(steps)), ("seconds", .number(seconds)), ("us_per_step", .number(microsecondsPerStep)),
            ("gflops", .number(gflops)), ("peak_gflops", peakGFLOPS > 0 ? .number(peakGFLOPS) : .null),
        ])
    }
}
