import ArgumentParser
import Descent
import Foundation

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

    @Option(help: "Write the predictions to this CSV file (default: standard output).")
    var output: String?

    @Flag(help: "Print one JSON object (predictions and probabilities, or a summary with --output) instead of CSV.")
    var json = false

    func run() throws {
        if let output { try OutputPath.checkFile(output, option: "--output") }
        try input.withModel { model in
            switch model {
            case .float32(let file): try predict(file)
            case .float64(let file): try predict(file)
            }
        }
    }

    func predict<Scalar: DescentFloat>(_ model: ModelFile<Scalar>) throws {
        let examples = try input.input(for: model)
        let outputs = model.outputs(forRaw: examples.features)
        let m = outputs.columns
        let predicted = Network<Scalar>.labels(fromOutputs: outputs, loss: model.network.loss)
        let classNames = model.classNames
        let probabilities = classNames == nil ? nil : model.classProbabilities(fromOutputs: outputs)
        func prediction(_ j: Int) -> String {
            if let classNames { return classNames[Int(predicted.elements[j])] }
            return (0..<outputs.rows).map { "\(outputs[$0, j])" }.joined(separator: ",")
        }

        var csv = ""
        if output != nil || !json {
            var header = [String]()
            if classNames == nil && outputs.rows > 1 {
                header = (1...outputs.rows).map { "prediction_\($0)" }
            } else {
                header = ["prediction"]
            }
            header += (classNames ?? []).map { csvField("probability_\($0)") }
            var lines = [header.joined(separator: ",")]
            lines.reserveCapacity(m + 1)
            for j in 0..<m {
                var fields = [classNames == nil ? prediction(j) : csvField(prediction(j))]
                if let probabilities { fields += (0..<probabilities.rows).map { "\(probabilities[$0, j])" } }
                lines.append(fields.joined(separator: ","))
            }
            csv = lines.joined(separator: "\n") + "\n"
        }

        if let output {
            do {
                try AtomicFile.write(Array(csv.utf8), to: URL(fileURLWithPath: output))
            } catch {
                throw CommandFailure(message: "\(output): cannot write the predictions: \(error)")
            }
            if json {
                var members: [(String, JSON)] = [("output", .string(output)), ("count", .integer(m))]
                if let classNames {
                    members.append(("classes", .array(classNames.map { .string($0) })))
                    var counts = [Int](repeating: 0, count: classNames.count)
                    for j in 0..<m { counts[Int(predicted.elements[j])] += 1 }
                    members.append(("predicted_counts", .object(zip(classNames, counts).map { ($0, .integer($1)) })))
                }
                print(JSON.object(members).text)
            } else {
                print("wrote \(m) prediction\(m == 1 ? "" : "s") to \(output)")
            }
        } else if json {
            var members: [(String, JSON)] = [("count", .integer(m))]
            if let classNames, let probabilities {
                members.append(("classes", .array(classNames.map { .string($0) })))
                members.append(("predictions", .array((0..<m).map { .string(classNames[Int(predicted.elements[$0])]) })))
                members.append(("probabilities", .array((0..<m).map { j in
                    .array((0..<probabilities.rows).map { .number(Double(probabilities[$0, j])) })
                })))
            } else if outputs.rows == 1 {
                members.append(("predictions", .array((0..<m).map { .number(Double(outputs[0, $0])) })))
            } else {
                members.append(("predictions", .array((0..<m).map { j in .array((0..<outputs.rows).map { .number(Double(outputs[$0, j])) }) })))
            }
            print(JSON.object(members).text)
        } else {
            print(csv, terminator: "")
        }
    }
}
