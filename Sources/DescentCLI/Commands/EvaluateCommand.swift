import ArgumentParser
import Descent
import Foundation

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
        try input.withModel { model in
            switch model {
            case .float32(let file): try evaluate(file)
            case .float64(let file): try evaluate(file)
            }
        }
    }

    func evaluate<Scalar: DescentFloat>(_ model: ModelFile<Scalar>) throws {
        let examples = try input.input(for: model)
        let truth: Matrix<Double>
        do {
            truth = try model.labelMatrix(examples, fileName: input.dataName)
        } catch {
            throw CommandFailure(message: input.describe(error))
        }
        guard examples.count > 0 else { throw CommandFailure(message: "\(input.dataName): no examples") }
        let outputs = model.outputs(forRaw: examples.features)
        var members: [(String, JSON)] = [("examples", .integer(examples.count))]
        var lines: [String] = ["\(input.model) on \(input.dataName): \(examples.count) example\(examples.count == 1 ? "" : "s")"]

        guard let classNames = model.classNames else {
            guard outputs.rows == truth.rows else {
                throw CommandFailure(message: "\(input.model): the model predicts \(outputs.rows) values per example, \(input.dataName) gives \(truth.rows)")
            }
            let regression = RegressionMetrics(predicted: outputs.converted(to: Double.self), targets: truth)
            members += [("rmse", .number(regression.rmse)), ("r2", .number(regression.r2))]
            lines.append("RMSE: \(regression.rmse)  R²: \(regression.r2)")
            if let trainRMSE = model.metrics["train_rmse"] {
                members.append(("train_rmse", .number(trainRMSE)))
                lines.append("train RMSE (from the model file): \(trainRMSE)")
            }
            print(json ? JSON.object(members).text : lines.joined(separator: "\n"))
            return
        }

        let predicted = Network<Scalar>.labels(fromOutputs: outputs, loss: model.network.loss).converted(to: Double.self)
        let metrics = ClassificationMetrics(predicted: predicted, labels: truth, classCount: classNames.count)
        let k = classNames.count
        members += [
            ("accuracy", .number(metrics.accuracy)),
            ("classes", .array(classNames.map { .string($0) })),
            ("confusion_matrix", .array(metrics.confusion.map { .array($0.map { .integer($0) }) })),
            ("per_class", .array((0..<k).map { c in
                .object([("class", .string(classNames[c])), ("precision", .number(metrics.precision(c))),
                         ("recall", .number(metrics.recall(c))), ("f1", .number(metrics.f1(c))), ("support", .integer(metrics.support(c)))])
            })),
            ("macro_f1", .number(metrics.macroF1)),
        ]
        lines.append("accuracy: \(metrics.accuracy)")
        lines.append("")
        lines.append("confusion matrix (rows: true class, columns: predicted class):")
        let labelWidth = max(classNames.map(\.count).max() ?? 1, 4)
        let cellWidth = max(classNames.map(\.count).max() ?? 1, String(metrics.count).count, 3) + 2
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + padding : padding + text
        }
        lines.append(pad("", labelWidth) + classNames.map { pad($0, cellWidth) }.joined())
        for (c, row) in metrics.confusion.enumerated() {
            lines.append(pad(classNames[c], labelWidth, left: true) + row.map { pad(String($0), cellWidth) }.joined())
        }
        lines.append("")
        lines.append(pad("class", labelWidth, left: true) + pad("precision", 11) + pad("recall", 9) + pad("F1", 9) + pad("support", 9))
        for c in 0..<k {
            lines.append(pad(classNames[c], labelWidth, left: true) + pad(formatFixed(metrics.precision(c), digits: 4), 11)
                         + pad(formatFixed(metrics.recall(c), digits: 4), 9) + pad(formatFixed(metrics.f1(c), digits: 4), 9)
                         + pad(String(metrics.support(c)), 9))
        }
        lines.append("macro F1: \(formatFixed(metrics.macroF1, digits: 4))")

        if let trainError = model.metrics["train_error"] {
            let diagnosis = BiasVarianceDiagnosis(trainError: trainError, devError: 1 - metrics.accuracy, bayesError: bayesError)
            members += [
                ("train_error", .number(trainError)), ("error", .number(diagnosis.devError)), ("bayes_error", .number(bayesError)),
                ("avoidable_bias", .number(diagnosis.avoidableBias)), ("variance", .number(diagnosis.variance)),
                ("diagnosis", .string(diagnosis.regime.rawValue)), ("remedy", .string(diagnosis.remedy)),
            ]
            lines.append("")
            lines.append("bias/variance: " + diagnosis.summary(devName: input.dataName))
        } else {
            members.append(("error", .number(1 - metrics.accuracy)))
        }
        print(json ? JSON.object(members).text : lines.joined(separator: "\n"))
    }
}
