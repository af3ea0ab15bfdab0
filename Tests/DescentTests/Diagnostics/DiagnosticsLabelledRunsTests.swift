import DescentCLI
import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 26: diagnostics you can trust. A labelled set of runs — healthy ones that must print no
/// warning at all, sick ones that must name their problem (kind and layer), early, with nothing
/// contradictory — trained from their command lines on the course data and on tables generated
/// here, with a precision/recall table over the set; each sick run is trained again with its
/// warning's suggested change, which must remove every warning without losing dev accuracy (or
/// raising the dev RMSE of a regression). The debug suite trains a fast subset (the named
/// runs and a few more); the whole set runs in release from `.ci/run` (DESCENT_DIAGNOSTICS_SET=1).
@Suite struct DiagnosticsLabelledRunsTests {
    /// A run's command-line arguments and the warnings it should raise, with the layer each names
    /// (`nil`: any layer; none at all: healthy). `fast` runs are in the debug suite's subset.
    struct LabelledRun: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var expected: [DiagnosticWarning.Kind: Int?] = [:]
        var fast = false
        var description: String { name }
    }
    /// What a run raised and how it ended.
    struct Outcome {
        var warnings: [DiagnosticWarning]
        var metrics: [String: Double]
        var settings: TrainingSettings
        var epochs: Int
    }

    /// Trains `arguments` (as `descent train` would) with a `GradientHealthObserver` of the run.
    static func train(_ arguments: [String]) throws -> Outcome {
        let settings = try TrainingSettings(arguments: arguments)
        let configuration = try settings.runConfiguration()
        var run = try TrainingRun<Double>(configuration, data: PreparedData(configuration.data, seed: configuration.model.seed))
        let health = GradientHealthObserver<Double>(run: DiagnosedRun(configuration))
        let result = run.fit(observers: [health])
        return Outcome(warnings: health.warnings, metrics: result.metrics, settings: settings, epochs: configuration.training.epochs)
    }

    /// Generated tables, one CSV per kind of ordinary data (label column `y`).
    struct Tables {
        let directory: TemporaryDirectory
        func path(_ name: String) -> String { directory.file("\(name).csv").path }

        init() throws {
            directory = try TemporaryDirectory()
            var random = FastRandom(seed: 26)
            /// `rows` examples of `features` standard normal columns, `text(x)` more text columns
            /// named `c1`, `c2`, … and the label `label(x, text)`.
            func table(_ name: String, rows: Int, features: Int, text: (inout FastRandom) -> [String] = { _ in [] },
                       label: ([Double], [String], inout FastRandom) -> String) throws {
                var lines: [String] = []
                for _ in 0..<rows {
                    let x = (0..<features).map { _ in random.nextStandardNormal() }
                    let words = text(&random)
                    lines.append((x.map { String(format: "%.5f", $0) } + words + [label(x, words, &random)]).joined(separator: ","))
                }
                let textColumns = lines.first.map { $0.split(separator: ",").count - features - 1 } ?? 0
                let header = ((1...features).map { "x\($0)" } + (0..<textColumns).map { "c\($0 + 1)" } + ["y"]).joined(separator: ",")
                try directory.file("\(name).csv", ([header] + lines).joined(separator: "\n") + "\n")
            }
            // Two classes split by a curved boundary.
            try table("numeric", rows: 400, features: 4) { x, _, _ in x[0] + x[1] * x[1] - x[2] > 0.8 ? "1" : "0" }
            // Two numeric and two text columns (one-hot encoded), the label depending on both.
            let colours = ["red", "green", "blue"], cities = ["paris", "rome", "oslo", "lima"]
            try table("mixed", rows: 400, features: 2, text: { random in
                [colours[Int(random.nextBounded(2))], cities[Int(random.nextBounded(3))]]
            }) { x, words, _ in x[0] + (words[0] == "red" ? 1.2 : -0.4) + (["oslo", "lima"].contains(words[1]) ? 0.8 : -0.8) > 0 ? "yes" : "no" }
            // 200 features, the label a linear rule on five of them.
            try table("wide", rows: 800, features: 200) { x, _, _ in x[0] + x[1] - x[2] + 0.5 * (x[3] - x[4]) > 0 ? "1" : "0" }
            // Three classes by the largest of three projections.
            try table("classes", rows: 450, features: 5) { x, _, _ in
                let scores = [x[0] + x[1], x[2] - x[0], x[3] + 0.5 * x[4]]
                return ["a", "b", "c"][scores.indices.max { scores[$0] < scores[$1] }!]
            }
            // A target of ordinary scale (about ±2), smooth in the features, with a little noise.
            try table("regression", rows: 300, features: 3) { x, _, random in
                String(format: "%.4f", 1.5 * x[0] - x[1] + 0.5 * x[0] * x[2] + 0.1 * random.nextStandardNormal())
            }
            // Wine-like: 13 features, 3 well-separated cultivars.
            try table("wine", rows: 180, features: 13) { x, _, _ in
                let score = x[0] + x[3] - x[6] + 0.5 * x[9]
                return score < -0.7 ? "1" : score < 0.7 ? "2" : "3"
            }
            // Labels independent of the inputs: a coin per row.
            try table("noise", rows: 400, features: 6) { _, _, random in random.nextBounded(1) == 0 ? "0" : "1" }
            // The sign of x1·x2 with 15 % of the labels flipped: a large network learns the rule, then fits the flips.
            try table("xor", rows: 500, features: 8) { x, _, random in (x[0] * x[1] > 0) != (random.nextUniform() < 0.15) ? "1" : "0" }
        }
    }

    /// The labelled set; `full` runs the course's commands at their full length (release only).
    static func labelledRuns(_ tables: Tables, full: Bool) -> [LabelledRun] {
        func deep(_ width: Int, _ count: Int) -> String { Array(repeating: "\(width)", count: count).joined(separator: ",") }
        func table(_ name: String, _ arguments: [String]) -> [String] { ["--data", tables.path(name), "--label", "y"] + arguments }
        let football = ["--data", "football", "--hidden", "20,3", "--init", "scaled-by-fan-in", "--learning-rate", "0.3", "--epochs", "30000",
                        "--seed", "3", "--cost-formula", "course"]
        let healthy: [LabelledRun] = [
            // The course's good runs.
            LabelledRun(name: "He on circles (Initialization lab)", arguments: [
                "--data", "circles", "--hidden", "10,5", "--init", "he", "--learning-rate", "0.01", "--epochs", full ? "15000" : "3000", "--seed", "3",
            ], fast: true),
            LabelledRun(name: "Adam on moons (README, Optimization lab)", arguments: [
                "--data", "moons", "--hidden", "5,2", "--init", "he", "--optimizer", "adam", "--learning-rate", "0.0007", "--batch-size", "64",
                "--shuffle", "lab", "--epochs", full ? "10000" : "1500", "--seed", "3",
            ], fast: true),
            LabelledRun(name: "L2 on football (Regularization lab)", arguments: football + ["--l2", "0.7"]),
            LabelledRun(name: "dropout on football (Regularization lab)", arguments: football + ["--keep-prob", "0.86", "--dropout-masks", "course"]),
            LabelledRun(name: "He at depth 12 (the depth lesson)", arguments: [
                "--data", "circles", "--hidden", deep(64, 12), "--init", "he", "--learning-rate", "0.01", "--epochs", "2000", "--seed", "3",
            ]),
            // Ordinary runs on tables.
            LabelledRun(name: "numeric table", arguments: table("numeric", ["--hidden", "16,8", "--optimizer", "adam", "--learning-rate", "0.01",
                                                                            "--epochs", "300", "--dev-fraction", "0.2"]), fast: true),
            // Normalized networks (issue 29): healthy, so silent — Z̃'s statistics must not read as sick.
            LabelledRun(name: "batch norm, 8 layers at α 1 (the lesson)", arguments: [
                "--data", "circles", "--hidden", deep(32, 8), "--init", "he", "--optimizer", "gd", "--batch-size", "64", "--learning-rate", "1",
                "--epochs", "300", "--seed", "3", "--batch-norm",
            ]),
            LabelledRun(name: "batch norm on a table", arguments: table("numeric", ["--hidden", "32,16", "--optimizer", "adam", "--learning-rate", "0.01",
                                                                                    "--batch-size", "32", "--epochs", "100", "--dev-fraction", "0.2",
                                                                                    "--batch-norm"]), fast: true),
            LabelledRun(name: "layer norm on a table", arguments: table("classes", ["--hidden", "32,16", "--optimizer", "adam", "--learning-rate", "0.01",
                                                                                    "--batch-size", "32", "--epochs", "100", "--dev-fraction", "0.2",
                                                                                    "--layer-norm"])),
            LabelledRun(name: "text columns (one-hot)", arguments: table("mixed", ["--hidden", "16", "--optimizer", "adam", "--learning-rate", "0.01",
                                                                                   "--epochs", "300", "--dev-fraction", "0.2"])),
            LabelledRun(name: "200 features", arguments: table("wide", ["--hidden", "32", "--optimizer", "adam", "--learning-rate", "0.001",
                                                                        "--epochs", "100", "--dev-fraction", "0.2"])),
            LabelledRun(name: "three classes", arguments: table("classes", ["--hidden", "16", "--learning-rate", "0.1", "--epochs", "1500",
                                                                            "--dev-fraction", "0.2"])),
            LabelledRun(name: "regression", arguments: table("regression", ["--task", "regression", "--hidden", "16,16,16", "--optimizer", "adam",
                                                                            "--learning-rate", "0.01", "--epochs", "400", "--dev-fraction", "0.2"])),
            LabelledRun(name: "Adam at rate 0.1", arguments: table("numeric", ["--hidden", "16,8", "--optimizer", "adam", "--learning-rate", "0.1",
                                                                               "--epochs", "200", "--dev-fraction", "0.2"])),
            LabelledRun(name: "Adam at rate 1 on a wine-like table", arguments: table("wine", [
                "--hidden", "16", "--optimizer", "adam", "--learning-rate", "1", "--epochs", "400", "--batch-size", "32",
            ]), fast: true),
            LabelledRun(name: "mini-batch gradient descent", arguments: table("numeric", [
                "--hidden", "16,8", "--optimizer", "gd", "--learning-rate", "0.05", "--batch-size", "32", "--epochs", "200", "--dev-fraction", "0.2",
            ])),
            LabelledRun(name: "momentum", arguments: table("classes", [
                "--hidden", "16,8", "--optimizer", "momentum", "--learning-rate", "0.05", "--batch-size", "32", "--epochs", "200", "--dev-fraction", "0.2",
            ])),
            LabelledRun(name: "shallow tanh", arguments: table("numeric", ["--hidden", "8", "--activation", "tanh", "--learning-rate", "0.1",
                                                                           "--epochs", "1500", "--dev-fraction", "0.2"])),
            LabelledRun(name: "shallow sigmoid", arguments: table("classes", ["--hidden", "8", "--activation", "sigmoid", "--learning-rate", "0.5",
                                                                              "--epochs", "1500", "--dev-fraction", "0.2"])),
            LabelledRun(name: "dropout on a table", arguments: table("mixed", ["--hidden", "32,16", "--keep-prob", "0.8", "--optimizer", "adam",
                                                                               "--learning-rate", "0.01", "--epochs", "300", "--dev-fraction", "0.2"])),
            LabelledRun(name: "L2 on a table", arguments: table("wide", ["--hidden", "32", "--l2", "1", "--optimizer", "adam", "--learning-rate", "0.001",
                                                                         "--epochs", "100", "--dev-fraction", "0.2"])),
        ]
        let sick: [LabelledRun] = [
            LabelledRun(name: "deep sigmoid, small weights", arguments: [
                "--data", "moons", "--hidden", deep(20, 10), "--activation", "sigmoid", "--init", "random:0.01", "--epochs", "400", "--dev-fraction", "0.2",
            ], expected: [.vanishingGradients: 1]),
            LabelledRun(name: "deep tanh, small weights", arguments: [
                "--data", "moons", "--hidden", deep(20, 10), "--activation", "tanh", "--init", "random:0.01", "--epochs", "400", "--dev-fraction", "0.2",
            ], expected: [.vanishingGradients: 1]),
            LabelledRun(name: "deep sigmoid with glorot-uniform (told ReLU with He, not glorot)", arguments: [
                "--data", "moons", "--hidden", deep(20, 10), "--activation", "sigmoid", "--init", "glorot-uniform", "--epochs", "400", "--dev-fraction", "0.2",
            ], expected: [.vanishingGradients: 1], fast: true),
            LabelledRun(name: "deep ReLU, weights 4× He's (the issue's)", arguments: [
                "--data", "moons", "--hidden", deep(32, 8), "--init", "random:1", "--learning-rate", "0.0001", "--epochs", full ? "1000" : "100",
                "--dev-fraction", "0.2",
            ], expected: [.explodingGradients: 1], fast: true),
            LabelledRun(name: "deep ReLU, weights 4× He's, diverging", arguments: [
                "--data", "moons", "--hidden", deep(32, 8), "--init", "random:1", "--learning-rate", "0.001", "--epochs", "1000", "--dev-fraction", "0.2",
                "--on-divergence", "warn",
            ], expected: [.explodingGradients: 1]),
            LabelledRun(name: "deep ReLU on a table, large weights", arguments: table("numeric", [
                "--hidden", deep(32, 6), "--init", "random:1", "--learning-rate", "0.0001", "--epochs", "600", "--dev-fraction", "0.2",
            ]), expected: [.explodingGradients: 1]),
            LabelledRun(name: "learning rate far too large", arguments: [
                "--data", "moons", "--hidden", "10", "--activation", "tanh", "--learning-rate", "100", "--epochs", "400", "--diagnostics", "25",
                "--on-divergence", "warn", "--dev-fraction", "0.2",
            ], expected: [.largeUpdates: nil], fast: true),
            LabelledRun(name: "learning rate too large on a table (oscillating)", arguments: table("numeric", [
                "--hidden", "16", "--activation", "tanh", "--learning-rate", "50", "--epochs", "400", "--diagnostics", "25", "--on-divergence", "warn",
                "--dev-fraction", "0.2",
            ]), expected: [.largeUpdates: nil]),
            LabelledRun(name: "ReLU units killed by a large rate", arguments: [
                "--data", "circles", "--hidden", "10,5", "--learning-rate", "3", "--epochs", "600", "--on-divergence", "warn", "--dev-fraction", "0.2",
            ], expected: [.deadUnits: 2], fast: true),
            LabelledRun(name: "ReLU units killed on a table", arguments: table("numeric", [
                "--hidden", "16,8", "--learning-rate", "5", "--epochs", "600", "--on-divergence", "warn", "--dev-fraction", "0.2",
            ]), expected: [.deadUnits: 2]),
            LabelledRun(name: "saturated sigmoid units", arguments: [
                "--data", "moons", "--hidden", "20", "--activation", "sigmoid", "--init", "random:10", "--learning-rate", "0.01", "--epochs", "1000",
                "--dev-fraction", "0.2",
            ], expected: [.saturatedUnits: 1]),
            LabelledRun(name: "saturated tanh units", arguments: table("numeric", [
                "--hidden", "20", "--activation", "tanh", "--init", "random:10", "--learning-rate", "0.01", "--epochs", "1000", "--dev-fraction", "0.2",
            ]), expected: [.saturatedUnits: 1]),
            LabelledRun(name: "learning rate far too small", arguments: [
                "--data", "moons", "--hidden", "10,5", "--init", "he", "--learning-rate", "0.000001", "--epochs", full ? "2000" : "800",
                "--dev-fraction", "0.2",
            ], expected: [.tinyUpdates: nil], fast: true),
            LabelledRun(name: "learning rate too small on a table", arguments: table("classes", [
                "--hidden", "16", "--learning-rate", "0.00001", "--epochs", "1000", "--dev-fraction", "0.2",
            ]), expected: [.tinyUpdates: nil]),
            LabelledRun(name: "labels independent of the inputs", arguments: table("noise", [
                "--hidden", "16", "--optimizer", "adam", "--learning-rate", "0.01", "--epochs", "300", "--dev-fraction", "0.25",
            ]), expected: [.highVariance: 0], fast: true),
            LabelledRun(name: "high variance: a large network fits flipped labels", arguments: table("xor", [
                "--hidden", "128,128", "--optimizer", "adam", "--learning-rate", "0.01", "--epochs", "500", "--dev-fraction", "0.3",
            ]), expected: [.highVariance: 0]),
        ]
        let runs = healthy + sick
        return full ? runs : runs.filter(\.fast)
    }

    /// Per kind: (true positives, false positives, false negatives) over `outcomes`.
    static func confusion(_ outcomes: [(LabelledRun, Outcome)]) -> [(DiagnosticWarning.Kind, tp: Int, fp: Int, fn: Int)] {
        DiagnosticWarning.Kind.allCases.map { kind in
            var tp = 0, fp = 0, fn = 0
            for (run, outcome) in outcomes {
                let raised = outcome.warnings.contains { $0.kind == kind }
                switch (run.expected.keys.contains(kind), raised) {
                case (true, true): tp += 1
                case (false, true): fp += 1
                case (true, false): fn += 1
                case (false, false): break
                }
            }
            return (kind, tp, fp, fn)
        }
    }

    /// Pairs of warnings that cannot both be right about one run.
    static let contradictions: [(DiagnosticWarning.Kind, DiagnosticWarning.Kind)] = [
        (.vanishingGradients, .explodingGradients), (.tinyUpdates, .largeUpdates),
    ]

    /// Whether `fixed` ended no worse than `before` on the dev set: accuracy not lower, or for a
    /// regression the RMSE not higher.
    static func isNoWorse(_ fixed: Outcome, than before: Outcome) -> Bool {
        if let accuracy = before.metrics["dev_accuracy"] { return (fixed.metrics["dev_accuracy"] ?? -1) >= accuracy }
        if let rmse = before.metrics["dev_rmse"] { return (fixed.metrics["dev_rmse"] ?? .infinity) <= rmse }
        return false
    }

    static func check(full: Bool) throws {
        let tables = try Tables()
        defer { tables.directory.remove() }
        var outcomes: [(LabelledRun, Outcome)] = []
        var sickRuns = 0, fixedRuns = 0
        for run in labelledRuns(tables, full: full) {
            let start = ContinuousClock.now
            let outcome = try train(run.arguments)
            defer { print("\(run): \(outcome.warnings.map(\.kind.rawValue)), \(ContinuousClock.now - start)") }
            outcomes.append((run, outcome))
            let kinds = Set(outcome.warnings.map(\.kind))
            if run.expected.isEmpty {
                #expect(outcome.warnings.isEmpty, "\(run): \(outcome.warnings)")
            }
            for (kind, layer) in run.expected {
                // Named, at its layer, in the first 60 % of the run.
                let warning = outcome.warnings.first { $0.kind == kind }
                #expect(warning != nil, "\(run): expected \(kind), got \(outcome.warnings)")
                if let warning, let layer { #expect(warning.layer == layer, "\(run): \(warning)") }
                if let warning { #expect(Double(warning.epoch) <= 0.6 * Double(outcome.epochs), "\(run): late, \(warning)") }
            }
            for (one, other) in contradictions { #expect(!(kinds.contains(one) && kinds.contains(other)), "\(run): \(outcome.warnings)") }
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
            // warning and ends no worse on the dev set.
            guard !run.expected.isEmpty else { continue }
            sickRuns += 1
            if let warning = outcome.warnings.first(where: { run.expected.keys.contains($0.kind) }),
               let changed = warning.settings(applyingTo: outcome.settings) {
                let fixed = try train(changed.arguments)
                #expect(fixed.warnings.isEmpty, "\(run) fixed by \(warning.change): \(fixed.warnings)")
                #expect(isNoWorse(fixed, than: outcome), "\(run) fixed by \(warning.change): \(outcome.metrics) → \(fixed.metrics)")
                if fixed.warnings.isEmpty && isNoWorse(fixed, than: outcome) { fixedRuns += 1 }
            }
        }
        let table = Self.table(confusion(outcomes), runs: outcomes.count, sick: sickRuns, fixed: fixedRuns)
        print(table)
        let totals = confusion(outcomes).reduce((0, 0, 0)) { ($0.0 + $1.tp, $0.1 + $1.fp, $0.2 + $1.fn) }
        #expect(totals.1 == 0 && totals.2 == 0 && fixedRuns == sickRuns, "every run named right and fixed:\n\(table)")
    }

    /// The precision/recall table per kind, with the totals and the fixed fraction, as PERFORMANCE.md quotes it.
    static func table(_ confusion: [(DiagnosticWarning.Kind, tp: Int, fp: Int, fn: Int)], runs: Int, sick: Int, fixed: Int) -> String {
        func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "—" : String(format: "%.2f", Double(a) / Double(b)) }
        func row(_ name: String, _ tp: Int, _ fp: Int, _ fn: Int) -> String {
            "| \(name) | \(tp) | \(fp) | \(fn) | \(ratio(tp, tp + fp)) | \(ratio(tp, tp + fn)) |"
        }
        var lines = ["| kind | TP | FP | FN | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
        for (kind, tp, fp, fn) in confusion where tp + fp + fn > 0 { lines.append(row(kind.rawValue, tp, fp, fn)) }
        let totals = confusion.reduce((0, 0, 0)) { ($0.0 + $1.tp, $0.1 + $1.fp, $0.2 + $1.fn) }
        lines.append(row("all", totals.0, totals.1, totals.2))
        lines.append("\(runs) runs (\(runs - sick) healthy, \(sick) sick); fixed by the suggested command: \(fixed)/\(sick)")
        return lines.joined(separator: "\n")
    }

    @Test("the labelled set's fast subset: no warning on the healthy runs, the right kind and layer on the sick ones, advice that fixes them")
    func labelledSet() throws { try Self.check(full: false) }

    @Test("the whole labelled set (at least 30 runs), at full length", .enabled(
        if: ProcessInfo.processInfo.environment["DESCENT_DIAGNOSTICS_SET"] == "1",
        "the whole set runs in release mode from .ci/run (DESCENT_DIAGNOSTICS_SET=1)"))
    func wholeLabelledSet() throws {
        let tables = try Tables()
        defer { tables.directory.remove() }
        #expect(Self.labelledRuns(tables, full: true).count >= 30)
        try Self.check(full: true)
    }
}
