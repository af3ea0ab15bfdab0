import ArgumentParser
import Descent

/// `descent evaluate`: measures a saved model on labelled examples.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a saved model on labelled data: accuracy, confusion matrix, per-class precision/recall/F1 (RMSE and R² for regression).",
        discussion: """
            With the training error stored in the model (descent train --save), also prints the course's \
            bias/variance diagnosis: avoidable bias = train error − Bayes error, variance = this error − train error.
            Example:
              descent evaluate --model model.safetensors --data test.csv --bayes-error 0.01
            """)

    @OptionGroup var input: SavedModelOptions

    @Option(help: "Bayes-error (or human-level error) estimate for the bias/variance diagnosis, in [0, 1].")
    var bayesError: Double = 0

    @Flag(help: "Print one JSON object with the results on stdout instead of text.")
    var json = false

    func validate() throws {
        if !(bayesError >= 0 && bayesError <= 1) { throw ValidationError("--bayes-error: must be in [0, 1], got \(bayesError)") }
    }

    func run() throws {
        switch try input.loadModel() {
        case .float32(let file): try evaluate(file)
        case .float64(let file): try evaluate(file)
        }
    }

    func evaluate<Scalar: DescentFloat>(_ model: ModelFile<Scalar>) throws {
        let evaluation = try ModelEvaluation(model, modelName: input.model, on: try input.input(for: model), dataName: input.dataName,
                                             bayesError: bayesError)
        print(json ? evaluation.json.text : evaluation.text)
    }
}
