import ArgumentParser
import Descent
import DescentAllocationCounter
import Foundation

/// `descent bench`: the peer benchmark's workloads (`course_numpy.py`, `course_torch.py`) on Descent —
/// same data, same initial weights, same batch order — plus a matrix-multiply table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the course workloads and the matrix products (compare with the numpy/PyTorch peers).",
        discussion: """
            Workloads (as ../shared/bench/course_numpy.py): moons-gd, moons-momentum, moons-adam (layers \
            [2,5,2,1], lr 0.0007, batch 64, the lab's reseeded shuffles, 10000 epochs), circles-init \
            (He init, [2,10,5,1], full-batch GD lr 0.01, 15000 iterations), wide-f32 / wide-f64 \
            (X 784×8192 uniform, random labels, [784,256,128,1], Adam lr 0.0007, batch 128), and gemm \
            (square products N = 256, 512, 1024 against the system BLAS when it is installed), and csv-load \
            (an MNIST-shaped CSV, 60000 × 785 integers, read into the float64 training matrix; --csv-file \
            reads your own file instead), and moons-adam-run (moons-adam through \
            the library path descent train takes, RunConfiguration → TrainingRun: the same µs per step, or the \
            path runs unspecialized), moons-live (the same run watched as the playground watches it: a \
            PlaygroundRun streaming JSON frames with a 40×40 boundary 20 times a second; frames/s and the \
            µs per step it costs against moons-adam-run), and csv-table (the same shape with 10 word columns and 2 % missing \
            cells, prepared as train does — read, encoded, imputed, standardized — against the all-numeric \
            file prepared the same way). \
            Each workload reports the median wall time of --reps runs, µs per step, steps/s, accuracy, \
            and the heap allocations per training step in steady state (counted by a malloc counter; \
            -1 where it is unavailable).
            """)

    /// A workload, by its `--only` name.
    enum Workload: String, CaseIterable {
        case moonsGD = "moons-gd", moonsMomentum = "moons-momentum", moonsAdam = "moons-adam", moonsAdamRun = "moons-adam-run"
        case moonsLive = "moons-live"
        case circlesInit = "circles-init"
        case wideF64 = "wide-f64", wideF32 = "wide-f32", gemm, sweep, csvLoad = "csv-load", csvTable = "csv-table"
        /// What runs without `--only`, in this order: everything but the sweep.
        static var defaults: [Workload] { allCases.filter { $0 != .sweep } }
    }

    @Option(help: "Comma-separated workloads to run (default: all): \(Workload.defaults.map(\.rawValue).joined(separator: ", ")).")
    var only: String?

    @Flag(help: "A short run: 1/10 of the epochs, one repetition, one GEMM size.")
    var quick = false

    @Flag(help: "Print one JSON line {system, quick, results: [...], gemm: [...]} on stdout.")
    var json = false

    @Option(help: "Timed repetitions per workload (default 3, quick 1); the median is reported.")
    var reps: Int?

    @Option(help: "Epochs of the moons workloads (default 10000, quick 1000).")
    var moonsEpochs: Int?

    @Option(help: "Iterations of circles-init (default 15000, quick 1500).")
    var circlesIterations: Int?

    @Option(help: "Epochs of 64 steps of the wide workloads (default 3, quick 1).")
    var wideEpochs: Int?

    @Option(help: "Record per-layer diagnostics every N steps in the training workloads (default 0: off), to measure their cost.")
    var diagnostics: Int = 0

    @Option(help: "csv-load: time this CSV file instead of a generated MNIST-shaped one.")
    var csvFile: String?

    @Option(help: "csv-load: rows of the generated file (default 60000, quick 6000).")
    var csvRows: Int?

    func validate() throws {
        for name in selectedNames where Workload(rawValue: name) == nil {
            throw ValidationError("--only: unknown workload '\(name)'; choose from \(Workload.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (name, value) in [("--reps", reps), ("--moons-epochs", moonsEpochs), ("--circles-iterations", circlesIterations),
                              ("--wide-epochs", wideEpochs), ("--csv-rows", csvRows)] {
            if let value, value < 1 { throw ValidationError("\(name): must be at least 1, got \(value)") }
        }
    }

    /// The `--only` names as given.
    var selectedNames: [String] {
        guard let only else { return Workload.defaults.map(\.rawValue) }
        return only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let repetitions = reps ?? (quick ? 1 : 3)
        var results = [BenchResult]()
        var gemm = [GEMMRow]()
        var sweep = [SweepPoint]()
        var csvLoad: CSVLoadResult?
        var csvTable: CSVTableResult?
        func record(_ result: BenchResult) {
            results.append(result)
            if !json { print(result.line) }
        }
        let moonsEpochs = moonsEpochs ?? (quick ? 1000 : 10000), wideEpochs = wideEpochs ?? (quick ? 1 : 3)
        let diagnostics = self.diagnostics > 0 ? self.diagnostics : nil
        for workload in selectedNames.compactMap(Workload.init(rawValue:)) {
            switch workload {
            case .moonsGD: record(try BenchWorkloads.moons(.gradientDescent, epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .moonsMomentum: record(try BenchWorkloads.moons(.momentum(), epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .moonsAdam: record(try BenchWorkloads.moons(.adam(), epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .moonsAdamRun: record(try BenchWorkloads.moonsThroughTrainingRun(epochs: moonsEpochs, repetitions: repetitions))
            case .moonsLive: record(try BenchWorkloads.moonsLive(epochs: moonsEpochs, repetitions: repetitions))
            case .circlesInit:
                record(try BenchWorkloads.circles(iterations: circlesIterations ?? (quick ? 1500 : 15000), repetitions: repetitions,
                                                  diagnostics: diagnostics))
            case .wideF64: record(try BenchWorkloads.wide(Double.self, epochs: wideEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .wideF32: record(try BenchWorkloads.wide(Float.self, epochs: wideEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .gemm: gemm = GEMMRow.table(sizes: quick ? [256] : [256, 512, 1024], repeats: quick ? 3 : 5)
            case .sweep: sweep = try SweepPoint.run(quick: quick)
            case .csvLoad:
                let result = try CSVLoadResult.run(file: csvFile, rows: csvRows ?? (quick ? 6000 : 60000), repetitions: repetitions)
                if !json { print(result.line) }
                csvLoad = result
            case .csvTable:
                let result = try CSVTableResult.run(rows: csvRows ?? (quick ? 6000 : 60000), repetitions: repetitions)
                if !json { print(result.line) }
                csvTable = result
            }
        }
        if json {
            print(JSON.object([
                ("system", .string("descent")),
                ("quick", .bool(quick)),
                ("gemm_kernel", .string(GEMM.implementationName(m: 1024, n: 1024, k: 1024))),
                ("results", .array(results.map(\.json))),
                ("gemm", .array(gemm.map(\.json))),
                ("sweep", .array(sweep.map(\.json))),
                ("csv_load", csvLoad?.json ?? .null),
                ("csv_table", csvTable?.json ?? .null),
            ]).text)
        } else {
            if !gemm.isEmpty {
                print("")
                print(GEMMRow.header)
                for row in gemm { print(row.line) }
            }
            if !sweep.isEmpty {
                print("")
                print(SweepPoint.header)
                for point in sweep { print(point.line) }
            }
        }
    }
}

/// One workload's timing, as the peer scripts report it.
struct BenchResult {
    var workload: String
    var dtype: String
    var epochs: Int
    var steps: Int
    var seconds: [Double]
    var trainAccuracy: Double
    var testAccuracy: Double?
    var finalCost: Double
    /// Heap allocations per training step in steady state (-1: no counter on this platform).
    var allocationsPerStep: Double
    /// moons-live: the frames a second the page received.
    var framesPerSecond: Double?

    var median: Double { seconds.sorted()[seconds.count / 2] }
    var microsecondsPerStep: Double { 1e6 * median / Double(steps) }
    var stepsPerSecond: Double { Double(steps) / median }

    var json: JSON {
        var members: [(String, JSON)] = [
            ("workload", .string(workload)), ("system", .string("descent")), ("dtype", .string(dtype)),
            ("epochs", .integer(epochs)), ("steps", .integer(steps)),
            ("median_s", .number(median)), ("min_s", .number(seconds.min())), ("max_s", .number(seconds.max())),
            ("runs", .integer(seconds.count)), ("all_s", .array(seconds.map { .number($0) })),
            ("us_per_step", .number(microsecondsPerStep)), ("steps_per_s", .number(stepsPerSecond)),
            ("train_acc", .number(trainAccuracy)),
        ]
        if let testAccuracy { members.append(("test_acc", .number(testAccuracy))) }
        members.append(("final_cost", .number(finalCost)))
        members.append(("allocations_per_step", .number(allocationsPerStep)))
        if let framesPerSecond { members.append(("frames_per_s", .number(framesPerSecond))) }
        return .object(members)
    }

    var line: String {
        var accuracy = "train acc \(formatFixed(trainAccuracy, digits: 4))"
        if let testAccuracy { accuracy += " test acc \(formatFixed(testAccuracy, digits: 4))" }
        let name = workload.padding(toLength: 16, withPad: " ", startingAt: 0)
        return "\(name) \(dtype)  median \(formatFixed(median, digits: 3)) s (n=\(seconds.count))  "
            + "\(formatFixed(microsecondsPerStep, digits: 2)) us/step  \(formatFixed(stepsPerSecond, digits: 1)) steps/s  "
            + "\(accuracy)  allocations/step \(formatFixed(allocationsPerStep, digits: 4))"
            + (framesPerSecond.map { "  frames/s \(formatFixed($0, digits: 1))" } ?? "")
    }
}

/// The peer benchmark's workloads (see `BenchCommand`).
enum BenchWorkloads {
    /// The Optimization lab's model on moons with `optimizer` (gd, momentum, adam; default hyperparameters).
    static func moons(_ optimizer: OptimizerAlgorithm, epochs: Int, repetitions: Int, diagnostics: Int? = nil) throws -> BenchResult {
        let data = try CourseDataset.moons.load(as: Double.self).train
        let options = TrainingOptions(epochs: epochs, batchSize: 64, shuffle: .lab, costFormula: .course, diagnosticsInterval: diagnostics)
        return try run(name: "moons-\(optimizer.name)", hidden: [5, 2], data: data, test: nil, options: options,
                       optimizer: optimizer, learningRate: 0.0007, repetitions: repetitions)
    }

    /// moons-adam as a run configuration (the Optimization lab's model and Adam run), its prepared
    /// data and its steps per epoch.
    static func moonsAdamRunConfiguration(epochs: Int) throws -> (RunConfiguration, PreparedData, Int) {
        let configuration = RunConfiguration(
            data: DataConfiguration(source: .course(.moons)), model: ModelConfiguration(hiddenLayers: [5, 2], seed: 3),
            optimizer: .adam(), learningRate: 0.0007,
            training: TrainingOptions(epochs: epochs, batchSize: 64, shuffle: .lab, costFormula: .course))
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        return (configuration, data, (data.train.count + 63) / 64)
    }

    /// moons-adam through the library path `descent train` takes (`RunConfiguration` → `PreparedData`
    /// → `TrainingRun.fit`, another module's generic code) rather than `Trainer` called here: the same
    /// steps, so the two µs-per-step figures should agree. A gap means the path runs unspecialized.
    static func moonsThroughTrainingRun(epochs: Int, repetitions: Int) throws -> BenchResult {
        let (configuration, data, stepsPerEpoch) = try moonsAdamRunConfiguration(epochs: epochs)
        var seconds = [Double]()
        var result: RunResult<Double>!
        var allocationsPerStep = -1.0
        for repetition in 0..<repetitions {
            var run = try TrainingRun<Double>(configuration, data: data)
            let window = AllocationWindow<Double>(epochs: epochs, stepsPerEpoch: stepsPerEpoch, counting: repetition == 0)
            result = run.fit(observers: [window])
            seconds.append(result.seconds)
            if repetition == 0 { allocationsPerStep = window.perStep }
        }
        return BenchResult(workload: "moons-adam-run", dtype: Double.precisionName, epochs: epochs, steps: epochs * stepsPerEpoch,
                           seconds: seconds, trainAccuracy: result.metrics["train_accuracy"] ?? .nan, testAccuracy: nil,
                           finalCost: result.history.finalCost ?? .nan, allocationsPerStep: allocationsPerStep)
    }

    /// moons-adam-run's configuration watched as the playground watches it: `PlaygroundRun` playing
    /// at full speed, sending JSON frames (costs, accuracies, a 40×40 boundary) every 50 ms. The µs
    /// per step against moons-adam-run is what watching costs; frames/s what the page gets.
    static func moonsLive(epochs: Int, repetitions: Int) throws -> BenchResult {
        let (configuration, data, stepsPerEpoch) = try moonsAdamRunConfiguration(epochs: epochs)
        var seconds = [Double]()
        var frames = 0
        var lastFrame = ""
        var model: ModelFile<Double>?
        for _ in 0..<repetitions {
            let received = FrameCounter()
            let run = try PlaygroundRun(settings: PlaygroundSettings(query: "pace=max"), configuration: configuration, data: data) {
                received.add($0)
            }
            let clock = ContinuousClock()
            let start = clock.now
            run.start()
            run.handle("play")
            run.waitUntilFinished()
            seconds.append((clock.now - start).seconds)
            // The page's download: the trained model with its metrics.
            run.handle("model")
            model = try ModelFile(SafeTensorsFile(bytes: received.waitForModel()))
            (frames, lastFrame) = received.state
        }
        let last = try JSONSerialization.jsonObject(with: Data(lastFrame.utf8)) as? [String: Any]
        return BenchResult(workload: "moons-live", dtype: Double.precisionName, epochs: epochs, steps: epochs * stepsPerEpoch,
                           seconds: seconds, trainAccuracy: model?.metrics["train_accuracy"] ?? .nan, testAccuracy: nil,
                           finalCost: last?["cost"] as? Double ?? .nan, allocationsPerStep: -1,
                           framesPerSecond: Double(frames) / seconds.last!)
    }

    /// The Initialization lab's He run on circles (full batch).
    static func circles(iterations: Int, repetitions: Int, diagnostics: Int? = nil) throws -> BenchResult {
        let split = try CourseDataset.circles.load(as: Double.self)
        let options = TrainingOptions(epochs: iterations, batchSize: nil, costFormula: .course, diagnosticsInterval: diagnostics)
        return try run(name: "circles-init", hidden: [10, 5], data: split.train, test: split.test, options: options,
                       optimizer: .gradientDescent, learningRate: 0.01, repetitions: repetitions)
    }

    /// The wide synthetic run: `RandomState(0).rand(784, 8192)`, labels `rand(1, 8192) > 0.5`.
    static func wide<Scalar: DescentFloat>(_: Scalar.Type, epochs: Int, repetitions: Int, diagnostics: Int? = nil) throws -> BenchResult {
        var random = NumpyRandom(seed: 0)
        let features: Matrix<Double> = random.rand(rows: 784, columns: 8192)
        var labels: Matrix<Double> = random.rand(rows: 1, columns: 8192)
        for j in 0..<labels.count { labels.elements[j] = labels.elements[j] > 0.5 ? 1 : 0 }
        let data = Dataset<Double>(features: features, labels: labels).converted(to: Scalar.self)
        let options = TrainingOptions(epochs: epochs, batchSize: 128, shuffle: .lab, costFormula: .course, diagnosticsInterval: diagnostics)
        // Warm-up (first products, page faults), as the peers do.
        // With fewer than 2 epochs the timed run cannot count allocations in steady state (after the
        // first epoch), so the warm-up runs 2 epochs and counts them.
        let warmUp = try run(name: "", hidden: [256, 128], data: data, test: nil,
                             options: TrainingOptions(epochs: 2, batchSize: 128, shuffle: .lab, costFormula: .course),
                             optimizer: .adam(), learningRate: 0.0007, repetitions: 1)
        var result = try run(name: "wide-\(Scalar.self == Float.self ? "f32" : "f64")", hidden: [256, 128], data: data, test: nil,
                       options: options, optimizer: .adam(), learningRate: 0.0007,
                       repetitions: repetitions)
        if epochs < 2 { result.allocationsPerStep = warmUp.allocationsPerStep }
        return result
    }

    /// Trains a fresh He-initialized network (`NumpyRandom(seed: 3)`, as the peers) `repetitions`
    /// times, timing each run; counts allocations over the second half of the first run's epochs.
    static func run<Scalar: DescentFloat>(
        name: String, hidden: [Int], data: Dataset<Scalar>, test: Dataset<Scalar>?, options: TrainingOptions,
        optimizer algorithm: OptimizerAlgorithm, learningRate: Double, repetitions: Int
    ) throws -> BenchResult {
        let stepsPerEpoch = options.batchSize.map { (data.count + $0 - 1) / $0 } ?? 1
        let trainer = Trainer<Scalar>(options: options)
        var seconds = [Double]()
        var network: Network<Scalar>!
        var history: TrainingHistory!
        var allocationsPerStep = -1.0
        let clock = ContinuousClock()
        for repetition in 0..<repetitions {
            var random = NumpyRandom(seed: 3)
            var fresh = Network<Double>(layerSizes: [data.featureCount] + hidden + [1], initializer: .he, using: &random)
                .converted(to: Scalar.self)
            var optimizer = Optimizer<Scalar>(algorithm)
            var schedule = LearningRateSchedule.constant(learningRate)
            let window = AllocationWindow<Scalar>(epochs: options.epochs, stepsPerEpoch: stepsPerEpoch, counting: repetition == 0)
            let start = clock.now
            let trained = trainer.fit(&fresh, on: data, optimizer: &optimizer, schedule: &schedule, random: &random,
                                      onEpoch: window.epochDidEnd)
            seconds.append((clock.now - start).seconds)
            if repetition == 0 { allocationsPerStep = window.perStep }
            network = fresh
            history = trained
        }
        return BenchResult(
            workload: name, dtype: Scalar.precisionName, epochs: options.epochs, steps: options.epochs * stepsPerEpoch,
            seconds: seconds, trainAccuracy: network.accuracy(on: data), testAccuracy: test.map { network.accuracy(on: $0) },
            finalCost: history.records.last?.cost ?? .nan, allocationsPerStep: allocationsPerStep)
    }
}

/// One row of the GEMM table: a precision and size, the built-in kernel on 1 and 2 threads, and
/// the system BLAS (OpenBLAS) on 1 and 2 threads when it can be loaded.
struct GEMMRow {
    var precision: String
    var size: Int
    var builtIn: [GEMMMeasurement]
    var blas: [GEMMMeasurement]

    static func table(sizes: [Int], repeats: Int) -> [GEMMRow] {
        var rows = [GEMMRow]()
        for precision in ["float32", "float64"] {
            for size in sizes {
                func measure(_ backend: GEMMBackend, _ threads: Int) -> GEMMMeasurement? {
                    precision == "float32"
                        ? GEMMMeasurement.measure(Float.self, size: size, backend: backend, threads: threads, repeats: repeats)
                        : GEMMMeasurement.measure(Double.self, size: size, backend: backend, threads: threads, repeats: repeats)
                }
                rows.append(GEMMRow(precision: precision, size: size,
                                    builtIn: [1, 2].compactMap { measure(.builtIn, $0) },
                                    blas: [1, 2].compactMap { measure(.systemBLAS, $0) }))
            }
        }
        return rows
    }

    static let header = "GEMM (GFLOP/s, N×N·N×N)  built-in 1 thread  built-in 2 threads  BLAS 1 thread  BLAS 2 threads  built-in/BLAS (1 thread)"

    private func rate(_ list: [GEMMMeasurement], _ index: Int) -> String {
        index < list.count ? formatFixed(list[index].gflops, digits: 1) : "–"
    }

    var ratio: Double? {
        guard let mine = builtIn.first, let theirs = blas.first else { return nil }
        return mine.gflops / theirs.gflops
    }

    var line: String {
        let label = "\(precision) N=\(size)".padding(toLength: 25, withPad: " ", startingAt: 0)
        return "\(label) \(rate(builtIn, 0).padding(toLength: 18, withPad: " ", startingAt: 0)) "
            + "\(rate(builtIn, 1).padding(toLength: 19, withPad: " ", startingAt: 0)) "
            + "\(rate(blas, 0).padding(toLength: 14, withPad: " ", startingAt: 0)) "
            + "\(rate(blas, 1).padding(toLength: 15, withPad: " ", startingAt: 0)) "
            + (ratio.map { formatFixed(100 * $0, digits: 0) + " %" } ?? "–")
    }

    var json: JSON {
        .object([
            ("precision", .string(precision)), ("n", .integer(size)),
            ("builtin_gflops", .array(builtIn.map { .number($0.gflops) })),
            ("blas_gflops", .array(blas.map { .number($0.gflops) })),
            ("blas", .string(blas.first?.implementation ?? "")),
            ("builtin_over_blas_1_thread", .number(ratio)),
        ])
    }
}

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

    var json: JSON {
        .object([
            ("series", .string(series)), ("layers", .array(layerSizes.map { .integer($0) })), ("batch", .integer(batchSize)),
            ("steps", .integer(steps)), ("seconds", .number(seconds)), ("us_per_step", .number(microsecondsPerStep)),
            ("gflops", .number(gflops)),
        ])
    }
}

/// Heap allocations per training step in steady state: counted (by the malloc counter) from the end
/// of the middle epoch to the end of the last, so the first epochs' one-time buffers are left out;
/// −1 when not counting or without a counter. Hooked to `Trainer.fit`'s `onEpoch` or a `TrainingRun`.
final class AllocationWindow<Scalar: DescentFloat>: TrainingObserver, @unchecked Sendable {
    private let epochs: Int, stepsPerEpoch: Int, countFrom: Int
    private let counting: Bool
    private var startCount: Int64 = -1, endCount: Int64 = -1

    init(epochs: Int, stepsPerEpoch: Int, counting: Bool) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.countFrom = epochs / 2
        self.counting = counting && descent_allocation_count() >= 0
    }

    func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool {
        if counting {
            if record.epoch == countFrom - 1 || (countFrom == 0 && record.epoch == 0) { startCount = descent_allocation_count() }
            if record.epoch == epochs - 1 { endCount = descent_allocation_count() }
        }
        return true
    }

    /// Allocations per step over the window, or −1.
    var perStep: Double {
        guard counting, startCount >= 0, endCount >= 0 else { return -1 }
        let counted = epochs - max(countFrom, 1)
        return counted > 0 ? Double(endCount - startCount) / Double(counted * stepsPerEpoch) : 0
    }
}

/// The frames a bench run received (the last one kept) and the model it was sent, behind a lock.
final class FrameCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0
    private var last = ""
    private var model: [UInt8]?

    func add(_ message: PlaygroundRun.Message) {
        condition.lock()
        defer { condition.unlock() }
        switch message {
        case .text(let text) where text.contains("\"type\":\"frame\""):
            count += 1
            last = text
        case .binary(let bytes):
            model = bytes
            condition.broadcast()
        case .text: break
        }
    }

    var state: (Int, String) {
        condition.lock()
        defer { condition.unlock() }
        return (count, last)
    }

    /// Waits for the model's bytes.
    func waitForModel() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while model == nil { condition.wait() }
        return model!
    }
}
