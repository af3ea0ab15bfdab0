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

    func validate() throws {
        if printEvery < 0 { throw ValidationError("--printEvery: must be non-negative, got \(printEvery)") }
        if optimization.earlyStopping != nil && data.devFraction == nil {
            throw ValidationError("--early-stopping: needs a dev set; add --dev-fraction (e.g. 0.2)")
        }
    }

    func run() throws {
        let prepared = try data.prepare(seed: model.seed)
        if let batchSize = optimization.batchSize, batchSize > prepared.train.count, !json {
            Console.standardError("note: --batch-size \(batchSize) exceeds the \(prepared.train.count) training examples; using one batch\n")
        }
        switch model.precision {
        case .float64: try train(prepared, as: Double.self)
        case .float32: try train(prepared, as: Float.self)
        }
    }

    func train<Scalar: DescentFloat>(_ prepared: PreparedData, as _: Scalar.Type) throws {
        var random = NumpyRandom(seed: model.seed)
        var network: Network<Scalar> = model.makeNetwork(
            inputs: prepared.train.featureCount, outputs: prepared.outputSize, loss: prepared.loss, random: &random)
        let trainData = prepared.train.converted(to: Scalar.self)
        let devData = prepared.dev?.converted(to: Scalar.self)
        var optimizer = try optimization.optimizerConfiguration.makeOptimizer(Scalar.self)
        var schedule = try optimization.scheduleConfiguration.makeSchedule(totalEpochs: optimization.epochs)
        let trainer = Trainer<Scalar>(options: optimization.trainingOptions(regularization: model.regularization))
        let unit = optimization.batchSize == nil ? "iteration" : "epoch"
        var progress = ProgressReporter(label: "train", total: optimization.epochs, enabled: !json)
        let clock = ContinuousClock()
        let start = clock.now
        let history = trainer.fit(
            &network, on: trainData, dev: devData, optimizer: &optimizer, schedule: &schedule, random: &random
        ) { record, _ in
            if !json && printEvery > 0 && record.epoch % printEvery == 0 {
                progress.clear()
                var line = "Cost after \(unit) \(record.epoch): \(record.cost)"
                if let devCost = record.devCost { line += "  dev cost \(devCost)" }
                if let devAccuracy = record.devAccuracy { line += "  dev accuracy \(devAccuracy)" }
                print(line)
            }
            progress.update(completed: record.epoch + 1, status: "cost \(formatFixed(record.cost, digits: 6))")
            return true
        }
        progress.finish()
        let seconds = (clock.now - start).seconds

        if let path = historyPath {
            do {
                try AtomicFile.write(Array(history.csv().utf8), to: URL(fileURLWithPath: path))
            } catch {
                throw CommandFailure(message: "\(path): cannot write the history: \(error)")
            }
        }
        if let savePath { try saveModel(network, prepared: prepared, history: history, to: savePath) }
        let report = TrainingReport(network: network, prepared: prepared, history: history, seconds: seconds)
        if json {
            print(report.json.text)
        } else {
            print(report.text)
        }
        if case .diverged(let epoch) = history.stopReason {
            throw CommandFailure(message: "training diverged in epoch \(epoch) (the cost or a weight became NaN or infinite); "
                + "the weights from the end of epoch \(max(epoch - 1, 0)) were kept — try a smaller --learning-rate")
        }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
