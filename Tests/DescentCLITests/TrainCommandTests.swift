import DescentTestSupport
import Foundation
import Testing

@Suite struct TrainCommandTests {
    @Test func circlesHeRunPrintsOneJSONObject() throws {
        // Shortened from the lab's 15000 iterations (the full run is checked in release by .ci/run).
        let result = try CLI.run(["train", "--data", "circles", "--hidden", "10,5", "--init", "he",
                                  "--learning-rate", "0.01", "--epochs", "200", "--seed", "3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        for key in ["train_accuracy", "test_accuracy", "final_cost", "epochs", "seconds"] {
            #expect(object[key] is Double, "\(key) must be a number, not missing or null")
        }
        #expect(object["epochs"] as? Int == 200)
        #expect(result.standardOutput.split(separator: "\n").count == 1)
    }

    @Test func textOutputPrintsCourseCostLines() throws {
        let result = try CLI.run(["train", "--data", "circles", "--epochs", "3", "--print-every", "1", "--cost-formula", "course"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Cost after iteration 0: 0.8830537463419761"))
        #expect(result.standardOutput.contains("test accuracy:"))
    }

    @Test("a file's float32 run prints its costs in float32's shortest digits; float64 in float64's")
    func costLinesInTheTrainingPrecision() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", "x1,x2,label\n" + (0..<40).map { "\(Double($0) / 7),\(Double($0 % 5) / 3),\($0 % 2)" }.joined(separator: "\n") + "\n")
        for (precision, extra) in [("float32", [String]()), ("float64", ["--precision", "float64"])] {
            let result = try CLI.run(["train", "--data", "t.csv", "--epochs", "3", "--print-every", "1", "--dev-fraction", "0.25"] + extra,
                                     in: scratch.url)
            #expect(result.status == 0, "\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("Cost after epoch ") }
            #expect(lines.count == 3, "\(precision): \(result.standardOutput)")
            for line in lines {
                let fields = line.split(separator: " ")
                let cost = String(fields[4]), devCost = String(fields[7])
                for printed in [cost, devCost] {
                    if precision == "float32" {
                        #expect(Float(printed).map { "\($0)" } == printed, "\(line): the float32 value's own digits")
                    } else {
                        #expect(Double(printed) != nil && printed.count > 12, "\(line): a float64 cost keeps its digits")
                    }
                }
            }
        }
    }

    @Test func optimizationLabAdamStartsAsTheLab() throws {
        let result = try CLI.run(["train", "--data", "moons", "--hidden", "5,2", "--init", "he", "--optimizer", "adam",
                                  "--learning-rate", "0.0007", "--batch-size", "64", "--shuffle", "lab", "--epochs", "1",
                                  "--seed", "3", "--print-every", "1", "--cost-formula", "course"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Cost after epoch 0: 0.70216"))
    }

    @Test func historyIsWrittenAsCSV() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = scratch.url.appendingPathComponent("history.csv").path
        let result = try CLI.run(["train", "--data", "moons", "--epochs", "4", "--batch-size", "32", "--optimizer", "momentum",
                                  "--dev-fraction", "0.2", "--history", path, "--json", "--diagnostics", "0"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "epoch,cost,learning_rate,dev_cost,dev_accuracy,train_accuracy")
        #expect(lines.count == 5)
        #expect(lines[1].split(separator: ",").count == 6)
        #expect(try CLI.json(result.standardOutput)["dev_accuracy"] is Double)
    }

    @Test func earlyStoppingRestoresAndReports() throws {
        let result = try CLI.run(["train", "--data", "moons", "--epochs", "400", "--batch-size", "16", "--optimizer", "adam",
                                  "--learning-rate", "0.05", "--dev-fraction", "0.3", "--early-stopping", "3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect(object["stopped"] as? String == "early-stopped")
        let best = try #require(object["best_epoch"] as? Int)
        #expect(object["weights_epoch"] as? Int == best, "the restored weights are from the end of the best epoch")
        let epochs = try #require(object["epochs"] as? Int)
        #expect(epochs == best + 1 + 3 && epochs < 400)
    }

    @Test("--convergence-patience stops a run whose cost stopped falling and says so, in text and in --json")
    func convergenceIsReported() throws {
        let arguments = ["train", "--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--learning-rate", "0.01", "--epochs", "3000",
                         "--convergence-patience", "10", "--convergence-tolerance", "0.001", "--print-every", "0"]
        let json = try CLI.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try CLI.json(json.standardOutput)
        let epochs = try #require(object["epochs"] as? Int)
        #expect(object["stopped"] as? String == "converged" && epochs < 3000)
        let text = try CLI.run(arguments)
        #expect(text.standardOutput.contains("converged after epoch \(epochs - 1): the training cost stopped falling (--convergence-patience)"),
                "\(text.standardOutput)")
    }

    @Test func divergenceStopsWithAMessageAndExitCode1() throws {
        let result = try CLI.run(["train", "--data", "moons", "--epochs", "50", "--learning-rate", "1e30", "--json"])
        #expect(result.status == 1)
        #expect(!result.crashed)
        // Gradient-health warnings may come first; the error is the last line.
        let last = result.standardError.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("error: training diverged in epoch"))
        #expect(last.contains("--learning-rate"))
    }

    @Test("the issue's run, lr 1e6 on moons: exit 1 naming the epoch, the costs and a smaller rate; --on-divergence warn finishes with a warning")
    func risingCostIsDivergence() throws {
        let base = ["train", "--data", "moons", "--hidden", "5,2", "--learning-rate", "1e6", "--epochs", "200", "--print-every", "0"]
        for formula in ["stable", "course"] {
            let stopped = try CLI.run(base + ["--cost-formula", formula])
            #expect(stopped.status == 1 && !stopped.crashed, "\(stopped.standardError)")
            let lines = stopped.standardError.split(separator: "\n")
            #expect(lines.last?.hasPrefix("error: training diverged in epoch 10: the cost rose from its best, 0.70") == true,
                    "\(stopped.standardError)")
            #expect(lines.last?.contains("try --learning-rate 100000") == true)
            #expect(lines.filter { $0.hasPrefix("error: ") }.count == 1 && lines.allSatisfy { $0.hasPrefix("error: ") || $0.hasPrefix("warning: ") })
        }
        let warned = try CLI.run(base + ["--on-divergence", "warn", "--json"])
        #expect(warned.status == 0, "\(warned.standardError)")
        #expect(warned.standardError.contains("warning: training diverged in epoch 10"))
        #expect(try CLI.json(warned.standardOutput)["epochs"] as? Int == 200)
    }

    @Test("per-layer diagnostics: a deep sigmoid net with small weights warns of vanishing gradients, a deep ReLU net with large weights of exploding ones; JSON and history carry the statistics")
    func diagnosticsWarnAndAreRecorded() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let deep = ["train", "--data", "moons", "--hidden", "20,20,20,20,20,20,20,20", "--print-every", "0"]
        let vanishing = try CLI.run(deep + ["--activation", "sigmoid", "--init", "random:0.01", "--epochs", "50", "--diagnostics", "10",
                                            "--json", "--history", "h.csv"], in: scratch.url)
        #expect(vanishing.status == 0, "\(vanishing.standardError)")
        // Warned once it has held on three records, with the run's own command changed as advised.
        #expect(vanishing.standardError.contains("warning: layer 1, epoch 20: vanishing gradients: the errors ‖dZ‖ shrink ×"), "\(vanishing.standardError)")
        let fixed = "descent train --data moons --hidden 20,20,20,20,20,20,20,20 --epochs 50 --diagnostics 10 --activation relu --init he"
        #expect(vanishing.standardError.contains("— try --activation relu --init he: \(fixed)\n"), "\(vanishing.standardError)")
        let object = try CLI.json(vanishing.standardOutput)
        let records = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(records.map { $0["step"] as? Int } == [0, 10, 20, 30, 40])
        let layers = try #require(records.first?["layers"] as? [[String: Any]])
        #expect(layers.count == 9 && layers.allSatisfy { $0["gradient_norm"] is Double && $0["update_ratio"] is Double })
        #expect(layers[0]["saturated_fraction"] is Double && layers[0]["dead_fraction"] is NSNull)
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        let warning = try #require(warnings.first)
        #expect(warnings.count == 1 && warning["kind"] as? String == "vanishing-gradients" && warning["layer"] as? Int == 1
            && warning["epoch"] as? Int == 20)
        #expect(warning["change"] as? [String: String] == ["activation": "relu", "init": "he"] && warning["command"] as? String == fixed)
        let history = try String(contentsOf: scratch.file("h.csv"), encoding: .utf8).split(separator: "\n")
        #expect(history.first?.hasPrefix("epoch,cost,learning_rate,dev_cost,dev_accuracy,train_accuracy,l1_gradient_norm,l1_weight_norm,l1_update_ratio,") == true)
        #expect(history.first?.hasSuffix("l9_dead_fraction,l9_saturated_fraction") == true)
        #expect(history.count == 51 && history.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 6 + 9 * 7 })

        // A rate that leaves the weights where they started, so the growth persists.
        let exploding = try CLI.run(deep + ["--init", "random:2", "--learning-rate", "1e-9", "--epochs", "3", "--diagnostics", "1"])
        // ×6 per layer, ×10⁵ in all: told at the first record.
        #expect(exploding.standardError.contains("warning: layer 1, epoch 0: exploding gradients: the errors ‖dZ‖ grow ×"), "\(exploding.standardError)")
        #expect(exploding.standardError.contains("--epochs 3 --diagnostics 1 --init he --learning-rate 0.01\n"), "\(exploding.standardError)")

        let quiet = try CLI.run(deep + ["--init", "random:2", "--epochs", "3", "--diagnostics", "0", "--json"])
        #expect(!quiet.standardError.contains("warning:"))
        #expect(try CLI.json(quiet.standardOutput)["diagnostics"] == nil)
    }

    @Test(arguments: [
        (["train", "--hidden", "0"], "--hidden"),
        (["train", "--hidden", "5,x"], "--hidden"),
        (["train", "--learning-rate", "-0.1"], "--learning-rate"),
        (["train", "--data", "nonsense"], "--data"),
        (["train", "--keep-prob", "0"], "--keep-prob"),
        (["train", "--keep-prob", "1.5"], "--keep-prob"),
        (["train", "--l2", "-1"], "--l2"),
        (["train", "--l1", "-0.5"], "--l1"),
        (["train", "--optimizer", "sgdx"], "--optimizer"),
        (["train", "--optimizer", "adam", "--beta1", "1"], "--beta1"),
        (["train", "--optimizer", "adam", "--beta2", "-0.1"], "--beta2"),
        (["train", "--optimizer", "momentum", "--beta", "1.5"], "--beta"),
        (["train", "--optimizer", "adam", "--epsilon", "0"], "--epsilon"),
        (["train", "--optimizer", "adam", "--initial-accumulator", "0.1"], "--initial-accumulator"),
        (["train", "--optimizer", "adagrad", "--initial-accumulator", "-1"], "--initial-accumulator"),
        (["train", "--lr-schedule", "step", "--plateau-patience", "3"], "--plateau-patience"),
        (["train", "--batch-size", "0"], "--batch-size"),
        (["train", "--batch-size", "-3"], "--batch-size"),
        (["train", "--epochs", "-1"], "--epochs"),
        (["train", "--early-stopping", "3"], "--early-stopping"),
        (["train", "--dev-fraction", "1.2"], "--dev-fraction"),
        (["train", "--lr-schedule", "sometimes"], "--lr-schedule"),
        (["train", "--lr-schedule", "scheduled", "--decay-interval", "0"], "--decay-interval"),
        (["train", "--clip-norm", "0"], "--clip-norm"),
        (["train", "--init", "magic"], "--init"),
        (["train", "--activation", "softmax"], "--activation"),
        (["train", "--precision", "float16"], "--precision"),
        (["gradcheck", "--keep-prob", "2"], "--keep-prob"),
        (["gradcheck", "--l2", "-0.7"], "--l2"),
        (["lab", "nonsense"], "lab"),
        (["lab", "--epochs", "0"], "--epochs"),
    ] as [([String], String)])
    func badOptionsExit64WithOneErrorLine(arguments: [String], option: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
        #expect(!result.crashed)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.standardError)")
        #expect(result.standardError.hasPrefix("error: "), "\(result.standardError)")
        #expect(result.standardError.contains(option) || result.standardError.contains(String(option.dropFirst(2))),
                "\(arguments): \(result.standardError)")
    }
}
