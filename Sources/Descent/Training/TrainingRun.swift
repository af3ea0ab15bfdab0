/// One training run from a `RunConfiguration`: the network built and initialized, the optimizer and
/// schedule made, then `fit` — the single path `descent train` (and anything else that trains from
/// a configuration) goes through.
///
/// ```swift
/// let configuration = RunConfiguration(
///     data: DataConfiguration(source: .file(path: "train.csv"), devFraction: 0.1),
///     model: ModelConfiguration(hiddenLayers: [64]),
///     optimizer: .fileDefault, learningRate: 0.001,
///     training: TrainingOptions(epochs: 100, batchSize: 32))
/// let data = try PreparedData(configuration.data, seed: configuration.model.seed)
/// var run = try TrainingRun<Double>(configuration, data: data)
/// let result = run.fit()
/// result.metrics["dev_accuracy"]
/// ```
public struct TrainingRun<Scalar: DescentFloat> {
    public let configuration: RunConfiguration
    public let data: PreparedData
    /// The network, initialized by `init`, trained by `fit`.
    public var network: Network<Scalar>
    public var optimizer: Optimizer<Scalar>
    public var schedule: LearningRateSchedule
    /// numpy's generator seeded with `model.seed`, after drawing the initial weights; shuffling and
    /// dropout draw from it next.
    public var random: NumpyRandom
    /// Where training stands (epoch, learning rate, early stopping, history): empty for a new run,
    /// a checkpoint's for a resumed one.
    public var progress = TrainingProgress<Scalar>()

    /// A run of `configuration` on `data` (prepared from `configuration.data`), in `Scalar`'s
    /// precision: the network of `data.featureCount` inputs, the hidden layers and
    /// `data.outputSize` outputs, drawn by the resolved initializer from `NumpyRandom(seed:)`.
    public init(_ configuration: RunConfiguration, data: PreparedData) throws {
        self.configuration = configuration
        self.data = data
        let model = configuration.model
        var random = NumpyRandom(seed: model.seed)
        network = Network<Double>(
            layerSizes: [data.featureCount] + model.hiddenLayers + [data.outputSize], hiddenActivation: model.activation,
            loss: data.loss, initializer: model.resolvedInitializer(courseData: configuration.data.isCourseData),
            keepProbability: model.keepProbability, normalization: model.normalization, normalizedLayers: model.normalizedLayers.map(Set.init),
            using: &random
        ).converted(to: Scalar.self)
        self.random = random
        try configuration.checkTrainingBatches(examples: data.trainCount)
        try configuration.optimizer.validate()
        optimizer = Optimizer(configuration.optimizer)
        schedule = try LearningRateSchedule(configuration.schedule, initialLearningRate: configuration.learningRate,
                                            totalEpochs: configuration.training.epochs)
    }

    /// Continues from a checkpoint of the same configuration: weights, optimizer, schedule, generator
    /// and progress; `fit` then ends with the weights of an uninterrupted run.
    public mutating func restore(_ state: TrainingCheckpointFile.State<Scalar>) {
        network = state.network
        optimizer = state.optimizer
        schedule = state.schedule
        random = state.random
        progress = state.progress
    }

    /// Trains the network (`Trainer.fit` with the configuration's training options) and measures
    /// it on every split, calling the `observers`' hooks as it goes (an epoch ends when every
    /// observer lets it continue); `onCheckpoint` receives the state every `checkpointEvery` epochs.
    ///
    /// Specialized for `Float` and `Double` in this module: called from another module, a generic
    /// `fit` ran the whole training loop unspecialized (witness-table arithmetic, ~550 µs per step
    /// of a 10-16-1 network where the specialized loop takes ~4 µs).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public mutating func fit(
        observers: [any TrainingObserver<Scalar>] = [],
        checkpointEvery: Int = 0, onCheckpoint: ((TrainingCheckpointFile.State<Scalar>) -> Void)? = nil
    ) -> RunResult<Scalar> {
        let clock = ContinuousClock()
        let start = clock.now
        // The splits in the run's precision (as prepared, or converted once): for training and again for the metrics.
        let train = data.train(as: Scalar.self), dev = data.dev(as: Scalar.self)
        let history = Trainer<Scalar>(options: configuration.training).fit(
            &network, on: train, dev: dev,
            optimizer: &optimizer, schedule: &schedule, random: &random, progress: progress,
            onEpoch: { record, network in
                // Every observer sees every epoch, even after one asked to stop.
                observers.reduce(true) { keepGoing, observer in observer.epochDidEnd(record, network: network) && keepGoing }
            },
            onDiagnostics: { record in observers.forEach { $0.diagnosticsRecorded(record) } },
            checkpointEvery: checkpointEvery, onCheckpoint: onCheckpoint)
        let elapsed = clock.now - start
        let seconds = elapsed.seconds
        progress.history = history
        let result = RunResult(network: network, history: history, metrics: RunResult.metrics(of: network, on: data, train: train, dev: dev, history: history),
                               seconds: seconds)
        observers.forEach { $0.trainingDidEnd(result) }
        return result
    }
}

/// What a run produced: the trained network, its history and its measurements.
public struct RunResult<Scalar: DescentFloat>: Sendable {
    public var network: Network<Scalar>
    public var history: TrainingHistory
    /// For each split present (`train`, `dev`, `test`): `<split>_accuracy` and `<split>_error`
    /// (classification) or `<split>_rmse` and `<split>_r2` (regression, in the target's units even
    /// when the network fits it standardized); and `final_cost`, the last epoch's training cost (the
    /// network's: on the standardized target when `PreparedData.targetScaler` scaled it).
    public var metrics: [String: Double]
    /// Wall-clock seconds of `fit`.
    public var seconds: Double

    /// The metrics of `network` on `data`'s splits (one forward pass per split).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public static func metrics(of network: Network<Scalar>, on data: PreparedData, history: TrainingHistory) -> [String: Double] {
        metrics(of: network, on: data, train: data.train(as: Scalar.self), dev: data.dev(as: Scalar.self), history: history)
    }

    /// The metrics of `network` on `data`'s splits, the training and dev splits given in `Scalar`
    /// precision already (as the run trained on them: no second conversion of the training matrix);
    /// a regression's targets as prepared, in float64.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func metrics(of network: Network<Scalar>, on data: PreparedData, train: Dataset<Scalar>, dev: Dataset<Scalar>?,
                        history: TrainingHistory) -> [String: Double] {
        var metrics: [String: Double] = [:]
        for (name, split, converted) in [("train", data.storedTrain, train), ("dev", data.storedDev, dev), ("test", data.storedTest, nil)] {
            guard let split, split.count > 0 else { continue }
            let converted = converted ?? split.dataset(as: Scalar.self)
            if data.loss.isClassification {
                let accuracy = network.accuracy(on: converted)
                metrics["\(name)_accuracy"] = accuracy
                metrics["\(name)_error"] = 1 - accuracy
            } else {
                // In the target's units: a standardized target and the outputs mapped back.
                let predicted = data.inTargetUnits(network.outputs(converted.features).converted(to: Double.self))
                let regression = RegressionMetrics(predicted: predicted, targets: data.inTargetUnits(split.labels))
                metrics["\(name)_rmse"] = regression.rmse
                metrics["\(name)_r2"] = regression.r2
            }
        }
        if let cost = history.finalCost { metrics["final_cost"] = cost }
        return metrics
    }
}

extension RunConfiguration {
    /// The common case in one call, like Keras's `fit`: prepares `data` (seeded with the model's
    /// seed), builds and trains the network in `Scalar` precision with `observers`, and returns
    /// the result with the prepared data (its scaler and class names are what a saved model needs).
    ///
    /// ```swift
    /// let (result, data) = try configuration.train()
    /// ```
    public func train<Scalar: DescentFloat>(as _: Scalar.Type,
                                            observers: [any TrainingObserver<Scalar>] = []) throws -> (result: RunResult<Scalar>, data: PreparedData) {
        let data = try PreparedData(self.data, seed: model.seed)
        var run = try TrainingRun<Scalar>(self, data: data)
        return (run.fit(observers: observers), data)
    }

    /// `train(as: Double.self, observers:)`.
    public func train(observers: [any TrainingObserver<Double>] = []) throws -> (result: RunResult<Double>, data: PreparedData) {
        try train(as: Double.self, observers: observers)
    }
}

extension RunConfiguration {
    /// Whether the network this configuration builds has a batch-normalized layer.
    public var normalizesBatches: Bool {
        guard case .batch? = model.normalization else { return false }
        return model.hiddenLayers.indices.contains { model.normalizedLayers?.contains($0 + 1) ?? true }
    }

    /// With a batch-normalized layer, refuses training batches that include one of a single
    /// example, which has no variance to normalize by (PyTorch stops there too): a batch size of
    /// 1, one training example of `m`, or a last mini-batch of one — naming the nearest batch sizes
    /// that leave none. `TrainingRun.init` calls it; the playground calls it before a run, without
    /// drawing the network.
    public func checkTrainingBatches(examples m: Int) throws(SettingError) {
        guard normalizesBatches else { return }
        let size = min(training.batchSize ?? m, m)
        guard size < 2 || m % size == 1 else { return }
        if m < 2 { throw .conflict("--batch-norm: needs at least 2 training examples, and there \(m == 1 ? "is 1" : "are none")") }
        if size < 2 { throw .conflict("--batch-norm: needs mini-batches of at least 2 examples, not --batch-size 1 (or use --layer-norm, which normalizes each example alone)") }
        let fits = { (b: Int) in b >= 2 && b <= m && m % b != 1 }
        let smaller = stride(from: size - 1, through: 2, by: -1).first(where: fits), larger = (size + 1...m).first(where: fits)
        let choices = [smaller, larger].compactMap { $0 }.map { "--batch-size \($0)" }.joined(separator: " or ")
        throw .conflict("--batch-norm: --batch-size \(size) leaves a last mini-batch of 1 of the \(m) training examples, and a batch of one has no "
            + "variance to normalize by; use \(choices)")
    }
}
