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
        // Every trial's settings must hold before anything trains.
        for index in [0, max(0, total - 1)] { _ = try Self.settings(definition, index: index) }
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
                                         train: { definition.record(of: $0, cache: cache) })
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
        let maximum = try settings(definition, index: 0).effective.epochs
        guard maximum >= 1 else { throw ValidationError("--method halving: needs --epochs of at least 1") }
        return definition.rungEpochs(maximumEpochs: maximum)
    }

    /// Trial `index`'s settings (in `rung`, with its epochs), or a usage error naming the trial.
    static func settings(_ definition: StudyDefinition, index: Int, rung: Int? = nil, rungEpochs: [Int]? = nil) throws -> TrainingSettings {
        let task = definition.task(trial: index, rung: rung, rungEpochs: rungEpochs)
        do {
            return try definition.settings(for: task)
        } catch {
            throw ValidationError("trial \(task.index) (\(task.values.map { "\($0.name)=\($0.value)" }.joined(separator: " "))): \(error)")
        }
    }

    /// The study's definition from the options: the search space, the settings every trial shares
    /// (with a dev split when none is given).
    func makeDefinition() throws -> StudyDefinition {
        do {
            let space = try searches.map { (text) throws(TuningError) in try SearchDimension(text) }
            var fixed = try TrainingSettings(arguments: trainOptions)
            if !fixed.isGiven("dev-fraction") && !fixed.isGiven("dev") { try fixed.set("dev-fraction", to: "0.2") }
            var minimum = minEpochs ?? 1
            if method == .halving && minEpochs == nil {
                minimum = max(1, fixed.effective.epochs / (reductionFactor * reductionFactor * reductionFactor))
            }
            return try StudyDefinition(method: method, space: space, fixed: fixed, seed: studySeed, gridPoints: gridPoints,
                                       minimumEpochs: minimum, reductionFactor: reductionFactor)
        } catch let error as TuningError {
            if case .badSpec = error { throw ValidationError("--search \(error.description)") }
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Prints the ranked trials and the best one's command (`--json`: one object); with `--save`
    /// and `saving`, trains the best once more and saves it.
    func show(definition: StudyDefinition, records: [TrialRecord], rungs: [Int]?, saving: Bool = true) throws {
        let ranked = TrialRecord.ranked(records)
        guard let best = ranked.first else { return }
        let trial = try Self.settings(definition, index: best.trial, rung: best.rung, rungEpochs: rungs)
        let command = trial.command
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
    static func saveBest(_ settings: TrainingSettings, to path: String) throws -> Double? {
        let configuration = try settings.runConfiguration()
        let data = try PreparedData.prepare(configuration.data, seed: configuration.model.seed)
        func train<Scalar: DescentFloat>(_: Scalar.Type) throws -> Double? {
            var run = try TrainingRun<Scalar>(configuration, data: data)
            let result = run.fit()
            try result.save(data: data, settings: settings, to: path)
            return result.metrics["test_accuracy"]
        }
        switch configuration.model.precision {
        case .float64: return try train(Double.self)
        case .float32: return try train(Float.self)
        }
    }
}
