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
                                  "--dev-fraction", "0.2", "--history", path, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "epoch,cost,learning_rate,dev_cost,dev_accuracy")
        #expect(lines.count == 5)
        #expect(lines[1].split(separator: ",").count == 5)
        #expect(try CLI.json(result.standardOutput)["dev_accuracy"] is Double)
    }

    @Test func earlyStoppingRestoresAndReports() throws {
        let result = try CLI.run(["train", "--data", "moons", "--epochs", "400", "--batch-size", "16", "--optimizer", "adam",
                                  "--learning-rate", "0.05", "--dev-fraction", "0.3", "--early-stopping", "3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect(object["stopped"] as? String == "early-stopped")
        let best = try #require(object["best_epoch"] as? Int)
        let epochs = try #require(object["epochs"] as? Int)
        #expect(epochs == best + 1 + 3 && epochs < 400)
    }

    @Test func divergenceStopsWithAMessageAndExitCode1() throws {
        let result = try CLI.run(["train", "--data", "moons", "--epochs", "50", "--learning-rate", "1e30", "--json"])
        #expect(result.status == 1)
        #expect(!result.crashed)
        #expect(result.standardError.hasPrefix("error: training diverged in epoch"))
        #expect(result.standardError.contains("--learning-rate"))
    }

    @Test("the issue's run, lr 1e6 on moons: exit 1 naming the epoch, the costs and a smaller rate; --on-divergence warn finishes with a warning")
    func risingCostIsDivergence() throws {
        let base = ["train", "--data", "moons", "--hidden", "5,2", "--learning-rate", "1e6", "--epochs", "200", "--print-every", "0"]
        for formula in ["stable", "course"] {
            let stopped = try CLI.run(base + ["--cost-formula", formula])
            #expect(stopped.status == 1 && !stopped.crashed, "\(stopped.standardError)")
            #expect(stopped.standardError.hasPrefix("error: training diverged in epoch 10: the cost rose from its best, 0.70"),
                    "\(stopped.standardError)")
            #expect(stopped.standardError.contains("try --learning-rate 100000"))
            #expect(stopped.standardError.split(separator: "\n").count == 1)
        }
        let warned = try CLI.run(base + ["--on-divergence", "warn", "--json"])
        #expect(warned.status == 0, "\(warned.standardError)")
        #expect(warned.standardError.hasPrefix("warning: training diverged in epoch 10"))
        #expect(try CLI.json(warned.standardOutput)["epochs"] as? Int == 200)
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
