import Descent
import DescentTestSupport
import Foundation
import Testing

@Suite struct ModelCommandTests {
    /// A deterministic 3-class CSV: three separated clusters with string labels.
    static func blobsCSV(count: Int, offset: Int, header: String = "x1,x2,label", labels: Bool = true) -> String {
        let names = ["cat", "dog", "emu"]
        let centres: [(Double, Double)] = [(0, 0), (6, 0), (3, 6)]
        var lines = [header]
        for i in 0..<count {
            let k = (i * 7 + offset) % 3
            let u = Double((i * 37 + offset * 11) % 101) / 101 - 0.5, v = Double((i * 53 + offset * 5) % 97) / 97 - 0.5
            let row = "\(centres[k].0 + 2 * u),\(centres[k].1 + 2 * v)"
            lines.append(labels ? row + "," + names[k] : row)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Asserts a clean failure: exit 1, no crash, one `error:` line containing `fragment`.
    func expectError(_ result: ProcessRun, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(!result.crashed, sourceLocation: sourceLocation)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains(fragment), "\(result.standardError)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["float64", "float32"])
    func trainSavePredictEvaluate(precision: String) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        _ = try scratch.file("train.csv", Self.blobsCSV(count: 150, offset: 0))
        _ = try scratch.file("test.csv", Self.blobsCSV(count: 60, offset: 1))
        _ = try scratch.file("new.csv", Self.blobsCSV(count: 5, offset: 2, header: "x1,x2", labels: false))
        let train = try CLI.run(["train", "--data", "train.csv", "--test", "test.csv", "--hidden", "8", "--optimizer", "adam",
                                 "--learning-rate", "0.01", "--batch-size", "16", "--epochs", "20", "--seed", "0",
                                 "--precision", precision, "--save", "model.safetensors", "--json"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let report = try CLI.json(train.standardOutput)
        let testAccuracy = try #require(report["test_accuracy"] as? Double)
        #expect(testAccuracy >= 0.9)
        #expect(report["layers"] as? [Int] == [2, 8, 3] && report["precision"] as? String == precision)

        // The model file records every option of the run by its command-line name, and what the run decided.
        let options = try ModelFile<Double>(contentsOf: scratch.url.appendingPathComponent("model.safetensors")).trainingOptions
        #expect(options["optimizer"] == "adam" && options["learning-rate"] == "0.01" && options["batch-size"] == "16")
        #expect(options["precision"] == precision && options["seed"] == "0" && options["hidden"] == "8" && options["test"] == "test.csv")
        #expect(options["beta1"] == nil, "options not given and without a default are left out")
        #expect(options["epochs-run"] == "20" && options["stopped"] == "completed" && options["normalization-applied"] != nil)
        #expect(!options.values.contains(""))

        let predict = try CLI.run(["predict", "--model", "model.safetensors", "--data", "new.csv"], in: scratch.url)
        #expect(predict.status == 0, "\(predict.standardError)")
        let lines = predict.standardOutput.split(separator: "\n")
        #expect(lines.first == "prediction,probability_cat,probability_dog,probability_emu")
        // The same predictions as JSON: the names, and probabilities summing to 1 with the argmax predicted.
        let predictJSON = try CLI.json(try CLI.run(["predict", "--model", "model.safetensors", "--data", "new.csv", "--json"],
                                                   in: scratch.url).standardOutput)
        let names = try #require(predictJSON["predictions"] as? [String])
        #expect(names == lines.dropFirst().map { String($0.split(separator: ",")[0]) })
        for (name, row) in zip(names, try #require(predictJSON["probabilities"] as? [[Double]])) {
            #expect(row.count == 3 && abs(row.reduce(0, +) - 1) < 1e-5)
            #expect(["cat", "dog", "emu"][row.indices.max { row[$0] < row[$1] }!] == name)
        }
        #expect(lines.count == 6)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            #expect(["cat", "dog", "emu"].contains(String(fields[0])))
            let probabilities = fields.dropFirst().compactMap { Double($0) }
            #expect(probabilities.count == 3 && abs(probabilities.reduce(0, +) - 1) < 1e-5)
        }

        // Predicting on the labelled test file (its label column ignored) agrees with evaluate and train.
        let written = try CLI.run(["predict", "--model", "model.safetensors", "--data", "test.csv", "--output", "predictions.csv", "--json"],
                                  in: scratch.url)
        #expect(written.status == 0, "\(written.standardError)")
        let writtenJSON = try CLI.json(written.standardOutput)
        #expect(writtenJSON["output"] as? String == "predictions.csv" && writtenJSON["count"] as? Int == 60)
        let predictions = try String(contentsOf: scratch.url.appendingPathComponent("predictions.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        let truth = Self.blobsCSV(count: 60, offset: 1).split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) }
        let counts = try #require(writtenJSON["predicted_counts"] as? [String: Int])
        #expect(counts == Dictionary(grouping: predictions, by: { $0 }).mapValues(\.count).merging(["cat": 0, "dog": 0, "emu": 0]) { a, _ in a })
        let agreement = Double(zip(predictions, truth).filter { $0 == $1 }.count) / Double(truth.count)
        #expect(agreement == testAccuracy)
        // --output - is standard output, as --data - is standard input: the same CSV, and no file called "-".
        let dash = try CLI.run(["predict", "--model", "model.safetensors", "--data", "test.csv", "--output", "-"], in: scratch.url)
        let toFile = try String(contentsOf: scratch.url.appendingPathComponent("predictions.csv"), encoding: .utf8)
        #expect(dash.status == 0 && dash.standardOutput == toFile, "\(dash.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("-").path))

        let evaluate = try CLI.run(["evaluate", "--model", "model.safetensors", "--data", "test.csv", "--bayes-error", "0.01", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let metrics = try CLI.json(evaluate.standardOutput)
        #expect(metrics["accuracy"] as? Double == testAccuracy)
        #expect(metrics["classes"] as? [String] == ["cat", "dog", "emu"])
        let confusion = try #require(metrics["confusion_matrix"] as? [[Int]])
        #expect(confusion.flatMap { $0 }.reduce(0, +) == 60)
        // Per class: precision over the predicted column, recall over the true row, F1 their harmonic mean.
        let perClass = try #require(metrics["per_class"] as? [[String: Any]])
        #expect(perClass.count == 3)
        for (c, entry) in perClass.enumerated() {
            let correct = Double(confusion[c][c])
            let predicted = Double(confusion.map { $0[c] }.reduce(0, +)), actual = Double(confusion[c].reduce(0, +))
            let precision = try #require(entry["precision"] as? Double), recall = try #require(entry["recall"] as? Double)
            #expect(entry["class"] as? String == ["cat", "dog", "emu"][c])
            #expect(entry["support"] as? Int == Int(actual))
            #expect(abs(precision - correct / predicted) < 1e-12 && abs(recall - correct / actual) < 1e-12)
            #expect(abs((entry["f1"] as? Double ?? .nan) - 2 * precision * recall / (precision + recall)) < 1e-12)
        }
        let macroF1 = perClass.compactMap { $0["f1"] as? Double }.reduce(0, +) / 3
        #expect(abs((metrics["macro_f1"] as? Double ?? .nan) - macroF1) < 1e-12)
        #expect(metrics["bayes_error"] as? Double == 0.01)
        #expect(metrics["train_error"] as? Double == 1 - (report["train_accuracy"] as? Double ?? .nan))
        // error = 1 − accuracy; avoidable bias = train error − Bayes; variance = error − train error.
        let error = try #require(metrics["error"] as? Double), trainError = try #require(metrics["train_error"] as? Double)
        #expect(abs(error - (1 - testAccuracy)) < 1e-12)
        #expect(abs((metrics["avoidable_bias"] as? Double ?? .nan) - (trainError - 0.01)) < 1e-12)
        #expect(abs((metrics["variance"] as? Double ?? .nan) - (error - trainError)) < 1e-12)
        let regime = BiasVarianceDiagnosis(trainError: trainError, devError: error, bayesError: 0.01).regime
        #expect(metrics["diagnosis"] as? String == regime.rawValue)

        let text = try CLI.run(["evaluate", "--model", "model.safetensors", "--data", "test.csv"], in: scratch.url)
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("confusion matrix"))
        #expect(text.standardOutput.contains("bias/variance: train error"))
    }

    @Test func malformedInputsGiveOneErrorLine() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        _ = try scratch.file("train.csv", Self.blobsCSV(count: 60, offset: 0))
        let train = try CLI.run(["train", "--data", "train.csv", "--hidden", "4", "--epochs", "3", "--save", "model.safetensors", "--json"],
                                in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let model = try Data(contentsOf: scratch.url.appendingPathComponent("model.safetensors"))
        try model.prefix(model.count - 5).write(to: scratch.url.appendingPathComponent("truncated.safetensors"))
        var corrupted = model
        corrupted[12] = UInt8(ascii: "#")
        try corrupted.write(to: scratch.url.appendingPathComponent("corrupted.safetensors"))
        _ = try scratch.file("wide.csv", "a,b,c\n1,2,3\n")
        _ = try scratch.file("unlabelled.csv", "x1,x2\n1,2\n")
        _ = try scratch.file("strange.csv", "x1,x2,label\n1,2,yak\n")
        _ = try scratch.file("bad.csv", "x1,x2\n1,2\n3,oops\n")
        // A zip archive's first bytes: it used to fail as "has 1 feature column, but the model expects 2".
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x2C, 0x0A]).write(to: scratch.url.appendingPathComponent("archive.csv"))

        expectError(try CLI.run(["predict", "--model", "model.safetensors", "--data", "wide.csv"], in: scratch.url),
                    mentioning: "wide.csv: has 3 feature columns, but the model model.safetensors expects 2")
        expectError(try CLI.run(["predict", "--model", "truncated.safetensors", "--data", "unlabelled.csv"], in: scratch.url),
                    mentioning: "truncated.safetensors: ")
        expectError(try CLI.run(["evaluate", "--model", "corrupted.safetensors", "--data", "train.csv"], in: scratch.url),
                    mentioning: "corrupted.safetensors: ")
        expectError(try CLI.run(["predict", "--model", "absent.safetensors", "--data", "unlabelled.csv"], in: scratch.url),
                    mentioning: "absent.safetensors: no such file")
        expectError(try CLI.run(["predict", "--model", "model.safetensors", "--data", "absent.csv"], in: scratch.url),
                    mentioning: "absent.csv")
        expectError(try CLI.run(["predict", "--model", "model.safetensors", "--data", "bad.csv"], in: scratch.url),
                    mentioning: "bad.csv:3:2")
        expectError(try CLI.run(["evaluate", "--model", "model.safetensors", "--data", "unlabelled.csv"], in: scratch.url),
                    mentioning: "unlabelled.csv: has no label column")
        expectError(try CLI.run(["evaluate", "--model", "model.safetensors", "--data", "strange.csv"], in: scratch.url),
                    mentioning: "strange.csv: label \"yak\" is not one of the model's classes")
        for command in ["predict", "evaluate"] {
            expectError(try CLI.run([command, "--model", "model.safetensors", "--data", "archive.csv"], in: scratch.url),
                        mentioning: "archive.csv: not a text file (byte 6 is NUL): expected a CSV or TSV text file in UTF-8, or a .npy file")
        }
        // A CSV given as the model.
        expectError(try CLI.run(["predict", "--model", "train.csv", "--data", "unlabelled.csv"], in: scratch.url),
                    mentioning: "train.csv: not a Descent model (.safetensors) file")
        let usage = try CLI.run(["evaluate", "--model", "model.safetensors", "--data", "train.csv", "--bayes-error", "2"], in: scratch.url)
        #expect(usage.status == 64)
        #expect(usage.standardError.hasPrefix("error: --bayes-error"))
    }

    @Test func regressionModelsPredictValuesAndReportRMSE() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = (0..<80).map { i -> String in
            let x = Double(i % 20) / 4, z = Double(i / 20)
            return "\(x),\(z),\(2 * x - z + 1)"
        }
        _ = try scratch.file("line.csv", "x,z,label\n" + rows.joined(separator: "\n") + "\n")
        let train = try CLI.run(["train", "--data", "line.csv", "--task", "regression", "--hidden", "", "--optimizer", "adam",
                                 "--learning-rate", "0.05", "--batch-size", "16", "--epochs", "150", "--save", "line.safetensors", "--json"],
                                in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let evaluate = try CLI.run(["evaluate", "--model", "line.safetensors", "--data", "line.csv", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let metrics = try CLI.json(evaluate.standardOutput)
        #expect((metrics["rmse"] as? Double ?? 1) < 0.1)
        // The same predictions, in float32 (a file's default): to float32's precision on targets of about ±5.
        #expect(abs((metrics["rmse"] as? Double ?? 0) - (metrics["train_rmse"] as? Double ?? 1)) < 1e-6)
        // y spans about ±5 (variance ≈ 9.6) and the RMSE is < 0.1, so R² > 0.99 — the same in train's report.
        let r2 = try #require(metrics["r2"] as? Double)
        #expect(r2 > 0.99 && r2 <= 1)
        let report = try CLI.json(train.standardOutput)
        #expect(abs((report["train_r2"] as? Double ?? 0) - r2) < 1e-6)
        _ = try scratch.file("points.csv", "x,z\n1,0\n2,3\n")
        let predict = try CLI.run(["predict", "--model", "line.safetensors", "--data", "points.csv"], in: scratch.url)
        #expect(predict.status == 0, "\(predict.standardError)")
        let values = predict.standardOutput.split(separator: "\n").dropFirst().compactMap { Double($0) }
        #expect(predict.standardOutput.hasPrefix("prediction\n"))
        #expect(values.count == 2 && abs(values[0] - 3) < 0.2 && abs(values[1] - 2) < 0.2)
    }

    @Test("a mini-batch run blown up inside its first epoch diverges from its starting cost, and keeps and names the weights that cost measured")
    func blowUpInTheFirstEpochNamesTheStartingCost() throws {
        let run = try CLI.run(["train", "--data", "moons", "--optimizer", "adam", "--learning-rate", "1e6", "--batch-size", "64", "--epochs", "100"])
        #expect(run.status == 1 && !run.crashed)
        let message = String(run.standardError.split(separator: "\n").last ?? "")
        let start = try #require(message.range(of: "the cost rose from its best, "))
        let best = try #require(message[start.upperBound...].split(separator: " ").first)
        #expect(message.hasPrefix("error: training diverged in epoch 9: "), "\(message)")
        #expect(message.contains("its best, \(best) at the start (the first batch, before any update), to "), "\(message)")
        // The same number, as the cost the kept (initial) weights were measured at.
        #expect(message.contains("; kept the initial weights, whose cost \(best) on the first batch, before any update, was the lowest"), "\(message)")
        #expect(Double(best).map { $0 > 0.5 && $0 < 1 } == true, "a fresh network's cost on moons, not the blown-up one's")
    }

    @Test("a diverged run saves (and checkpoints) the best weights it saw, those of a run stopped at that epoch; evaluate scores what they scored; the message names the epoch",
          arguments: [([], "10: the cost rose from its best"), (["--batch-size", "16"], "3: the cost or a weight became NaN or infinite")])
    func divergedTrainingSavesTheBestWeights(batching: [String], stop: String) throws {
        // Full batch, the divergence rule stops the climb; with mini-batches the weights overflow first.
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        _ = try scratch.file("blobs.csv", Self.blobsCSV(count: 150, offset: 0))
        // In float64, as the epochs named above were measured (and the files are read as ModelFile<Double>).
        let base = ["train", "--data", "blobs.csv", "--hidden", "8", "--seed", "0", "--optimizer", "gd", "--learning-rate", "1e6",
                    "--precision", "float64", "--json"] + batching
        let diverged = try CLI.run(base + ["--epochs", "200", "--save", "m.safetensors", "--checkpoint", "c.checkpoint"], in: scratch.url)
        #expect(diverged.status == 1 && !diverged.crashed)
        let message = String(diverged.standardError.split(separator: "\n").last ?? "")
        #expect(message.hasPrefix("error: training diverged in epoch \(stop)"), "\(message)")
        // Every epoch's cost was above the first, measured on the initial weights: those were kept —
        // with mini-batches measured on the first batch before its update (epoch 0's mean is higher).
        let measured = batching.isEmpty ? " in epoch 0 was the lowest" : " on the first batch, before any update, was the lowest"
        #expect(message.contains("; kept (and saved and checkpointed) the initial weights, whose cost ")
                && message.contains(measured + " — try --learning-rate 100000"), "\(message)")
        let report = try CLI.json(diverged.standardOutput)
        #expect(report["stopped"] as? String == "diverged" && report["weights_epoch"] is NSNull)
        let keptAccuracy = try #require(report["train_accuracy"] as? Double)
        #expect(keptAccuracy >= 1.0 / 3, "at least chance on three balanced classes")

        let untrained = try CLI.run(base + ["--epochs", "0", "--save", "best.safetensors"], in: scratch.url)
        #expect(untrained.status == 0, "\(untrained.standardError)")
        let saved = try ModelFile<Double>(contentsOf: scratch.url.appendingPathComponent("m.safetensors"))
        let best = try ModelFile<Double>(contentsOf: scratch.url.appendingPathComponent("best.safetensors"))
        #expect(saved.network == best.network && saved.trainingOptions["weights-epoch"] == "initial")
        let checkpoint = try SafeTensorsFile(contentsOf: scratch.url.appendingPathComponent("c.checkpoint"))
        #expect(try checkpoint.tensors["network.W1"]?.matrix(as: Double.self) == best.network.layers[0].weights)
        #expect(try checkpoint.tensors["network.b2"]?.matrix(as: Double.self) == best.network.layers[1].bias)
        for model in ["m.safetensors", "best.safetensors"] {
            let evaluate = try CLI.run(["evaluate", "--model", model, "--data", "blobs.csv", "--json"], in: scratch.url)
            #expect(evaluate.status == 0, "\(evaluate.standardError)")
            #expect(try CLI.json(evaluate.standardOutput)["accuracy"] as? Double == keptAccuracy)
        }
    }

    @Test("--test columns are matched to the training file's by name: reordered, the same test accuracy; renamed, an error naming both columns")
    func testFileColumnsByName() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        _ = try scratch.file("train.csv", Self.blobsCSV(count: 150, offset: 0))
        let test = Self.blobsCSV(count: 60, offset: 1)
        _ = try scratch.file("test.csv", test)
        // label,x2,x1: every field of every line in the reverse order.
        _ = try scratch.file("reordered.csv", test.split(separator: "\n").map { $0.split(separator: ",").reversed().joined(separator: ",") }
            .joined(separator: "\n") + "\n")
        _ = try scratch.file("renamed.csv", test.replacingOccurrences(of: "x1,x2,label", with: "x1,alcohol,label"))
        let base = ["train", "--data", "train.csv", "--hidden", "8", "--optimizer", "adam", "--learning-rate", "0.01", "--batch-size", "16",
                    "--epochs", "20", "--seed", "0", "--json"]
        var accuracies: [Double] = []
        for file in ["test.csv", "reordered.csv"] {
            let run = try CLI.run(base + ["--test", file], in: scratch.url)
            #expect(run.status == 0, "\(run.standardError)")
            accuracies.append(try #require(try CLI.json(run.standardOutput)["test_accuracy"] as? Double))
        }
        #expect(accuracies[0] >= 0.9 && accuracies[1] == accuracies[0])
        for option in ["--test", "--dev"] {
            expectError(try CLI.run(base + [option, "renamed.csv"], in: scratch.url),
                        mentioning: "error: renamed.csv: its columns are matched to train.csv's by name, but it has no column 'x2', which the "
                            + "training features need, and has a column 'alcohol' that train.csv lacks; name its columns as train.csv does, "
                            + "in any order (x1, x2, label)")
        }
    }

    @Test("a course dataset as --data: evaluate scores its test set (as train's test accuracy), predict runs its training set when it has no test set")
    func courseDatasetsAsData() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let train = try CLI.run(["train", "--data", "circles", "--hidden", "5,2", "--epochs", "300", "--json", "--save", "c.safetensors"],
                                in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let testAccuracy = try #require(try CLI.json(train.standardOutput)["test_accuracy"] as? Double)
        let evaluate = try CLI.run(["evaluate", "--model", "c.safetensors", "--data", "circles", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        #expect(try CLI.json(evaluate.standardOutput)["accuracy"] as? Double == testAccuracy)
        #expect(evaluate.standardError.contains("note: circles: its test set, 100 examples"))
        let predict = try CLI.run(["predict", "--model", "c.safetensors", "--data", "moons"], in: scratch.url)
        #expect(predict.status == 0 && predict.standardOutput.split(separator: "\n").count == 301, "\(predict.standardError)")
        #expect(predict.standardError.contains("note: moons: its training set, 300 examples"))
        let wrongShape = try CLI.run(["evaluate", "--model", "c.safetensors", "--data", "blobs"], in: scratch.url)
        #expect(wrongShape.status == 1 && wrongShape.standardError.contains("blobs"), "\(wrongShape.standardError)")
    }
}
