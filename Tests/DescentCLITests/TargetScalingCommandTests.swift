import Descent
import DescentTestSupport
import Foundation
import Testing

/// Issue 25, item 3, from the command line: `descent train --data prices.csv` with nothing else fits
/// prices in the thousands well because the target is standardized by default, and poorly with
/// `--target-scaling none` (which the diagnostics then name); the saved model predicts in the
/// target's units.
@Suite struct TargetScalingCommandTests {
    @Test("file defaults on prices: R² > 0.9 standardized (the default), below 0 unscaled; RMSE, predict and evaluate in the target's units")
    func pricesTrainWellByDefault() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("prices.csv", GeneratedTables.prices(rows: 400))
        let standardized = try CLI.run(["train", "--data", "prices.csv", "--save", "prices.safetensors", "--json"], in: scratch.url)
        #expect(standardized.status == 0, "\(standardized.standardError)")
        #expect(standardized.standardError.contains("note: prices.csv: the target 'price' is standardized with the training split's mean 40"))
        let report = try CLI.json(standardized.standardOutput)
        let r2 = try #require(report["train_r2"] as? Double), rmse = try #require(report["train_rmse"] as? Double)
        #expect(r2 > 0.9 && rmse < 300, "R² \(r2), RMSE \(rmse)")
        let target = try #require(report["target_standardization"] as? [String: Any])
        #expect(abs((target["mean"] as? Double ?? 0) - 4000) < 200 && abs((target["std"] as? Double ?? 0) - 1000) < 200)
        #expect((report["final_cost"] as? Double ?? 1) < 0.1, "the cost is on the standardized target: about (1 − R²)")
        #expect((report["warnings"] as? [Any])?.isEmpty == true)

        let unscaled = try CLI.run(["train", "--data", "prices.csv", "--target-scaling", "none", "--json"], in: scratch.url)
        #expect(unscaled.status == 0, "\(unscaled.standardError)")
        let raw = try CLI.json(unscaled.standardOutput)
        #expect((raw["train_r2"] as? Double ?? 1) < 0 && (raw["train_rmse"] as? Double ?? 0) > 1000, "\(raw)")
        #expect(raw["target_standardization"] is NSNull)
        let warnings = try #require(raw["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["kind"] as? String } == ["target-scale"])
        #expect(warnings.first?["command"] as? String == "descent train --data prices.csv --target-scaling standard")

        // The saved model: evaluate's RMSE on the training file is train's; predict gives prices.
        let evaluate = try CLI.run(["evaluate", "--model", "prices.safetensors", "--data", "prices.csv", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let evaluated = try CLI.json(evaluate.standardOutput)
        // In float32 (a file's default): the same to float32's precision.
        #expect(abs((evaluated["rmse"] as? Double ?? 0) - rmse) < 1e-6 * rmse && abs((evaluated["r2"] as? Double ?? 0) - r2) < 1e-6)
        let predict = try CLI.run(["predict", "--model", "prices.safetensors", "--data", "prices.csv"], in: scratch.url)
        #expect(predict.status == 0, "\(predict.standardError)")
        let predicted = predict.standardOutput.split(separator: "\n").dropFirst().compactMap { Double($0) }
        let prices = GeneratedTables.prices(rows: 400).split(separator: "\n").dropFirst().map { Double($0.split(separator: ",").last!)! }
        #expect(predicted.count == 400)
        let predictRMSE = (zip(predicted, prices).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 400).squareRoot()
        // predict prints each value to its shortest round-trip text: the same RMSE.
        #expect(abs(predictRMSE - rmse) < 1e-6 * rmse, "predict's RMSE \(predictRMSE), train's \(rmse)")
    }

    @Test("the text output labels the cost as on the standardized target and prints the RMSE in the target's units; unscaled, the warning names the scale")
    func textOutput() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("prices.csv", GeneratedTables.prices(rows: 100))
        let standardized = try CLI.run(["train", "--data", "prices.csv", "--epochs", "5", "--dev-fraction", "0.2"], in: scratch.url)
        #expect(standardized.status == 0, "\(standardized.standardError)")
        let lines = standardized.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("train RMSE: ") } && lines.contains { $0.hasPrefix("dev RMSE:   ") })
        #expect(lines.last?.hasPrefix("final cost (standardized target): ") == true, "\(lines)")
        let unscaled = try CLI.run(["train", "--data", "prices.csv", "--epochs", "5", "--target-scaling", "none"], in: scratch.url)
        #expect(unscaled.status == 0, "\(unscaled.standardError)")
        #expect(unscaled.standardOutput.split(separator: "\n").last?.hasPrefix("final cost: ") == true)
        #expect(unscaled.standardError.contains("warning: layer 2, epoch 0: the target's scale is 4,")
                && unscaled.standardError.contains("try --target-scaling standard: descent train --data prices.csv --epochs 5 --target-scaling standard"),
                "\(unscaled.standardError)")
    }
}
