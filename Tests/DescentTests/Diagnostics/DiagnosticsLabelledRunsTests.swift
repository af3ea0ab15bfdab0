import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 26: diagnostics you can trust. A labelled set of runs — healthy ones that must print no
/// warning at all, sick ones that must name their problem — trained from their command lines on the
/// course data and on tables generated here, with a precision/recall table over the set; each sick
/// run is trained again with its warning's suggested change, which must remove the warning.
@Suite struct DiagnosticsLabelledRunsTests {
    /// A run's command-line arguments and the warnings it should raise (none: healthy).
    struct LabelledRun: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var expected: Set<DiagnosticWarning.Kind>
        var description: String { name }
    }

    /// What a run raised and how it ended.
    struct Outcome {
        var warnings: [DiagnosticWarning]
        var metrics: [String: Double]
        var settings: TrainingSettings
    }

    /// Trains `arguments` (as `descent train` would) with a `GradientHealthObserver` of the run.
    static func train(_ arguments: [String]) throws -> Outcome {
        let settings = try TrainingSettings(arguments: arguments)
        let configuration = try settings.runConfiguration()
        var run = try TrainingRun<Double>(configuration, data: PreparedData(configuration.data, seed: configuration.model.seed))
        let health = GradientHealthObserver<Double>(run: DiagnosedRun(configuration))
        let result = run.fit(observers: [health])
        return Outcome(warnings: health.warnings, metrics: result.metrics, settings: settings)
    }

    /// Generated tables, one CSV per kind of ordinary data (label column `y`).
    struct Tables {
        let directory: TemporaryDirectory
        var numeric: String { directory.file("numeric.csv").path }
        var classes: String { directory.file("classes.csv").path }
        var prices: String { directory.file("prices.csv").path }
        var wine: String { directory.file("wine.csv").path }

        init() throws {
            directory = try TemporaryDirectory()
            var random = FastRandom(seed: 26)
            func table(_ name: String, rows: Int, features: Int, label: ([Double]) -> String) throws {
                var lines = [((1...features).map { "x\($0)" } + ["y"]).joined(separator: ",")]
                for _ in 0..<rows {
                    let x = (0..<features).map { _ in random.nextStandardNormal() }
                    lines.append((x.map { String(format: "%.5f", $0) } + [label(x)]).joined(separator: ","))
                }
                try directory.file(name, lines.joined(separator: "\n") + "\n")
            }
            // Two classes split by a curved boundary.
            try table("numeric.csv", rows: 400, features: 4) { x in x[0] + x[1] * x[1] - x[2] > 0.8 ? "1" : "0" }
            // Three classes by the largest of three projections.
            try table("classes.csv", rows: 450, features: 5) { x in
                let scores = [x[0] + x[1], x[2] - x[0], x[3] + 0.5 * x[4]]
                return ["a", "b", "c"][scores.indices.max { scores[$0] < scores[$1] }!]
            }
            // A price in the thousands.
            try table("prices.csv", rows: 300, features: 3) { x in String(format: "%.2f", 4000 + 900 * x[0] - 600 * x[1] + 300 * x[0] * x[2]) }
            // Wine-like: 13 features, 3 well-separated cultivars.
            try table("wine.csv", rows: 180, features: 13) { x in
                let score = x[0] + x[3] - x[6] + 0.5 * x[9]
                return score < -0.7 ? "1" : score < 0.7 ? "2" : "3"
            }
        }
    }

    /// The labelled set; `full` runs the issue's lab commands at their full length (release only).
    static func labelledRuns(_ tables: Tables, full: Bool) -> [LabelledRun] {
        let deep32 = Array(repeating: "32", count: 8).joined(separator: ",")
        let deep20 = Array(repeating: "20", count: 10).joined(separator: ",")
        return [
            LabelledRun(name: "He circles (Initialization lab)", arguments: [
                "--data", "circles", "--hidden", "10,5", "--init", "he", "--learning-rate", "0.01", "--epochs", full ? "15000" : "6000", "--seed", "3",
            ], expected: []),
            LabelledRun(name: "Adam moons (Optimization lab)", arguments: [
                "--data", "moons", "--hidden", "5,2", "--init", "he", "--optimizer", "adam", "--learning-rate", "0.0007", "--batch-size", "64",
                "--shuffle", "lab", "--epochs", full ? "10000" : "1500", "--seed", "3",
            ], expected: []),
            LabelledRun(name: "numeric table", arguments: ["--data", tables.numeric, "--label", "y", "--hidden", "16,8", "--optimizer", "adam",
                                                           "--learning-rate", "0.01", "--epochs", "300", "--dev-fraction", "0.2"], expected: []),
            LabelledRun(name: "multi-class table", arguments: ["--data", tables.classes, "--label", "y", "--hidden", "16", "--epochs", "1500",
                                                               "--learning-rate", "0.1"], expected: []),
            LabelledRun(name: "regression, target in the thousands", arguments: [
                "--data", tables.prices, "--label", "y", "--task", "regression", "--hidden", "16,16,16", "--optimizer", "adam",
                "--learning-rate", "0.01", "--epochs", "800",
            ], expected: []),
            LabelledRun(name: "Adam at rate 1 on a wine-like table", arguments: [
                "--data", tables.wine, "--label", "y", "--hidden", "16", "--optimizer", "adam", "--learning-rate", "1", "--epochs", "400",
                "--batch-size", "32",
            ], expected: []),
            LabelledRun(name: "deep sigmoid, small weights", arguments: [
                "--data", "moons", "--hidden", deep20, "--activation", "sigmoid", "--init", "random:0.01", "--epochs", "400",
            ], expected: [.vanishingGradients]),
            LabelledRun(name: "deep ReLU, weights 4× He's", arguments: [
                "--data", "moons", "--hidden", deep32, "--init", "random:1", "--learning-rate", "0.0001", "--epochs", "1000", "--dev-fraction", "0.2",
            ], expected: [.explodingGradients]),
            LabelledRun(name: "learning rate far too large", arguments: [
                "--data", "moons", "--hidden", "10", "--activation", "tanh", "--learning-rate", "100", "--epochs", "400",
                "--diagnostics", "25", "--on-divergence", "warn",
            ], expected: [.largeUpdates]),
            LabelledRun(name: "ReLU units killed by a large rate", arguments: [
                "--data", "circles", "--hidden", "10,5", "--learning-rate", "3", "--epochs", "600", "--on-divergence", "warn",
            ], expected: [.deadUnits]),
        ]
    }

    /// Per kind: (true positives, false positives, false negatives) over `outcomes`.
    static func confusion(_ outcomes: [(LabelledRun, Outcome)]) -> [(DiagnosticWarning.Kind, tp: Int, fp: Int, fn: Int)] {
        DiagnosticWarning.Kind.allCases.map { kind in
            var tp = 0, fp = 0, fn = 0
            for (run, outcome) in outcomes {
                let raised = outcome.warnings.contains { $0.kind == kind }
                switch (run.expected.contains(kind), raised) {
                case (true, true): tp += 1
                case (false, true): fp += 1
                case (true, false): fn += 1
                case (false, false): break
                }
            }
            return (kind, tp, fp, fn)
        }
    }

    static func check(full: Bool) throws {
        let tables = try Tables()
        defer { tables.directory.remove() }
        var outcomes: [(LabelledRun, Outcome)] = []
        for run in labelledRuns(tables, full: full) {
            let outcome = try train(run.arguments)
            outcomes.append((run, outcome))
            let kinds = Set(outcome.warnings.map(\.kind))
            if run.expected.isEmpty {
                #expect(outcome.warnings.isEmpty, "\(run): \(outcome.warnings)")
            } else {
                #expect(run.expected.isSubset(of: kinds), "\(run): expected \(run.expected), got \(outcome.warnings)")
            }
            for warning in outcome.warnings {
                // Advice is a concrete change the run does not already have, printed as the run's command.
                #expect(!warning.change.isEmpty && warning.command(for: outcome.settings) != nil, "\(run): \(warning)")
                // Judged on what the run used (defaults resolved: the initializer the data implies, a file's defaults).
                let used = Dictionary(uniqueKeysWithValues: outcome.settings.recordedValues.map { ($0.name, $0.value) })
                for (name, value) in warning.change {
                    var changed = outcome.settings
                    try changed.set(name, to: value)
                    let now = Dictionary(uniqueKeysWithValues: changed.recordedValues.map { ($0.name, $0.value) })
                    #expect(now[name] != used[name], "\(run): \(warning) repeats --\(name) \(value)")
                }
            }
            // The fix works: the run with the first expected warning's change applied raises no
            // warning and does not lose dev accuracy.
            if let warning = outcome.warnings.first(where: { run.expected.contains($0.kind) }),
               let changed = warning.settings(applyingTo: outcome.settings) {
                let fixed = try train(changed.arguments)
                #expect(fixed.warnings.isEmpty, "\(run) fixed by \(warning.change): \(fixed.warnings)")
                if let before = outcome.metrics["dev_accuracy"] {
                    #expect(fixed.metrics["dev_accuracy"].map { $0 >= before } == true,
                            "\(run) fixed by \(warning.change): dev accuracy \(before) → \(fixed.metrics["dev_accuracy"] ?? .nan)")
                }
            }
        }
        var lines = ["kind                  TP  FP  FN  precision  recall"]
        for (kind, tp, fp, fn) in confusion(outcomes) {
            func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "   —" : String(format: "%.2f", Double(a) / Double(b)) }
            lines.append(kind.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(format: "  %2d  %2d  %2d", tp, fp, fn) + "  " + ratio(tp, tp + fp).padding(toLength: 9, withPad: " ", startingAt: 0)
                + "  " + ratio(tp, tp + fn))
        }
        print(lines.joined(separator: "\n"))
        let totals = confusion(outcomes).reduce((0, 0, 0)) { ($0.0 + $1.tp, $0.1 + $1.fp, $0.2 + $1.fn) }
        #expect(totals.1 == 0 && totals.2 == 0, "every run named right: \(lines.joined(separator: "\n"))")
    }

    @Test("the labelled set: no warning on the healthy runs, the right kind on the sick ones, advice the run does not have that fixes them")
    func labelledSet() throws { try Self.check(full: false) }

    @Test("the issue's lab commands at full length", .enabled(if: ProcessInfo.processInfo.environment["DESCENT_FULL_LABS"] == "1",
                                                                "full-length runs in release mode from .ci/run (DESCENT_FULL_LABS=1)"))
    func fullLengthLabelledSet() throws { try Self.check(full: true) }
}
