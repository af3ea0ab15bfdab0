import Descent
import DescentPlayground
import Foundation

/// The peer benchmark's workloads (see `BenchWorkload`).
enum BenchWorkloads {
    /// The Optimization lab's model on moons with `optimizer` (gd, momentum, adam; default hyperparameters).
    /// With a `normalization`, every hidden layer is normalized (`moons-batch-norm`).
    static func moons(_ optimizer: OptimizerAlgorithm, epochs: Int, repetitions: Int, diagnostics: Int? = nil,
                      normalization: Normalization? = nil) throws -> BenchResult {
        let data = try CourseDataset.moons.load(as: Double.self).train
        let options = TrainingOptions(epochs: epochs, batchSize: 64, shuffle: .lab, costFormula: .course, diagnosticsInterval: diagnostics)
        return try run(name: "moons-" + (normalization.map { "\($0.name)-norm" } ?? optimizer.name), hidden: [5, 2], data: data, test: nil,
                       options: options, optimizer: optimizer, learningRate: 0.0007, repetitions: repetitions, normalization: normalization)
    }

    /// moons-adam as a run configuration (the Optimization lab's model and Adam run), its prepared
    /// data and its steps per epoch.
    static func moonsAdamRunConfiguration(epochs: Int) throws -> (RunConfiguration, PreparedData, Int) {
        let configuration = RunConfiguration(
            data: DataConfiguration(source: .course(.moons)), model: ModelConfiguration(hiddenLayers: [5, 2], seed: 3),
            optimizer: .adam(), learningRate: 0.0007,
            training: TrainingOptions(epochs: epochs, batchSize: 64, shuffle: .lab, costFormula: .course))
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        return (configuration, data, (data.trainCount + 63) / 64)
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
        optimizer algorithm: OptimizerAlgorithm, learningRate: Double, repetitions: Int, normalization: Normalization? = nil
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
            var fresh = Network<Double>(layerSizes: [data.featureCount] + hidden + [1], initializer: .he, normalization: normalization, using: &random)
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
