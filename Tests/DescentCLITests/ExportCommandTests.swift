import Descent
import DescentTestSupport
import Foundation
import Testing

/// `descent export` (#30): models trained from the command line, exported to ONNX and run in ONNX
/// Runtime on raw rows, against `descent predict` on the same rows (`Scripts/onnx_check.py`:
/// `onnx.checker` accepts the file, labels equal, probabilities and values within
/// |a − b| ≤ 1e-5 + 1e-4·|b|, float32's tolerance for a small network).
@Suite struct ExportCommandTests {
    /// `rows` examples of `features` numbers each (a fixed generator), CSV lines without a header.
    static func numbers(rows: Int, features: Int, seed: Int) -> [[Double]] {
        (0..<rows).map { i in
            (0..<features).map { k in
                let h = (i &* 2654435761 &+ k &* 40503 &+ seed &* 97) % 10007
                return Double(h) / 10007 * 4 - 2
            }
        }
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A binary table of numbers only (no column encoding: the single input `input`), classes 0 and 1.
    static func numericTable(rows: Int, seed: Int) -> String {
        csv(["x1", "x2", "x3", "label"], numbers(rows: rows, features: 3, seed: seed).map { x in
            x.map { String(format: "%.4f", $0) } + [x[0] - 0.5 * x[1] + x[2] * x[2] > 1 ? "1" : "0"]
        })
    }

    /// Three classes `low`, `mid`, `high` of three numbers, a tenth of `x2` missing (`NA`).
    static func multiClassTable(rows: Int, seed: Int) -> String {
        csv(["x1", "x2", "x3", "kind"], numbers(rows: rows, features: 3, seed: seed).enumerated().map { i, x in
            let score = x[0] + 0.5 * x[1] - 0.3 * x[2]
            return [String(format: "%.4f", x[0]), i % 10 == 3 ? "NA" : String(format: "%.4f", x[1]), String(format: "%.4f", x[2]),
                    score < -0.7 ? "low" : score < 0.7 ? "mid" : "high"]
        })
    }

    /// A regression target around 200 of three numbers.
    static func regressionTable(rows: Int, seed: Int) -> String {
        csv(["a", "b", "c", "y"], numbers(rows: rows, features: 3, seed: seed).map { x in
            x.map { String(format: "%.4f", $0) } + [String(format: "%.4f", 200 + 30 * x[0] - 20 * sin(x[1]) + 10 * x[0] * x[2])]
        })
    }

    @Test("models trained on a numeric, a raw, a multi-class and a regression table: ONNX Runtime on raw rows equals descent predict",
          .enabled(if: PythonInterop.hasONNXRuntime, "python3 with numpy, onnx and onnxruntime is not installed (or DESCENT_PYTHON=off)"))
    func exportedModelsMatchPredict() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // Raw rows for the passengers' model: fresh ones, then an unseen class and port, missing
        // cells everywhere (port has a `missing` category, sex none: all zeros).
        let passengers = TableCommandTests.passengers(count: 40, offset: 1000) + [
            ["9001", "x", "female", "", "4th", "30.25", "Z", "x"],
            ["9002", "x", "NA", "41", "1st", "", "?", "x"],
            ["9003", "x", "male", "NA", "2nd", "N/A", "", "x"],
        ]
        let cases: [(name: String, train: String, rows: String, options: [String], ports: String)] = [
            ("numeric", Self.numericTable(rows: 300, seed: 1), Self.numericTable(rows: 50, seed: 2),
             ["--hidden", "8", "--optimizer", "adam", "--learning-rate", "0.01"],
             "inputs:  input: float [N, 3]\noutputs: label: int64 [N]; probabilities: float [N, 2]"),
            ("raw", TableCommandTests.csv(TableCommandTests.passengers(count: 300)), TableCommandTests.csv(passengers, columns: Array(0..<8)),
             ["--hidden", "8,4", "--missing-indicators", "--precision", "float32", "--optimizer", "adam", "--learning-rate", "0.01"],
             "inputs:  sex: string [N, 1]; age: float [N, 1]; class: string [N, 1]; fare: float [N, 1]; port: string [N, 1]\n"
                + "outputs: label: string [N]; probabilities: float [N, 2]"),
            ("multiclass", Self.multiClassTable(rows: 300, seed: 3), Self.multiClassTable(rows: 50, seed: 4),
             ["--hidden", "8", "--activation", "tanh", "--normalize", "minmax", "--optimizer", "adam", "--learning-rate", "0.01"],
             "inputs:  x1: float [N, 1]; x2: float [N, 1]; x3: float [N, 1]\noutputs: label: string [N]; probabilities: float [N, 3]"),
            ("regression", Self.regressionTable(rows: 300, seed: 5), Self.regressionTable(rows: 50, seed: 6),
             ["--task", "regression", "--hidden", "8", "--optimizer", "adam", "--learning-rate", "0.01"],
             "inputs:  input: float [N, 3]\noutputs: variable: float [N, 1]"),
        ]
        var arguments: [String] = []
        for (name, train, rows, options, ports) in cases {
            try scratch.file("\(name).csv", train)
            try scratch.file("\(name)-rows.csv", rows)
            let training = try CLI.run(["train", "--data", "\(name).csv", "--epochs", "30", "--seed", "2", "--save", "\(name).safetensors"] + options,
                                       in: scratch.url)
            #expect(training.status == 0, "\(name): \(training.standardError)")
            let export = try CLI.run(["export", "--model", "\(name).safetensors", "--onnx", "\(name).onnx"], in: scratch.url)
            #expect(export.status == 0 && export.standardError.isEmpty, "\(name): \(export.standardError)")
            #expect(export.standardOutput.hasPrefix("wrote \(name).onnx: ONNX IR 8, opset 17 (ai.onnx.ml 2), "), "\(export.standardOutput)")
            #expect(export.standardOutput.contains(ports), "\(name): \(export.standardOutput)")
            let predict = try CLI.run(["predict", "--model", "\(name).safetensors", "--data", "\(name)-rows.csv", "--output", "\(name)-expected.csv"],
                                      in: scratch.url)
            #expect(predict.status == 0, "\(name): \(predict.standardError)")
            arguments += [name + ".onnx", name + "-rows.csv", name + "-expected.csv"].map { scratch.file($0).path }
        }
        // The raw rows met what the check is about.
        let warnings = try CLI.run(["predict", "--model", "raw.safetensors", "--data", "raw-rows.csv"], in: scratch.url).standardError
        #expect(warnings.contains("column 'class': 1 row has a category the training data lacked (first '4th' in row 41)"), "\(warnings)")
        #expect(warnings.contains("column 'sex': 1 row is missing where the training data never was"), "\(warnings)")

        let output = try PythonInterop.runScript("onnx_check.py", arguments: arguments)
        let reports = output.split(separator: "\n").map { try? CLI.json(String($0)) }
        #expect(reports.count == cases.count, "\(output)")
        for (report, name) in zip(reports, cases.map(\.name)) {
            #expect(report?["checker"] as? String == "ok" && (report?["failures"] as? [Any])?.isEmpty == true, "\(name): \(output)")
            #expect(report?["rows"] as? Int == (name == "raw" ? 43 : 50), "\(name): \(output)")
        }
    }

    @Test("a file that is not a model, an output in a missing directory and an input column named like an output are errors; nothing is written")
    func badInput() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("table.csv", Self.numericTable(rows: 20, seed: 1))
        let notAModel = try CLI.run(["export", "--model", "table.csv", "--onnx", "out.onnx"], in: scratch.url)
        #expect(notAModel.status == 1 && notAModel.standardError.hasPrefix("error: table.csv: "), "\(notAModel.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out.onnx").path))
        let missing = try CLI.run(["export", "--model", "absent.safetensors", "--onnx", "out.onnx"], in: scratch.url)
        #expect(missing.status == 1 && missing.standardError.hasPrefix("error: absent.safetensors"), "\(missing.standardError)")

        try scratch.file("clash.csv", Self.csv(["probabilities", "x", "label"], (0..<40).map { i in ["\(i % 7)", i % 5 == 0 ? "p" : "q", i % 3 == 0 ? "a" : "b"] }))
        let training = try CLI.run(["train", "--data", "clash.csv", "--numeric", "probabilities", "--epochs", "2", "--save", "clash.safetensors"],
                                   in: scratch.url)
        #expect(training.status == 0, "\(training.standardError)")
        let clash = try CLI.run(["export", "--model", "clash.safetensors", "--onnx", "clash.onnx"], in: scratch.url)
        #expect(clash.status == 1, "\(clash.standardOutput)")
        #expect(clash.standardError == "error: clash.safetensors: the input column \"probabilities\" has the name of an ONNX output of the exported graph "
                    + "(label, probabilities, variable); rename the column and train again\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("clash.onnx").path))
        let noDirectory = try CLI.run(["export", "--model", "clash.safetensors", "--onnx", "no/such/dir/m.onnx"], in: scratch.url)
        #expect(noDirectory.status == 1 && noDirectory.standardError.hasPrefix("error: --onnx no/such/dir/m.onnx: the directory"), "\(noDirectory.standardError)")
    }
}
