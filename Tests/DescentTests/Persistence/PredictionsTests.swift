import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// `Predictions`: what `descent predict` writes, for models whose outputs are known.
@Suite struct PredictionsTests {
    /// A one-input softmax classifier with logits (−x, 1, x) over classes whose names need CSV quoting.
    static let classifier: ModelFile<Double> = {
        let layer = DenseLayer<Double>(weights: Matrix(rows: 3, columns: 1, elements: [-1, 0, 1]),
                                       bias: Matrix(rows: 3, columns: 1, elements: [0, 1, 0]), activation: .softmax)
        return ModelFile(network: Network(layers: [layer], loss: .categoricalCrossEntropy), classNames: ["a", "b,c", "say \"d\""])
    }()

    @Test("a classifier's CSV: the predicted class (quoted when needed) and every class's softmax probability")
    func classifierCSV() {
        let predictions = Predictions(Self.classifier, raw: Matrix(rows: 1, columns: 4, elements: [-5, 0, 5, 5]))
        #expect(predictions.count == 4)
        #expect(predictions.labels.elements == [0, 1, 2, 2])
        #expect(predictions.predictedCounts == [1, 1, 2])
        // x = 0: softmax(0, 1, 0) = (1, e, 1) / (2 + e).
        let p = predictions.probabilities!, e = exp(1.0)
        #expect(abs(p[1, 1] - e / (2 + e)) < 1e-15 && abs(p[0, 1] - 1 / (2 + e)) < 1e-15)
        let lines = predictions.csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6 && lines[5].isEmpty, "a header, four rows and a final line break")
        #expect(lines[0] == #"prediction,probability_a,"probability_b,c","probability_say ""d""""#)
        #expect(lines[2] == "\"b,c\",\(p[0, 1]),\(p[1, 1]),\(p[2, 1])")
        #expect(lines[3].hasPrefix(#""say ""d""","#))
    }

    @Test("a classifier's JSON, in full and as the summary of a written file")
    func classifierJSON() {
        let predictions = Predictions(Self.classifier, raw: Matrix(rows: 1, columns: 2, elements: [-5, 5]))
        let p = predictions.probabilities!
        #expect(predictions.json.text == #"{"count": 2, "classes": ["a", "b,c", "say \"d\""], "predictions": ["a", "say \"d\""], "#
            + #""probabilities": [[\#(p[0, 0]), \#(p[1, 0]), \#(p[2, 0])], [\#(p[0, 1]), \#(p[1, 1]), \#(p[2, 1])]]}"#)
        #expect(predictions.summaryJSON(output: "out.csv").text
            == #"{"output": "out.csv", "count": 2, "classes": ["a", "b,c", "say \"d\""], "predicted_counts": {"a": 1, "b,c": 0, "say \"d\"": 1}}"#)
    }

    @Test("regression: the output values, one column per output (prediction_1, prediction_2, …)")
    func regression() {
        // Outputs (x, 2x + 1).
        let layer = DenseLayer<Double>(weights: Matrix(rows: 2, columns: 1, elements: [1, 2]), bias: Matrix(rows: 2, columns: 1, elements: [0, 1]),
                                       activation: .linear)
        let model = ModelFile(network: Network(layers: [layer], loss: .meanSquaredError))
        let predictions = Predictions(model, raw: Matrix(rows: 1, columns: 2, elements: [0, 1.5]))
        #expect(predictions.probabilities == nil && predictions.predictedCounts == nil)
        #expect(predictions.csv == "prediction_1,prediction_2\n0.0,1.0\n1.5,4.0\n")
        #expect(predictions.json.text == #"{"count": 2, "predictions": [[0.0, 1.0], [1.5, 4.0]]}"#)
        #expect(predictions.summaryJSON(output: "r.csv").text == #"{"output": "r.csv", "count": 2}"#)
    }

    @Test("writeCSV writes the CSV; an unwritable path is an error naming it")
    func writing() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let predictions = Predictions(Self.classifier, raw: Matrix(rows: 1, columns: 1, elements: [-5]))
        try predictions.writeCSV(to: scratch.file("p.csv").path)
        #expect(try String(contentsOf: scratch.file("p.csv"), encoding: .utf8) == predictions.csv)
        let missing = scratch.file("no/such/dir/p.csv").path
        do {
            try predictions.writeCSV(to: missing)
            Issue.record("wrote to \(missing)")
        } catch {
            #expect(error.path == missing && error.description.hasPrefix("\(missing): cannot write the predictions: "))
        }
    }

    @Test("CSV fields are quoted only when they hold a comma, a quote or a line break")
    func csvFields() {
        #expect(CSVField.quoted("plain") == "plain")
        #expect(CSVField.quoted("a,b") == "\"a,b\"")
        #expect(CSVField.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVField.quoted("two\nlines") == "\"two\nlines\"")
    }
}
