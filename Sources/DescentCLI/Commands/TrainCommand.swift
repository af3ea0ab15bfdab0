import ArgumentParser
import Descent
import Foundation

/// `descent train`: trains a network on a course dataset or a file and reports its accuracy. Its
/// settings are the library's `TrainingSettings.vocabulary` (parsed, checked and listed in
/// `--help` from there); the options declared here say what to write.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network and report its cost and accuracy.",
        usage: "descent train [--data <data>] [<setting> <value> …] [<options>]",
        discussion: """
            Example (the Initialization lab's He run):
              descent train --data circles --hidden 10,5 --init he --learning-rate 0.01 --epochs 15000 --seed 3
            """)

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settingArguments: [String] = []

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
        _ = try settings()
    }

    /// The settings given, checked on their own and together.
    func settings() throws -> TrainingSettings {
        do {
            let settings = try TrainingSettings(arguments: settingArguments)
            try settings.validate()
            return settings
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        if let savePath { try OutputPath.checkFile(savePath, option: "--save") }
        if let checkpoint { try OutputPath.checkFile(checkpoint, option: "--checkpoint") }
        if let historyPath { try OutputPath.checkFile(historyPath, option: "--history") }
        if let reportPath { try OutputPath.checkDirectory(reportPath, option: "--report") }
        // The settings the run uses (a file's defaults applied where not given).
        let settings = try settings().effective
        let configuration = try settings.runConfiguration()
        // Prepared in the training precision. Given float32, a numeric CSV is read straight into it
        // (no float64 copy); a file's float32 default is prepared in float64 and converted once
        // scaled, so no raw value is rounded to float32 (nor overflows it) before standardization.
        let prepared = try PreparedData.prepare(configuration.data, seed: settings.seed, precision: settings.precision,
                                                readsFloat32: settings.readsInTrainingPrecision)
        try SystemMemory.check(
            needed: settings.memoryNeeded(
                inputs: prepared.featureCount, outputs: prepared.outputSize,
                batchSize: min(settings.batchSize ?? prepared.trainCount, prepared.trainCount),
                evaluationSize: prepared.devCount ?? 0, optimizerSlots: configuration.optimizer.stateNames.count),
            option: settings.hidden.sizes.isEmpty
                ? "--hidden '' (\(prepared.featureCount) inputs, \(prepared.outputSize) outputs)" : "--hidden \(settings.hidden.settingText)")
        if let batchSize = settings.batchSize, batchSize > prepared.trainCount, settings.isGiven("batch-size"), !json {
            Console.standardError("note: --batch-size \(batchSize) exceeds the \(prepared.trainCount) training examples; using one batch\n")
        }
        switch settings.precision {
        case .float64: try train(settings, configuration, prepared, as: Double.self)
        case .float32: try train(settings, configuration, prepared, as: Float.self)
        }
    }
}
