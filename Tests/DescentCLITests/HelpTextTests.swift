import Descent
import Foundation
import DescentTestSupport
import Testing

/// Every command's `--help` still names every option it named before the settings vocabulary
/// (the lists below were read from the help of commit 88914c5), and `descent train --help` and
/// `descent tune run --help` list every training setting, from the library's vocabulary.
@Suite struct HelpTextTests {
    static let earlierOptions: [String: [String]] = [
        "train": ["activation", "amsgrad", "batch-size", "beta", "beta1", "beta2", "categorical", "checkpoint", "checkpoint-every", "classical-momentum", "clip-norm", "clip-value", "cosine-epochs", "cost-formula", "data", "decay-biases", "decay-epochs", "decay-interval", "decay-rate", "delimiter", "dev", "dev-fraction", "diagnostics", "drop-missing-labels", "dropout-masks", "early-stopping", "epochs", "epsilon", "features", "gamma", "help", "hidden", "history", "ignore", "impute", "init", "initial-accumulator", "json", "keep-prob", "l1", "l2", "label", "label-smoothing", "labels", "learning-rate", "lr-schedule", "max-categories", "min-improvement", "min-learning-rate", "missing", "missing-indicators", "na-values", "normalize", "numeric", "on-divergence", "optimizer", "plateau-cooldown", "plateau-factor", "plateau-patience", "plateau-threshold", "plateau-threshold-mode", "power", "precision", "print-every", "report", "restart-multiplier", "restart-period", "resume", "save", "seed", "shuffle", "step-size", "task", "test", "test-fraction", "test-labels", "weight-decay"],
        "tune": ["csv", "help", "search"],
        "tune run": ["batch-size", "data", "dev", "dev-fraction", "epochs", "grid-points", "help", "hidden", "jobs", "json", "method", "min-epochs", "optimizer", "prepare", "reduction-factor", "report", "save", "search", "seed", "study", "study-seed", "test", "test-fraction", "trials"],
        "tune show": ["csv", "help", "json", "refine", "report", "search", "study"],
        "tune trial": ["help", "index", "prepare", "study"],
        "tune collect": ["help", "study"],
        "lab": ["epochs", "help", "jobs", "json", "no-report", "quiet", "report"],
        "playground": ["help", "host", "max-runs", "open", "port"],
        "predict": ["batch-size", "data", "delimiter", "epochs", "help", "hidden", "json", "label", "labels", "learning-rate", "model", "optimizer", "output", "save"],
        "evaluate": ["bayes-error", "data", "delimiter", "help", "json", "label", "labels", "model", "save"],
        "describe": ["categorical", "data", "delimiter", "drop-missing-labels", "features", "help", "ignore", "impute", "json", "label", "limit", "max-categories", "missing", "missing-indicators", "na-values", "numeric", "task"],
        "gradcheck": ["activation", "data", "epsilon", "examples", "help", "hidden", "init", "json", "keep-prob", "l1", "l2", "seed", "threshold"],
        "bench": ["circles-iterations", "csv-file", "csv-rows", "diagnostics", "help", "json", "moons-epochs", "only", "quick", "reps", "wide-epochs"],
        "": ["help"],
    ]

    static func help(_ command: String) throws -> String {
        try CLI.run((command.isEmpty ? [] : command.split(separator: " ").map(String.init)) + ["--help"]).standardOutput
    }

    @Test("each command's help names at least the options it named before")
    func helpKeepsEveryOption() throws {
        for (command, earlier) in Self.earlierOptions {
            let text = try Self.help(command)
            let named = Set(text.matches(of: /(?:^|[^\w-])--([a-z0-9][a-z0-9-]*)/.anchorsMatchLineEndings()).map { String($0.output.1) })
            let missing = Set(earlier).subtracting(named)
            #expect(missing.isEmpty, "descent \(command) --help lost \(missing.sorted())")
        }
    }

    @Test("train and tune run list every training setting with its help, values and default")
    func settingsAreListed() throws {
        for command in ["train", "tune run", "tune"] {
            let text = try Self.help(command)
            for setting in TrainingSettings.vocabulary {
                #expect(text.contains("--\(setting.name)"), "descent \(command) --help lacks --\(setting.name)")
            }
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("values: gd, momentum, nesterov"), "the optimizers are listed")
            #expect(flat.contains("(default: 0.01; for files: 0.001)"), "the learning rate's defaults, the course's and a file's")
        }
    }
}

/// `descent describe` reads the table settings through the vocabulary, as `descent train` does.
@Suite struct DescribeSettingsTests {
    @Test("describe takes the table settings and refuses the other training settings, naming them")
    func describeTakesTheTableSettings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file("t.csv", "id,colour,size,label\n1,red,3,a\n2,blue,5,b\n3,red,4,a\n4,green,6,b\n")
        let described = try CLI.run(["describe", "--data", file.path, "--ignore", "id", "--json"])
        #expect(described.status == 0, "\(described.standardError)")
        #expect(described.standardOutput.contains("\"left out, ignored as asked: id\""), "\(described.standardOutput)")
        // The split's settings choose the rows the fill values are learned on, as train's do.
        let split = try CLI.run(["describe", "--data", file.path, "--ignore", "id", "--test-fraction", "0.5", "--seed", "1", "--json"])
        #expect(split.status == 0 && split.standardOutput.contains("\"training_rows\": 2"), "\(split.standardError)")
        #expect(try CLI.run(["describe", "--help"]).standardOutput.contains("TRAINING ROWS (the rows train learns the fill values on):"))
        let refused = try CLI.run(["describe", "--data", file.path, "--epochs", "3"])
        #expect(refused.status == 64 && refused.standardError.contains("--epochs: a descent train setting, not one of describe's"))
        let misspelt = try CLI.run(["describe", "--data", file.path, "--ignroe", "id"])
        #expect(misspelt.status == 64 && misspelt.standardError.contains("did you mean '--ignore'?"), "\(misspelt.standardError)")
    }
}

/// Every enumerated option of every command, given a value it does not take, says which it takes.
@Suite struct EnumeratedOptionTests {
    /// Each command with the arguments it needs before an option can be judged.
    static let commands: [(command: [String], needs: [String])] = [
        (["train"], []), (["tune"], ["--search", "l2=0..1"]), (["lab"], []), (["predict"], ["--model", "m.safetensors", "--data", "d.csv"]),
        (["evaluate"], ["--model", "m.safetensors", "--data", "d.csv"]), (["describe"], ["--data", "d.csv"]), (["gradcheck"], []),
        (["bench"], []), (["playground"], []),
    ]

    @Test("a wrong value of any enumerated option lists the values it takes, on the one error line")
    func wrongValuesListTheValidOnes() throws {
        var checked = 0
        for (command, needs) in Self.commands {
            let help = try CLI.run(command + ["--help"]).standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            // Each option's entry runs from its `--name <value>` to the next option's.
            for entry in help.components(separatedBy: " --").dropFirst() {
                guard let match = entry.firstMatch(of: /^([a-z0-9-]+) <[^>]+> .*?\(values: ([^;)]+)/) else { continue }
                let option = String(match.output.1)
                let values = match.output.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let result = try CLI.run(command + needs + ["--\(option)", "no-such-value"])
                let lines = result.standardError.split(separator: "\n")
                #expect(result.status == 64 && lines.count == 1, "descent \(command) --\(option): \(result.standardError)")
                for value in values { #expect(result.standardError.contains(value), "descent \(command) --\(option) does not list \(value)") }
                checked += 1
            }
        }
        #expect(checked >= 25, "the enumerated options found in the help texts: \(checked)")
        let lab = try CLI.run(["lab", "no-such-lab"])
        #expect(lab.status == 64 && lab.standardError.contains("initialization, regularization, gradient-checking, optimization"))
    }
}
