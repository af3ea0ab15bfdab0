import ArgumentParser
import Descent
import Foundation

extension StudyDefinition.Method: ExpressibleByArgument {}

/// `descent tune`: the course's experiment loop — hyperparameters searched on a dev split, trials on
/// every core, a resumable study file, the best trial's `descent train` command.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search hyperparameters on a dev split: random or grid trials on every core, resumable (descent tune show lists a study).",
        subcommands: [TuneRunCommand.self, TuneShowCommand.self, TuneTrialCommand.self, TuneCollectCommand.self],
        defaultSubcommand: TuneRunCommand.self)
}

/// `descent tune [run]`: runs a study's trials.
struct TuneRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a search: every descent train option is a setting all trials share; --search NAME=SPEC varies one.",
        discussion: """
            SPEC: log:LOW..HIGH (10^r, r uniform: learning rates, L2), LOW..HIGH (uniform), int:LOW..HIGH, \
            1-log:LOW..HIGH (β = 1 − 10^r for β near 1; LOW..HIGH bound 1 − β), A|B|C (a choice; hidden=64|128,64). \
            NAME is a descent train option without its dashes (learning-rate, l2, keep-prob, hidden, batch-size, \
            optimizer, beta, beta1, beta2, epochs, init, activation, …); true|false searches a flag. \
            --method random (default), grid (--grid-points per continuous dimension) or halving (asynchronous: every \
            trial at --min-epochs; a trial among the best 1/η of its rung's trials numbered up to its own trains \
            η = --reduction-factor times longer, up to --epochs). \
            Trials are judged on the dev split (--dev FILE, or --dev-fraction, 0.2 unless given); the test set is never looked at. \
            Trial i's values depend only on --study-seed and i, and every trial trains with the same --seed (the same \
            split and initial draws), so a study gives the same results whatever --jobs and whatever order trials \
            finish in; the best trial's descent train command reproduces it bit for bit. With --study FILE each \
            finished trial is appended to the file and flushed; the same command again (after a kill too) runs only \
            the trials the file lacks, and --trials can grow a study.
            Example:
              descent tune --data moons --hidden 5,2 --optimizer adam --batch-size 64 --epochs 300 \\
                  --search learning-rate=log:1e-4..1e-1 --search beta1=1-log:0.01..0.3 --trials 30 --study moons.study
            """)

    @Option(name: .customLong("search"), help: "NAME=SPEC: a train option and how to draw it (repeat for more).")
    var searches: [String] = []

    @Option(help: "How trials are drawn.")
    var method: StudyDefinition.Method = .random

    @Option(help: "Trials to run (default: 20 for random, every combination for grid).")
    var trials: Int?

    @Option(help: "Values per continuous dimension in a grid.")
    var gridPoints: Int = 3

    @Option(help: "halving: the epochs of the first rung (default: --epochs / η³, at least 1).")
    var minEpochs: Int?

    @Option(help: "halving: η, the factor between rungs: the best 1/η of a rung so far train η times longer in the next.")
    var reductionFactor: Int = 3

    @Option(help: "Trials run at once (default: every core).")
    var jobs: Int = ParallelLoop.cores

    @Option(help: "The study file (JSON lines): finished trials are appended; rerunning resumes.")
    var study: String?

    @Option(help: "The seed of the trials' values.")
    var studySeed: UInt64 = 0

    @Flag(help: "Print one JSON object {study, trials (best first), best {command, …}} instead of the table.")
    var json = false

    @Option(help: "Train the best trial once more and save its model here; its test-set accuracy (with --test or --test-fraction) is reported then, the one look at the test set.")
    var save: String?

    @Option(help: "Write an HTML report of the study to this directory: the trials, the dev metric over trials and against each hyperparameter, the halving rungs.")
    var report: String?

    @Flag(help: "Write the --study file and stop: its trials then run anywhere with descent tune trial (a cluster's job array).")
    var prepare = false

    @Argument(parsing: .allUnrecognized, help: "descent train options every trial shares (e.g. --data moons --epochs 300).")
    var trainOptions: [String] = []

    /// Train options tune writes itself or that would break a search.
    static let refused = ["--history", "--checkpoint", "--checkpoint-every", "--resume", "--json", "--print-every"]

    func validate() throws {
        if searches.isEmpty { throw ValidationError("--search: give at least one NAME=SPEC to search") }
        if let trials, trials < 1 { throw ValidationError("--trials: must be at least 1, got \(trials)") }
        if jobs < 1 { throw ValidationError("--jobs: must be at least 1, got \(jobs)") }
        if gridPoints < 1 { throw ValidationError("--grid-points: must be at least 1, got \(gridPoints)") }
        if let minEpochs, minEpochs < 1 { throw ValidationError("--min-epochs: must be at least 1, got \(minEpochs)") }
        if reductionFactor < 2 { throw ValidationError("--reduction-factor: must be at least 2, got \(reductionFactor)") }
        if method != .halving && (minEpochs != nil || reductionFactor != 3) {
            throw ValidationError("--min-epochs and --reduction-factor: only apply to --method halving")
        }
        if prepare && study == nil { throw ValidationError("--prepare: needs --study FILE") }
        if let study { try OutputPath.checkFile(study, option: "--study") }
        if let save { try OutputPath.checkFile(save, option: "--save") }
        if let report { try OutputPath.checkDirectory(report, option: "--report") }
        if let option = trainOptions.first(where: { Self.refused.contains($0) }) {
            throw ValidationError("\(option): not a tune setting (tune reports the trials itself; train the best command to save a model)")
        }
    }

    func run() throws {
        let definition = try makeDefinition()
        let total = trials ?? (method == .grid ? definition.gridSize : method == .halving ? 27 : 20)
        // Every trial's command line must parse before anything trains.
        for index in [0, max(0, total - 1)] { _ = try TrialCommand(definition: definition, index: index).parsed() }
        let rungs = try Self.rungEpochs(definition)

        var finished: [TrialRecord] = []
        if let study {
            do {
                finished = try StudyJournal.resume(URL(fileURLWithPath: study), definition: definition)
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
        if prepare {
            if !json { print("\(study!): \(total) trials to run with descent tune trial --study \(study!) --index I (I in 0..<\(total)), then descent tune collect") }
            return
        }
        let progress = TuneProgress(ProgressReporter(label: "tune", total: total, enabled: !json))
        let cache = PreparedDataCache { $0.printNotes() }
        // Ctrl-C: no new trial starts; the running ones finish, and the results so far are shown.
        let interruption = Interruption { number in
            Console.standardError("\n\(Interruption.name(number)): finishing the running trials (again to quit at once)\n")
        }
        defer { interruption.stop() }
        let records: [TrialRecord]
        do {
            records = try definition.run(trials: total, rungEpochs: rungs, jobs: jobs, finished: finished,
                                         journal: study.map { URL(fileURLWithPath: $0) },
                                         progress: { progress.update($0) }, isStopped: { interruption.signalNumber != nil },
                                         train: { TrialCommand(definition: definition, task: $0).run(cache: cache) })
        } catch {
            progress.reporter.clear()
            throw CommandFailure(message: error.description)
        }
        progress.reporter.clear()
        if let report { try TuneShowCommand.writeReport(definition, records, to: report, quiet: json) }
        if let number = interruption.signalNumber {
            try show(definition: definition, records: records, rungs: rungs, saving: false)
            throw CommandFailure(message: "interrupted (\(Interruption.name(number))) with \(records.count) of \(progress.reporter.total) trials finished"
                + (study.map { "; they are in \($0): run the same command again to finish the study" } ?? " (no --study file keeps them)"),
                exitCode: 128 + number)
        }
        try show(definition: definition, records: records, rungs: rungs)
    }

    /// Halving: the epochs of each rung, up to the trials' `--epochs`; `nil` for the other methods.
    static func rungEpochs(_ definition: StudyDefinition) throws -> [Int]? {
        guard definition.method == .halving else { return nil }
        let maximum = try TrialCommand(definition: definition, index: 0).parsed().optimization.epochs
        guard maximum >= 1 else { throw ValidationError("--method halving: needs --epochs of at least 1") }
        return definition.rungEpochs(maximumEpochs: maximum)
    }

    /// The study's definition from the options: the search space, the fixed train options (with a
    /// dev split when none is given).
    func makeDefinition() throws -> StudyDefinition {
        do {
            let space = try searches.map { (text) throws(TuningError) in try SearchDimension(text) }
            var fixed = trainOptions
            if !fixed.contains("--dev-fraction") && !fixed.contains("--dev") { fixed += ["--dev-fraction", "0.2"] }
            for dimension in space where fixed.contains("--\(dimension.name)") {
                throw TuningError.invalid("--search \(dimension.name): also given as a fixed --\(dimension.name)")
            }
            var minimum = minEpochs ?? 1
            if method == .halving && minEpochs == nil {
                let epochs = (try? TrainCommand.parse(fixed))?.optimization.epochs ?? 1
                minimum = max(1, epochs / (reductionFactor * reductionFactor * reductionFactor))
            }
            return try StudyDefinition(method: method, space: space, fixed: fixed, seed: studySeed, gridPoints: gridPoints,
                                       minimumEpochs: minimum, reductionFactor: reductionFactor)
        } catch let error as TuningError {
            if case .badSpec = error { throw ValidationError("--search \(error.description)") }
            throw ValidationError(error.description)
        }
    }

    /// Prints the ranked trials and the best one's command (`--json`: one object); with `--save`
    /// and `saving`, trains the best once more and saves it.
    func show(definition: StudyDefinition, records: [TrialRecord], rungs: [Int]?, saving: Bool = true) throws {
        let ranked = TrialRecord.ranked(records)
        guard let best = ranked.first else { return }
        let trial = TrialCommand(definition: definition, index: best.trial, rung: best.rung, rungEpochs: rungs)
        let command = trial.shellCommand
        var testAccuracy: Double?
        let save = saving ? save : nil
        if let save { testAccuracy = try Self.saveBest(trial, to: save) }
        if json {
            var members: [(String, JSON)] = []
            if let study { members.append(("study", .string(study))) }
            members.append(("trials", .array(ranked.map(TuneShowCommand.json))))
            var bestMembers: [(String, JSON)] = [("command", .string(command))]
            if case .object(let fields) = TuneShowCommand.json(best) { bestMembers += fields }
            members.append(("best", .object(bestMembers)))
            if let save {
                members.append(("saved", .object([("model", .string(save)), ("test_accuracy", testAccuracy.map { .number($0) } ?? .null)])))
            }
            print(JSON.object(members).text)
            return
        }
        print(TuneShowCommand.table(ranked, space: definition.space))
        print("")
        print("best: trial \(best.trial), dev \(TuneShowCommand.scoreText(best)); reproduce it with")
        print("  \(command)")
        if let save {
            print("saved its model to \(save)" + (testAccuracy.map { "; test accuracy \(formatFixed($0, digits: 4)) (the search never looked at the test set)" } ?? ""))
        }
    }

    /// Trains the trial once more (the same weights as in the search), saves its model to `path`,
    /// and returns its test accuracy when there is a test set.
    static func saveBest(_ trial: TrialCommand, to path: String) throws -> Double? {
        let command = try trial.parsed()
        let configuration = try command.runConfiguration()
        let data = try command.data.prepare(seed: configuration.model.seed)
        func train<Scalar: DescentFloat>(_: Scalar.Type) throws -> Double? {
            var run = try TrainingRun<Scalar>(configuration, data: data)
            let result = run.fit()
            try command.saveModel(result, data: data, to: path)
            return result.metrics["test_accuracy"]
        }
        switch configuration.model.precision {
        case .float64: return try train(Double.self)
        case .float32: return try train(Float.self)
        }
    }
}

/// One trial's `descent train` command: the study's fixed options plus the trial's values.
struct TrialCommand {
    let definition: StudyDefinition
    let task: TrialTask

    init(definition: StudyDefinition, task: TrialTask) {
        self.definition = definition
        self.task = task
    }

    /// Trial `index`; under halving in `rung`, with that rung's epochs of `rungEpochs`.
    init(definition: StudyDefinition, index: Int, rung: Int? = nil, rungEpochs: [Int]? = nil) {
        self.init(definition: definition, task: definition.task(trial: index, rung: rung, rungEpochs: rungEpochs))
    }

    /// The fixed options, with the rung's `--epochs` in place of the given one.
    var fixed: [String] {
        guard let epochs = task.epochs else { return definition.fixed }
        var options: [String] = []
        var skip = false
        for option in definition.fixed {
            if skip { skip = false; continue }
            if option == "--epochs" { skip = true; continue }
            options.append(option)
        }
        return options + ["--epochs", "\(epochs)"]
    }

    /// The train arguments: a `true`/`false` value is a flag given or left out.
    var arguments: [String] {
        fixed + task.values.flatMap { value -> [String] in
            switch value.value {
            case "true": ["--\(value.name)"]
            case "false": []
            default: ["--\(value.name)", value.value]
            }
        }
    }

    /// `descent train …`, each argument quoted for a POSIX shell where it needs it.
    var shellCommand: String { ShellCommand.line(["descent", "train"] + arguments) }

    /// The parsed train command, or a usage error naming the trial.
    func parsed() throws -> TrainCommand {
        do {
            return try TrainCommand.parse(arguments)
        } catch {
            let message = TrainCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw ValidationError("trial \(task.index) (\(task.values.map { "\($0.name)=\($0.value)" }.joined(separator: " "))): \(message)")
        }
    }

    /// Trains the trial and records what its dev split measured; an error becomes the record's `stopped`.
    func run(cache: PreparedDataCache) -> TrialRecord {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let configuration = try parsed().runConfiguration()
            return try TrialRecord(training: configuration, data: try cache.prepared(configuration.data, seed: configuration.model.seed), task: task)
        } catch let error as DataPreparationIssue {
            return task.failed(error.commandLineText, seconds: (clock.now - start).seconds)
        } catch let error as HyperparameterError {
            return task.failed(error.commandLineText, seconds: (clock.now - start).seconds)
        } catch {
            return task.failed("\(error)", seconds: (clock.now - start).seconds)
        }
    }
}

/// The tune progress line, drawn from the study's progress callbacks (which come one at a time).
final class TuneProgress: @unchecked Sendable {
    var reporter: ProgressReporter

    init(_ reporter: ProgressReporter) { self.reporter = reporter }

    func update(_ progress: StudyProgress) {
        reporter.total = progress.taskCount
        // Ranked only when the bar is drawn (a terminal, at most ten times a second).
        reporter.update(completed: progress.records.count, status: progress.records.isEmpty ? nil : Self.bestText(progress.records))
    }

    /// `best dev accuracy 0.93 (trial 7)`.
    static func bestText(_ records: [TrialRecord]) -> String {
        let best = TrialRecord.ranked(records)[0]
        return "best dev \(TuneShowCommand.scoreText(best)) (trial \(best.trial))"
    }
}

/// `descent tune show --study FILE [--csv | --json]`: a study's finished trials, best first.
struct TuneShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "List a study's finished trials, best first (--csv: a header and one line per trial).")

    @Option(help: "The study file.")
    var study: String

    @Flag(help: "CSV: trial, each searched value, the dev metrics, epochs, seconds, how it stopped.")
    var csv = false

    @Flag(help: "JSON: {study, method, trials: [...]}.")
    var json = false

    @Flag(help: "Coarse to fine: print --search options narrowed around the best quarter of the trials (at least 3).")
    var refine = false

    @Option(help: "Write an HTML report of the study to this directory.")
    var report: String?

    func validate() throws {
        if [csv, json, refine].filter({ $0 }).count > 1 { throw ValidationError("--csv, --json and --refine: choose one") }
    }

    /// The study at `path`, or the error naming it.
    static func read(_ path: String) throws -> (definition: StudyDefinition, records: [TrialRecord]) {
        do {
            guard let stored = try StudyJournal.read(URL(fileURLWithPath: path)) else { throw CommandFailure(message: "\(path): no such file") }
            return stored
        } catch let error as TuningError {
            throw CommandFailure(message: error.description)
        }
    }

    func run() throws {
        let stored = try Self.read(study)
        let ranked = TrialRecord.ranked(stored.records)
        if let report { try Self.writeReport(stored.definition, stored.records, to: report, quiet: json || csv) }
        if refine {
            let top = ranked.prefix(Swift.max(3, ranked.count / 4)).filter { $0.score > -.infinity }
            print(stored.definition.space.map { dimension in
                let values = top.compactMap { record in record.values.first { $0.name == dimension.name }?.value }
                return "--search '\(dimension.name)=\(dimension.refinedSpec(around: values))'"
            }.joined(separator: " "))
        } else if csv {
            print(Self.csv(ranked, space: stored.definition.space), terminator: "")
        } else if json {
            print(JSON.object([("study", .string(study)), ("method", .string(stored.definition.method.rawValue)),
                               ("trials", .array(ranked.map(Self.json)))]).text)
        } else {
            print(Self.table(ranked, space: stored.definition.space))
            if let best = ranked.first {
                let rungs = try TuneRunCommand.rungEpochs(stored.definition)
                print("")
                print("best: trial \(best.trial); reproduce it with")
                print("  \(TrialCommand(definition: stored.definition, index: best.trial, rung: best.rung, rungEpochs: rungs).shellCommand)")
            }
        }
    }

    static let metricColumns = ["dev_accuracy", "dev_cost", "dev_rmse", "train_accuracy"]

    /// Writes the study's HTML report to the directory `path`.
    static func writeReport(_ definition: StudyDefinition, _ records: [TrialRecord], to path: String, quiet: Bool) throws {
        do {
            let file = try definition.report(title: "Hyperparameter study", records: records).write(to: URL(fileURLWithPath: path))
            if !quiet { Console.standardError("wrote the report to \(file.path)\n") }
        } catch {
            throw CommandFailure(message: "\(path): cannot write the report: \(error)")
        }
    }

    /// `0.9367 accuracy` or `0.21 RMSE`.
    static func scoreText(_ record: TrialRecord) -> String {
        if let accuracy = record.metrics["dev_accuracy"] { return "accuracy \(formatFixed(accuracy, digits: 4))" }
        if let rmse = record.metrics["dev_rmse"] { return "RMSE \(formatFixed(rmse, digits: 4))" }
        return record.stopped
    }

    static func table(_ ranked: [TrialRecord], space: [SearchDimension]) -> String {
        let metrics = metricColumns.filter { name in ranked.contains { $0.metrics[name] != nil } }
        let rungs = ranked.contains { $0.rung != nil }
        var rows = [["rank", "trial"] + (rungs ? ["rung"] : []) + space.map(\.name) + metrics + ["epochs", "seconds", "stopped"]]
        for (rank, record) in ranked.enumerated() {
            let values = space.map { dimension in record.values.first { $0.name == dimension.name }?.value ?? "" }
            rows.append(["\(rank + 1)", "\(record.trial)"] + (rungs ? ["\(record.rung ?? 0)"] : []) + values.map(Self.short)
                + metrics.map { record.metrics[$0].map { formatFixed($0, digits: 4) } ?? "–" }
                + ["\(record.epochs)", formatFixed(record.seconds, digits: 2), record.stopped])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let line = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    /// A value for the table: numbers to 4 significant digits, text as it is.
    static func short(_ value: String) -> String {
        guard let number = Double(value), value.contains(".") || value.contains("e") else { return value }
        return String(format: "%.4g", number)
    }

    static func csv(_ ranked: [TrialRecord], space: [SearchDimension]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let rungs = ranked.contains { $0.rung != nil }
        var lines = [(["trial"] + (rungs ? ["rung"] : []) + space.map(\.name) + metricColumns + ["epochs", "seconds", "stopped"]).map(field)
            .joined(separator: ",")]
        for record in ranked {
            let values = space.map { dimension in record.values.first { $0.name == dimension.name }?.value ?? "" }
            let metrics = metricColumns.map { record.metrics[$0].map { "\($0)" } ?? "" }
            lines.append((["\(record.trial)"] + (rungs ? ["\(record.rung ?? 0)"] : []) + values + metrics + ["\(record.epochs)", "\(record.seconds)", record.stopped]).map(field)
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ record: TrialRecord) -> JSON {
        .object([
            ("trial", .integer(record.trial)),
            ("rung", record.rung.map { .integer($0) } ?? .null),
            ("values", .object(record.values.map { ($0.name, .string($0.value)) })),
            ("metrics", .object(record.metrics.keys.sorted().map { ($0, .number(record.metrics[$0]!)) })),
            ("epochs", .integer(record.epochs)), ("seconds", .number(record.seconds)), ("stopped", .string(record.stopped)),
        ])
    }
}

/// `descent tune trial --study FILE --index I`: one trial of a prepared study, its record written
/// next to the study (`FILE.trial-I.json`) for `descent tune collect` — what a cluster's job array
/// runs (`$SLURM_ARRAY_TASK_ID`, Kubernetes' `$JOB_COMPLETION_INDEX`).
struct TuneTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial", abstract: "Run one trial of a prepared study and write its record file (for a cluster's job array).")

    @Option(help: "The study file (made by descent tune … --study FILE --prepare).")
    var study: String

    @Option(help: "The trial's index (0-based).")
    var index: Int

    func validate() throws {
        if index < 0 { throw ValidationError("--index: must be non-negative, got \(index)") }
    }

    /// Where trial `index` of `study` writes its record.
    static func recordURL(study: String, index: Int) -> URL { URL(fileURLWithPath: "\(study).trial-\(index).json") }

    func run() throws {
        let definition = try TuneShowCommand.read(study).definition
        guard definition.method != .halving else {
            throw CommandFailure(message: "\(study): halving decides which trials go on as results come in, on one machine; "
                + "use --method random or grid for a job array")
        }
        let trial = TrialCommand(definition: definition, index: index)
        _ = try trial.parsed()
        let record = trial.run(cache: PreparedDataCache { $0.printNotes() })
        let url = Self.recordURL(study: study, index: index)
        do {
            try AtomicFile.write(try StudyJournal.line(StudyJournal.Entry(trial: record)), to: url)
        } catch {
            throw CommandFailure(message: "\(url.path): cannot write the trial's record: \(error)")
        }
    }
}

/// `descent tune collect --study FILE`: appends the record files of `descent tune trial` to the study.
struct TuneCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Merge the record files of descent tune trial into the study file.")

    @Option(help: "The study file.")
    var study: String

    func run() throws {
        let url = URL(fileURLWithPath: study)
        let stored = try TuneShowCommand.read(study)
        do {
            let directory = url.deletingLastPathComponent()
            let prefix = url.lastPathComponent + ".trial-"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            var known = Set(stored.records.map(\.trial))
            var added = 0
            for name in names.sorted() where name.hasPrefix(prefix) && name.hasSuffix(".json") {
                let record = try StudyJournal.record(in: directory.appendingPathComponent(name))
                guard known.insert(record.trial).inserted else { continue }
                try StudyJournal.append(record, to: url)
                added += 1
            }
            print("\(study): \(added) trial\(added == 1 ? "" : "s") collected, \(known.count) in the study")
        } catch {
            throw CommandFailure(message: error.description)
        }
    }
}
