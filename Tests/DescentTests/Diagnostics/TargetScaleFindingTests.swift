import DescentCLI
import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 26, item 2: a regression fitting a target far from unit scale, unscaled, gets one finding
/// of its own — "the target's scale is 4,000: standardize it", with `--target-scaling standard` as
/// its change — and no "exploding gradients"; silent when the target is standardized (the default)
/// or on an ordinary scale.
@Suite struct TargetScaleFindingTests {
    /// Trains `arguments` as `descent train` does, with the gradient-health observer of the run and its data.
    static func train(_ arguments: [String]) throws -> (warnings: [DiagnosticWarning], metrics: [String: Double], settings: TrainingSettings) {
        let settings = try TrainingSettings(arguments: arguments)
        let configuration = try settings.runConfiguration()
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        var run = try TrainingRun<Double>(configuration, data: data)
        let health = GradientHealthObserver<Double>(run: DiagnosedRun(configuration, data: data))
        let result = run.fit(observers: [health])
        return (health.warnings, result.metrics, settings)
    }

    @Test("on scale: a root mean square √(mean² + std²) up to 3 and a spread from 0.05 (or none: a constant); off scale beyond either")
    func thresholds() {
        let onScale = [(0.0, 1.0), (2, 2), (-2, 1), (0.3, 0.1), (0, 0.3), (0, 0.098), (0, 0.05), (2.9, 0), (0, 0)]
        let offScale = [(4000.0, 1500.0), (150, 77), (0, 25), (3, 1), (-1, 3), (0.5, 0.01), (0, 0.049), (0, 0.03), (50, 0)]
        for (mean, deviation) in onScale {
            #expect(!TargetStatistics(mean: mean, standardDeviation: deviation).isOffScale, "mean \(mean), std \(deviation)")
        }
        for (mean, deviation) in offScale {
            #expect(TargetStatistics(mean: mean, standardDeviation: deviation).isOffScale, "mean \(mean), std \(deviation)")
        }
        let statistics = TargetStatistics(of: Matrix(rows: 1, columns: 4, elements: [1, 3, 5, 7]))
        #expect(statistics == TargetStatistics(mean: 4, standardDeviation: 5.0.squareRoot()) && abs(statistics.scale - 21.0.squareRoot()) < 1e-12)
        #expect([4123.0, 153, 15.3, 3.16, 0.0123, 1_234_567].map(DiagnosedRun.rounded) == ["4,100", "150", "15", "3.2", "0.012", "1,200,000"])
    }

    @Test("prices in the thousands fitted unscaled, by Adam and by gradient descent at a rate lowered for them: the target-scale finding alone, with a change that fixes it",
          arguments: [
              [String](),
              ["--optimizer", "gd", "--learning-rate", "1e-7", "--hidden", "16,16,16", "--batch-size", "32"],
              ["--optimizer", "momentum", "--learning-rate", "1e-7", "--hidden", "32,32"],
              // Its default rate on the unscaled target: steps so large that every ReLU dies — the scale is named, not the units.
              ["--optimizer", "gd", "--learning-rate", "0.01", "--hidden", "16,16,16", "--batch-size", "32", "--on-divergence", "warn"],
          ])
    func largeTarget(options: [String]) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("prices.csv", GeneratedTables.prices(rows: 240)).path
        let arguments = ["--data", path, "--test-fraction", "0.25", "--epochs", "40", "--diagnostics", "5"] + options
        let unscaled = try Self.train(arguments + ["--target-scaling", "none"])
        #expect(unscaled.warnings.map(\.kind) == [.targetScale], "\(unscaled.warnings)")
        let warning = try #require(unscaled.warnings.first)
        #expect(warning.epoch == 0 && warning.step == 0 && warning.layer == (options.contains("16,16,16") ? 4 : options.contains("32,32") ? 3 : 2))
        #expect(warning.message.hasPrefix("the target's scale is 4,"), "\(warning.message)")
        // Gradient descent's rate, lowered for the target's scale, goes back to its default with the target standardized.
        let lowered = options.contains("1e-7")
        #expect(warning.change == (lowered ? ["learning-rate": "0.01", "target-scaling": "standard"] : ["target-scaling": "standard"]))
        #expect(warning.message.hasSuffix(lowered ? "— try --learning-rate 0.01 --target-scaling standard" : "— try --target-scaling standard"))
        #expect(warning.command(for: unscaled.settings)?.hasSuffix("--target-scaling standard") == true)
        // The fix: the same run standardized has no warning and a lower test RMSE, in the target's units.
        let fixed = try Self.train(try #require(warning.settings(applyingTo: unscaled.settings)).arguments)
        #expect(fixed.warnings.isEmpty, "\(fixed.warnings)")
        let before = try #require(unscaled.metrics["test_rmse"]), after = try #require(fixed.metrics["test_rmse"])
        #expect(after < before, "test RMSE \(before) → \(after)")
    }

    @Test("a tiny spread unscaled is named too; an ordinary target unscaled, a standardized one and a classifier are silent")
    func tinyAndSilentCases() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let tiny = try scratch.file("tiny.csv", GeneratedTables.prices(rows: 200, mean: 0.5, spread: 0.01)).path
        let ordinary = try scratch.file("ordinary.csv", GeneratedTables.prices(rows: 200, mean: 1, spread: 2)).path
        let prices = try scratch.file("prices.csv", GeneratedTables.prices(rows: 200)).path
        let short = ["--epochs", "20", "--diagnostics", "5"]

        let spread = try Self.train(["--data", tiny, "--target-scaling", "none"] + short)
        #expect(spread.warnings.map(\.kind) == [.targetScale] && spread.warnings[0].message.hasPrefix("the target's spread is 0.0095 (mean 0.5009"),
                "\(spread.warnings)")
        for arguments in [["--data", ordinary, "--target-scaling", "none"], ["--data", prices], ["--data", tiny]] {
            let run = try Self.train(arguments + short)
            #expect(run.warnings.isEmpty, "\(arguments): \(run.warnings)")
        }
        // What the monitor knows: the target's statistics only when it is fitted unscaled.
        let configuration = try TrainingSettings(arguments: ["--data", prices, "--target-scaling", "none"]).runConfiguration()
        let data = try PreparedData(configuration.data, seed: 3)
        let statistics = try #require(DiagnosedRun(configuration, data: data).unscaledTarget)
        #expect(abs(statistics.mean - TargetScalingTests.moments(data.train.labels.elements).mean) < 1e-9)
        #expect(DiagnosedRun(configuration).unscaledTarget == nil, "without the data the scale is unknown: silent")
        for arguments in [["--data", prices], ["--data", "moons", "--target-scaling", "none"]] {
            let other = try TrainingSettings(arguments: arguments).runConfiguration()
            #expect(DiagnosedRun(other, data: try PreparedData(other.data, seed: 3)).unscaledTarget == nil, "standardized, or a classifier: \(arguments)")
        }
    }
}
