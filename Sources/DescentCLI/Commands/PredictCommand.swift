import ArgumentParser
import Descent

/// `descent predict`: runs a saved model on new examples and writes one prediction per row.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a saved model: one prediction (and the class probabilities) per example.",
        discussion: """
            The examples are normalized with the statistics stored in the model. The output CSV has a \
            `prediction` column (the class name, or the value for regression) and one `probability_<class>` \
            column per class.
            Example:
              descent train --data train.csv --hidden 64 --optimizer adam --learning-rate 0.001 --batch-size 32 --epochs 100 --save model.safetensors
              descent predict --model model.safetensors --data new.csv --output predictions.csv
            """)

    @OptionGroup var input: SavedModelOptions

    @Option(help: "Write the predictions to this CSV file (default, or -: standard output).")
    var output: String?

    /// The file to write, `nil` for standard output (`--output -` as well).
    var outputFile: String? { output == "-" ? nil : output }

    @Flag(help: "Print one JSON object (predictions and probabilities, or a summary with --output) instead of CSV.")
    var json = false

    func run() throws {
        if let outputFile { try OutputPath.checkFile(outputFile, option: "--output") }
        switch try input.loadModel() {
        case .float32(let file): try predict(file)
        case .float64(let file): try predict(file)
        }
    }

    func predict<Scalar: DescentFloat>(_ model: ModelFile<Scalar>) throws {
        let predictions = Predictions(model, raw: try input.input(for: model).features)
        guard let output = outputFile else {
            print(json ? predictions.json.text : predictions.csv, terminator: json ? "\n" : "")
            return
        }
        try predictions.writeCSV(to: output)
        let m = predictions.count
        print(json ? predictions.summaryJSON(output: output).text : "wrote \(m) prediction\(m == 1 ? "" : "s") to \(output)")
    }
}
