import Foundation

/// One unit of a study's work: trial `index` with its values, and under halving its rung and the
/// epochs that rung trains (in place of the configuration's own).
public struct TrialTask: Sendable, Equatable {
    /// The trial's index.
    public var index: Int
    /// The trial's value of every dimension (`StudyDefinition.values(forTrial:)`).
    public var values: [TrialRecord.Value]
    /// Halving: the rung (0 first); `nil` for the other methods.
    public var rung: Int?
    /// Halving: the rung's epochs, r·η^rung; `nil` for the other methods (the configuration's epochs).
    public var epochs: Int?

    /// A task of trial `index`.
    public init(index: Int, values: [TrialRecord.Value], rung: Int? = nil, epochs: Int? = nil) {
        self.index = index
        self.values = values
        self.rung = rung
        self.epochs = epochs
    }

    /// The record of a task that stopped before training: no metrics, `stopped` = `error: message`.
    public func failed(_ message: String, seconds: Double) -> TrialRecord {
        TrialRecord(trial: index, rung: rung, values: values, metrics: [:], epochs: 0, seconds: seconds, stopped: "error: \(message)")
    }
}

/// Where a running study stands, handed to the progress callback after each finished task.
public struct StudyProgress: Sendable {
    /// The finished tasks' records: those of the study file first, then in the order they finished.
    public var records: [TrialRecord]
    /// The tasks known so far, finished or not (halving adds one with each promotion).
    public var taskCount: Int
}

extension StudyDefinition {
    /// Trial `index`'s task; under halving in `rung`, which trains `rungEpochs[rung]`.
    public func task(trial index: Int, rung: Int? = nil, rungEpochs: [Int]? = nil) -> TrialTask {
        TrialTask(index: index, values: values(forTrial: index).map { TrialRecord.Value(name: $0.name, value: $0.value) },
                  rung: rung, epochs: rung.flatMap { rungEpochs?[$0] })
    }

    /// The settings `task` trains with: the shared settings, the rung's epochs (moved last, as a
    /// command lists them), then the trial's values; checked together.
    public func settings(for task: TrialTask) throws(SettingError) -> TrainingSettings {
        var settings = fixed
        if let epochs = task.epochs { try settings.replace("epochs", with: "\(epochs)") }
        for value in task.values { try settings.set(value.name, to: value.value) }
        try settings.validate()
        return settings
    }

    /// Trains `task` on its data (prepared once per configuration in `cache`) and records what its
    /// dev split measured; a setting or data problem becomes the record's `stopped`.
    public func record(of task: TrialTask, cache: PreparedDataCache) -> TrialRecord {
        let clock = ContinuousClock()
        let start = clock.now
        func failed(_ message: String) -> TrialRecord { task.failed(message, seconds: (clock.now - start).seconds) }
        do {
            let settings = try settings(for: task)
            let configuration = try settings.runConfiguration()
            // Prepared as `descent train` prepares it for these settings (so the best trial's
            // printed command reproduces its numbers in float32 too).
            let data = try cache.prepared(configuration.data, seed: configuration.model.seed, precision: configuration.model.precision,
                                          readsFloat32: settings.readsInTrainingPrecision)
            return try TrialRecord(training: configuration, data: data, task: task)
        } catch let error as SettingError {
            return failed(error.description)
        } catch let error as DataPreparationIssue {
            return failed(error.optionText)
        } catch let error as HyperparameterError {
            return failed(error.optionText)
        } catch {
            return failed("\(error)")
        }
    }

    /// Runs the study's trials numbered below `trials` that `finished` lacks, `jobs` at a time, and
    /// returns the records that count.
    ///
    /// - random and grid: every trial once; the result is `finished` (those below `trials`) and the
    ///   new records, in the order they finished.
    /// - halving: the tasks `SuccessiveHalving` hands out as results come in, each trial's rung `k`
    ///   training `rungEpochs[k]` (`rungEpochs(maximumEpochs:)`); the result is the schedule's
    ///   records. Records of `finished` that the rule does not reach are ignored.
    ///
    /// `train` runs one task and turns what it measured (or the error that stopped it) into a
    /// record; it runs on `jobs` threads at once. `progress` is called after each record, one call
    /// at a time. Once `isStopped` says so (the user pressed Ctrl-C), no task starts; the running
    /// ones finish and are recorded, and the records so far are returned. With a `journal` (a study
    /// file made by `StudyJournal.create`) each record is appended and flushed as it arrives, so a
    /// killed run loses only the tasks that were training;
    /// when an append fails, the run finishes without writing more and then throws that failure.
    /// The records do not depend on `jobs` or on the order tasks finish in.
    ///
    /// ```swift
    /// let fixed = try TrainingSettings(values: [("data", "moons"), ("batch-size", "64"), ("epochs", "300"), ("dev-fraction", "0.2")])
    /// let study = try StudyDefinition(method: .random, space: [try SearchDimension("learning-rate=log:1e-4..1e-1")],
    ///                                 fixed: fixed, seed: 0)
    /// let cache = PreparedDataCache()
    /// let records = try study.run(trials: 20, jobs: ParallelLoop.cores) { study.record(of: $0, cache: cache) }
    /// ```
    public func run(trials: Int, rungEpochs: [Int]? = nil, jobs: Int, finished: [TrialRecord] = [], journal: URL? = nil,
                    progress: @Sendable (StudyProgress) -> Void = { _ in }, isStopped: @Sendable () -> Bool = { false },
                    train: @Sendable (TrialTask) -> TrialRecord) throws(TuningError) -> [TrialRecord] {
        precondition(trials >= 0 && jobs >= 1, "a study runs trials ≥ 0 on jobs ≥ 1")
        precondition((method == .halving) == (rungEpochs != nil), "halving, and only halving, trains rungs of rungEpochs")
        let state = StudyRunState(records: finished.filter { $0.trial < trials }, journal: journal)
        if let rungEpochs {
            var schedule = SuccessiveHalving(trials: trials, rungs: rungEpochs.count, reductionFactor: reductionFactor)
            for record in state.records where (record.rung ?? 0) < rungEpochs.count { schedule.add(record) }
            state.schedule = schedule
            progress(StudyProgress(records: state.records, taskCount: schedule.taskCount))
            ParallelLoop.drain(jobs: jobs, next: { isStopped() ? nil : state.schedule?.next() }, run: { task in
                train(self.task(trial: task.trial, rung: task.rung, rungEpochs: rungEpochs))
            }, deliver: { _, record in
                state.schedule?.add(record)
                state.add(record)
                progress(StudyProgress(records: state.records, taskCount: state.schedule?.taskCount ?? 0))
            })
        } else {
            let done = Set(state.records.map(\.trial))
            state.pending = (0..<trials).filter { !done.contains($0) }.makeIterator()
            progress(StudyProgress(records: state.records, taskCount: trials))
            ParallelLoop.drain(jobs: jobs, next: { isStopped() ? nil : state.pending.next() }, run: { trial in
                train(self.task(trial: trial))
            }, deliver: { _, record in
                state.add(record)
                progress(StudyProgress(records: state.records, taskCount: trials))
            })
        }
        if let failure = state.failure { throw failure }
        return state.schedule?.records ?? state.records
    }
}

/// A running study's records, trials to start (halving: its schedule) and journal: touched only
/// by `ParallelLoop.drain`'s `next` and `deliver`, which it calls one at a time.
private final class StudyRunState: @unchecked Sendable {
    var records: [TrialRecord]
    var pending = [Int]().makeIterator()
    var schedule: SuccessiveHalving?
    let journal: URL?
    var failure: TuningError?

    init(records: [TrialRecord], journal: URL?) {
        self.records = records
        self.journal = journal
    }

    func add(_ record: TrialRecord) {
        if let journal, failure == nil {
            do throws(TuningError) { try StudyJournal.append(record, to: journal) } catch { failure = error }
        }
        records.append(record)
    }
}

extension StudyJournal {
    /// The finished trials of the study file at `url`, which is created with `definition` when it
    /// does not exist; an error when it was made with another definition, naming what differs.
    public static func resume(_ url: URL, definition: StudyDefinition) throws(TuningError) -> [TrialRecord] {
        guard let existing = try read(url) else {
            try create(url, definition: definition)
            return []
        }
        guard existing.definition.isSameStudy(as: definition) else {
            throw .study(file: url.path, message: "was made with another search (\(existing.definition.difference(from: definition))); "
                + "use another study file")
        }
        return existing.records
    }
}

extension StudyDefinition {
    /// Whether `other` runs the same trials: equal but for settings the trials do not see (a
    /// `--test` file, which only `tune --save` looks at).
    public func isSameStudy(as other: StudyDefinition) -> Bool {
        var mine = self, theirs = other
        mine.fixed = fixed.seenByTrials
        theirs.fixed = other.fixed.seenByTrials
        return mine == theirs
    }

    /// What differs from this definition (a stored study's) in `other` (a new command's), as
    /// `search A, now B; settings …`.
    public func difference(from other: StudyDefinition) -> String {
        func spaceText(_ space: [SearchDimension]) -> String { space.map { "\($0.name)=\($0.spec)" }.joined(separator: " ") }
        var parts: [String] = []
        if space != other.space { parts.append("search \(spaceText(space)), now \(spaceText(other.space))") }
        if fixed.seenByTrials != other.fixed.seenByTrials { parts.append("settings \(fixed.arguments.joined(separator: " ")), now \(other.fixed.arguments.joined(separator: " "))") }
        if method != other.method { parts.append("method \(method.rawValue), now \(other.method.rawValue)") }
        if seed != other.seed { parts.append("study seed \(seed), now \(other.seed)") }
        if gridPoints != other.gridPoints { parts.append("grid points \(gridPoints), now \(other.gridPoints)") }
        if minimumEpochs != other.minimumEpochs || reductionFactor != other.reductionFactor {
            parts.append("halving \(minimumEpochs)×\(reductionFactor), now \(other.minimumEpochs)×\(other.reductionFactor)")
        }
        return parts.joined(separator: "; ")
    }
}
