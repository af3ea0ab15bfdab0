import ArgumentParser
import Descent
import Foundation

/// `descent train`: trains a network on a course dataset or a file and reports its accuracy.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network and report its cost and accuracy.",
        discussion: """
            Example (the Initialization lab's He run):
              descent train --data circles --hidden 10,5 --init he --learning-rate 0.01 --epochs 15000 --seed 3
            """)

    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Optimization") var optimization: OptimizationOptions

    @Option(help: "Print the cost every N epochs (0: never).")
    var printEvery: Int = 1000

    @Option(name: .customLong("history"), help: "Write the per-epoch history (epoch, cost, learning rate, dev cost and accuracy) to this CSV file.")
    var historyPath: String?

    @Option(name: .customLong("save"), help: "Save the trained model (weights, normalization, class names, options) to this .safetensors file.")
    var savePath: String?

    @Flag(help: "Print one JSON object with the results on stdout instead of text.")
    var json = false

    @Option(name: .customLong("report"), help: "Write a self-contained HTML report (index.html: curves, per-layer diagnostics, decision boundary, confusion matrix) to this directory.")
    var reportPath: String?

    @Option(help: "Save a checkpoint (weights, optimizer, generator, schedule, epoch) to this file, crash-safely.")
    var checkpoint: String?

    @Option(help: "Epochs between checkpoints.")
    var checkpointEvery: Int = 100

    @Option(help: "Resume from a checkpoint written by a run with the same options; ends with the same weights as an uninterrupted run.")
    var resume: String?

    func validate() throws {
        if printEvery < 0 { throw ValidationError("--print-every: must be non-negative, got \(printEvery)") }
        if checkpointEvery < 1 { throw ValidationError("--checkpoint-every: must be at least 1, got \(checkpointEvery)") }
        if (model.labelSmoothing ?? 0) > 0 && data.task == .regression {
            throw ValidationError("--label-smoothing: applies to classification, not --task regression")
        }
        if optimization.earlyStopping != nil && data.devFraction == nil && data.dev == nil {
            throw ValidationError("--early-stopping: needs a dev set; add --dev-fraction (e.g. 0.2) or --dev FILE")
        }
    }

    func run() throws {
        if let savePath { try OutputPath.checkFile(savePath, option: "--save") }
        if let checkpoint { try OutputPath.checkFile(checkpoint, option: "--checkpoint") }
        if let historyPath { try OutputPath.checkFile(historyPath, option: "--history") }
        if let reportPath { try OutputPath.checkDirectory(reportPath, option: "--report") }
        let configuration = try runConfiguration()
        let prepared = try data.prepare(seed: model.seed)
        try model.checkMemory(
            inputs: prepared.train.featureCount, outputs: prepared.outputSize,
            batchSize: min(optimization.batchSize ?? prepared.train.count, prepared.train.count),
            evaluationSize: prepared.dev?.count ?? 0, optimizerSlots: configuration.optimizer.stateNames.count)
        if let batchSize = optimization.batchSize, batchSize > prepared.train.count, !json {
            Console.standardError("note: --batch-size \(batchSize) exceeds the \(prepared.train.count) training examples; using one batch\n")
        }
        switch model.precision {
        case .float64: try train(configuration, prepared, as: Double.self)
        case .float32: try train(configuration, prepared, as: Float.self)
        }
    }

    /// The options as the library's run configuration (validated by `validate()`).
    func runConfiguration() throws -> RunConfiguration {
        RunConfiguration(data: data.configuration, model: model.configuration, optimizer: try optimization.optimizerAlgorithm(),
                         learningRate: optimization.learningRate, schedule: try optimization.learningRateDecay(),
                         training: optimization.trainingOptions(regularization: model.regularization))
    }

    func train<Scalar: DescentFloat>(_ configuration: RunConfiguration, _ prepared: PreparedData, as _: Scalar.Type) throws {
        var run = try TrainingRun<Scalar>(configuration, data: prepared)
        if let resume {
            run.restore(try TrainingCheckpointFile.load(
                from: URL(fileURLWithPath: resume), fingerprint: fingerprint, network: run.network, optimizer: run.optimizer))
        }
        let console = ConsoleObserver<Scalar>(printEvery: json ? 0 : printEvery, unit: optimization.batchSize == nil ? "iteration" : "epoch",
                                              progress: ProgressReporter(label: "train", total: optimization.epochs, enabled: !json))
        let health = GradientHealthObserver<Scalar> { warning in
            console.progress.clear()
            Console.standardError("warning: \(warning)\n")
        }
        // Ctrl-C: stop after the epoch and keep what was trained (saved, checkpointed, reported).
        let interruption = Interruption { number in
            Console.standardError("\n\(Interruption.name(number)): stopping after this epoch to keep what was trained (again to quit at once)\n")
        }
        console.interruption = interruption
        defer { interruption.stop() }
        let result = run.fit(
            observers: [console, health],
            checkpointEvery: checkpoint == nil ? 0 : checkpointEvery,
            onCheckpoint: { state in
                guard let checkpoint else { return }
                do {
                    try TrainingCheckpointFile.save(state, fingerprint: fingerprint, to: URL(fileURLWithPath: checkpoint))
                } catch {
                    console.checkpointFailure = error
                }
            })
        console.progress.clear()
        if let failure = console.checkpointFailure { throw CommandFailure(message: "cannot write the checkpoint: \(failure)") }
        let history = result.history
        if let path = historyPath {
            do {
                try AtomicFile.write(Array(history.csv().utf8), to: URL(fileURLWithPath: path))
            } catch {
                throw CommandFailure(message: "\(path): cannot write the history: \(error)")
            }
        }
        var report = TrainingReport(result: result, prepared: prepared)
        report.warnings = health.warnings
        if let reportPath {
            let title = "Training on \(data.configuration.source.displayName)"
            do {
                let file = try result.report(title: title, data: prepared, warnings: health.warnings).write(to: URL(fileURLWithPath: reportPath))
                if !json { Console.standardError("wrote the report to \(file.path)\n") }
            } catch {
                throw CommandFailure(message: "\(reportPath): cannot write the report: \(error)")
            }
        }
        if let savePath { try saveModel(result, data: prepared, to: savePath) }
        if json {
            print(report.json.text)
        } else {
            print(report.text)
        }
        switch history.stopReason {
        case .diverged(let epoch):
            let before = history.records.last.map { "; the cost before was \($0.cost)" } ?? ""
            let rate = history.records.last?.learningRate ?? optimization.learningRate
            throw CommandFailure(message: "training diverged in epoch \(epoch): the cost or a weight became NaN or infinite\(before); "
                + "the weights from the end of epoch \(max(epoch - 1, 0)) were kept — try --learning-rate \(Self.smaller(rate))")
        case .diverging(let event):
            throw CommandFailure(message: Self.divergenceText(event, rule: optimization.divergenceRule) + "; the weights of that epoch were kept"
                + (savePath == nil ? "" : " (and saved)") + " — try --learning-rate \(Self.smaller(event.learningRate))"
                + " (or --on-divergence warn to go on)")
        case .stopped(let epoch):
            let number = interruption.signalNumber ?? SIGINT
            var kept = [savePath.map { "the model is saved to \($0)" }, checkpoint.map { "the checkpoint to \($0) (continue with --resume \($0))" }]
                .compactMap { $0 }.joined(separator: ", ")
            if kept.isEmpty { kept = "nothing was saved (no --save or --checkpoint)" }
            throw CommandFailure(message: "interrupted (\(Interruption.name(number))) after epoch \(epoch) of \(optimization.epochs): \(kept)",
                                 exitCode: 128 + number)
        case .completed, .earlyStopped:
            if let event = history.divergence {
                Console.standardError("warning: \(Self.divergenceText(event, rule: optimization.divergenceRule)); training went on (--on-divergence warn) — "
                    + "try --learning-rate \(Self.smaller(event.learningRate))\n")
            }
        }
    }
}

extension TrainCommand {
    /// `training diverged in epoch E: the cost rose from its best B (epoch b) to C, and stayed above F× the best for W epochs`.
    static func divergenceText(_ event: DivergenceEvent, rule: DivergenceRule) -> String {
        "training diverged in epoch \(event.epoch): the cost rose from its best, \(event.bestCost) in epoch \(event.bestEpoch), "
            + "to \(event.cost), and stayed above \(String(format: "%g", rule.factor))× the best for \(rule.window) epochs"
    }

    /// A learning rate a tenth of `rate`, printed short (`0.001` rather than `0.0010000000000000002`).
    static func smaller(_ rate: Double) -> String {
        let tenth = rate / 10
        return String(format: "%g", tenth)
    }

    /// Every option that shapes the run, by its command-line name, with its value as text (empty: not
    /// given). The checkpoint fingerprint (a checkpoint is only resumed by the same run) and the saved
    /// model's `training_options` are both made from this one list.
    var optionSettings: [(name: String, value: String)] {
        [
            ("data", data.data), ("test", text(data.test)), ("dev", text(data.dev)), ("label", text(data.label)), ("labels", text(data.labels)),
            ("test-labels", text(data.testLabels)), ("delimiter", data.delimiter ?? ","), ("test-fraction", text(data.testFraction)),
            ("dev-fraction", text(data.devFraction)), ("normalize", data.normalize?.rawValue ?? "default"),
            ("task", data.task.rawValue),
            ("hidden", model.hidden.defaultValueDescription), ("activation", model.activation.rawValue),
            ("init", "\(model.configuration.resolvedInitializer(courseData: data.isCourseDataset))"), ("keep-prob", "\(model.keepProbability)"), ("l2", "\(model.l2)"),
            ("l1", "\(model.l1)"), ("label-smoothing", text(model.labelSmoothing)), ("precision", model.precision.rawValue), ("seed", "\(model.seed)"),
            ("learning-rate", "\(optimization.learningRate)"), ("epochs", "\(optimization.epochs)"),
            ("batch-size", optimization.batchSize.map(String.init) ?? "full"), ("shuffle", optimization.shuffle.rawValue),
            ("optimizer", optimization.optimizer.name), ("beta", text(optimization.beta)), ("beta1", text(optimization.beta1)),
            ("beta2", text(optimization.beta2)), ("epsilon", text(optimization.epsilon)), ("weight-decay", text(optimization.weightDecay)),
            ("initial-accumulator", text(optimization.initialAccumulator)),
            ("amsgrad", "\(optimization.amsgrad)"), ("classical-momentum", "\(optimization.classicalMomentum)"),
            ("decay-biases", "\(optimization.decayBiases)"),
            ("lr-schedule", optimization.schedule.name), ("decay-rate", text(optimization.decayRate)),
            ("decay-interval", text(optimization.decayInterval)), ("gamma", text(optimization.gamma)), ("step-size", text(optimization.stepSize)),
            ("cosine-epochs", text(optimization.cosineEpochs)), ("min-learning-rate", text(optimization.minLearningRate)),
            ("decay-epochs", text(optimization.decayEpochs)), ("power", text(optimization.power)),
            ("restart-period", text(optimization.restartPeriod)), ("restart-multiplier", text(optimization.restartMultiplier)),
            ("plateau-factor", text(optimization.plateauFactor)), ("plateau-patience", text(optimization.plateauPatience)),
            ("plateau-threshold", text(optimization.plateauThreshold)),
            ("plateau-threshold-mode", optimization.plateauThresholdMode?.rawValue ?? ""), ("plateau-cooldown", text(optimization.plateauCooldown)),
            ("clip-norm", text(optimization.clipNorm)), ("clip-value", text(optimization.clipValue)),
            ("early-stopping", text(optimization.earlyStopping)), ("min-improvement", "\(optimization.minImprovement)"),
            ("cost-formula", optimization.costFormula.rawValue), ("dropout-masks", optimization.dropoutMasks.rawValue),
            ("on-divergence", optimization.onDivergence.rawValue),
        ] + data.table.settings
    }

    /// `optionSettings` as `name=value` lines: what a checkpoint records and a resumed run must match.
    var fingerprint: String {
        optionSettings.map { "\($0.name)=\($0.value)" }.joined(separator: TrainingCheckpointFile.fingerprintSeparator)
    }

    private func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "" }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

/// `descent train`'s terminal output as a training observer: the course's cost lines every
/// `printEvery` epochs, the progress bar, and the stop when a checkpoint could not be written.
final class ConsoleObserver<Scalar: DescentFloat>: TrainingObserver {
    let printEvery: Int
    let unit: String
    var progress: ProgressReporter
    /// Set by the checkpoint writer; training stops after the epoch.
    var checkpointFailure: (any Error)?
    /// Ctrl-C; once it has a signal, training stops after the epoch.
    var interruption: Interruption?

    init(printEvery: Int, unit: String, progress: ProgressReporter) {
        self.printEvery = printEvery
        self.unit = unit
        self.progress = progress
    }

    func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool {
        if printEvery > 0 && record.epoch % printEvery == 0 {
            progress.clear()
            var line = "Cost after \(unit) \(record.epoch): \(record.cost)"
            if let devCost = record.devCost { line += "  dev cost \(devCost)" }
            if let devAccuracy = record.devAccuracy { line += "  dev accuracy \(devAccuracy)" }
            print(line)
            // Each line as it happens, also into a pipe or a log file being watched.
            fflush(nil)
        }
        progress.update(completed: record.epoch + 1, status: "cost \(formatFixed(record.cost, digits: 6))")
        return checkpointFailure == nil && interruption?.signalNumber == nil
    }
}
