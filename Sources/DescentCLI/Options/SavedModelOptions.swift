import ArgumentParser
import Descent
import Foundation

/// The model file and the data to run it on (`descent predict`, `descent evaluate`).
struct SavedModelOptions: ParsableArguments {
    @Option(help: "A model file written by `descent train --save` (.safetensors).")
    var model: String

    @Option(help: "A CSV (with or without a header; a label column is ignored by predict) or .npy file of examples, one per row; or a course dataset (moons, circles, football, spiral, blobs): its test set, else its training set.")
    var data: String

    @Option(help: "The label column of the CSV (default: the model's label column, a column named 'label', else the column left over).")
    var label: String?

    @Option(help: "Labels for a .npy --data file (one per example).")
    var labels: String?

    @Option(help: delimiterHelp)
    var delimiter: String?

    func validate() throws {
        try validateDelimiter(delimiter)
        if labels != nil && !isNPY(data) {
            throw ValidationError("--labels: only applies to a .npy --data file")
        }
    }

    var resolvedDelimiter: Unicode.Scalar? { csvDelimiter(delimiter, file: data) }

    /// `--data` as messages name it (`<stdin>` for `-`).
    var dataName: String { DataSource(data).displayName }

    /// The model in the precision it was trained in (its errors name the file; `descent` prints them as they are).
    func loadModel() throws -> StoredModelFile { try StoredModelFile(contentsOf: URL(fileURLWithPath: model), fileName: model) }

    /// Reads `--data` (and `--labels`) for `modelFile`.
    func input<Scalar: DescentFloat>(for modelFile: ModelFile<Scalar>) throws -> ModelInput {
        let url = URL(fileURLWithPath: data)
        do {
            if case .course(let dataset) = DataSource(data) {
                let (input, split) = try modelFile.input(course: dataset)
                Console.standardError("note: \(data): its \(split) set, \(input.count) examples\n")
                return input
            }
            if isNPY(data) {
                return try modelFile.input(npy: url, labels: labels.map { URL(fileURLWithPath: $0) })
            }
            let input = try modelFile.input(csv: url, delimiter: resolvedDelimiter ?? ",", labelColumn: label)
            for warning in input.warnings { Console.standardError("warning: \(warning)\n") }
            return input
        } catch {
            throw CommandFailure(message: describe(error))
        }
    }

    /// An input error, naming the model when the data does not fit it.
    func describe(_ error: ModelInputError) -> String {
        if case .featureCountMismatch = error.kind {
            return error.description.replacingOccurrences(of: "but the model expects", with: "but the model \(model) expects")
        }
        return error.description
    }
}
