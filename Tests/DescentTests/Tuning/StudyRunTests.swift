import Foundation
import Testing
@testable import Descent

/// A study run from the library, as a library user runs one: trials as `RunConfiguration`s.
@Suite struct StudyRunTests {
    /// The Optimization lab's moons network with Adam, its learning rate searched on a log scale.
    static func definition(_ method: StudyDefinition.Method = .random) throws -> StudyDefinition {
        try StudyDefinition(method: method, space: [try SearchDimension("learning-rate=log:1e-3..1e-1")], fixed: TrainingSettings(), seed: 7,
                            minimumEpochs: 4, reductionFactor: 2)
    }

    /// Trial `task` as a configuration: the base network with the trial's learning rate and, under
    /// halving, its rung's epochs.
    static func configuration(_ task: TrialTask) -> RunConfiguration {
        RunConfiguration(data: DataConfiguration(source: .course(.moons), devFraction: 0.2), model: ModelConfiguration(hiddenLayers: [5, 2]),
                         optimizer: .adam(), learningRate: Double(task.values[0].value)!,
                         training: TrainingOptions(epochs: task.epochs ?? 30, batchSize: 64))
    }

    /// Trains `task` on cached data, counting the trainings.
    final class Trainer: @unchecked Sendable {
        let cache = PreparedDataCache()
        private let lock = NSLock()
        private var tasks: [TrialTask] = []
        var trained: [TrialTask] { lock.withLock { tasks } }

        func train(_ task: TrialTask) -> TrialRecord {
            lock.withLock { tasks.append(task) }
            let configuration = StudyRunTests.configuration(task)
            do {
                return try TrialRecord(training: configuration, data: try cache.prepared(configuration.data, seed: configuration.model.seed), task: task)
            } catch {
                return task.failed("\(error)", seconds: 0)
            }
        }
    }

    static func sortedByKey(_ records: [TrialRecord]) -> [TrialRecord] {
        records.map { record in
            var record = record
            record.seconds = 0
            return record
        }.sorted { ($0.trial, $0.rung ?? 0) < ($1.trial, $1.rung ?? 0) }
    }

    @Test("random: every trial trained once on the dev split, the same records on 1 and 2 jobs")
    func randomTrialsAreTheSameOnAnyJobs() throws {
        let definition = try Self.definition()
        let one = Trainer(), two = Trainer()
        let sequential = try definition.run(trials: 6, jobs: 1, train: one.train)
        let parallel = try definition.run(trials: 6, jobs: 2, train: two.train)
        #expect(Set(sequential.map(\.trial)) == Set(0..<6) && one.trained.count == 6 && two.trained.count == 6)
        #expect(Self.sortedByKey(sequential) == Self.sortedByKey(parallel))
        for record in sequential {
            #expect(record.metrics["dev_accuracy"] != nil && record.metrics["dev_cost"] != nil && record.stopped == "completed")
            #expect(!record.metrics.keys.contains { $0.hasPrefix("test_") }, "a search never looks at the test set")
            #expect(record.epochs == 30 && record.values[0].value == definition.values(forTrial: record.trial)[0].value)
        }
    }

    @Test("a study file: records appended as they finish; resuming trains only the missing trials; another search is refused by name")
    func journalResumesAndRefusesAnotherSearch() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-study-run-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let definition = try Self.definition()
        #expect(try StudyJournal.resume(url, definition: definition).isEmpty, "a new study file")
        _ = try definition.run(trials: 3, jobs: 2, journal: url, train: Trainer().train)
        let finished = try StudyJournal.resume(url, definition: definition)
        #expect(Set(finished.map(\.trial)) == [0, 1, 2])

        let resumed = Trainer()
        let records = try definition.run(trials: 5, jobs: 2, finished: finished, journal: url, train: resumed.train)
        #expect(Set(resumed.trained.map(\.index)) == [3, 4], "only the trials the file lacks")
        #expect(Set(records.map(\.trial)) == Set(0..<5))
        #expect(try StudyJournal.read(url)?.records.count == 5)
        #expect(Self.sortedByKey(records) == Self.sortedByKey(try definition.run(trials: 5, jobs: 1, train: Trainer().train)),
                "a resumed study equals an uninterrupted one")

        var other = definition
        other.seed = 8
        #expect(throws: TuningError.study(file: url.path, message: "was made with another search (study seed 7, now 8); use another study file")) {
            try StudyJournal.resume(url, definition: other)
        }
    }

    @Test("a journal that cannot be appended to: every trial still runs, then the failure is thrown naming the file")
    func journalFailureIsThrownAtTheEnd() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-study-gone-\(UUID().uuidString).jsonl")
        let definition = try Self.definition()
        try StudyJournal.create(url, definition: definition)
        try FileManager.default.removeItem(at: url)
        let trainer = Trainer()
        do {
            _ = try definition.run(trials: 3, jobs: 2, journal: url, train: trainer.train)
            Issue.record("the lost study file must be reported")
        } catch {
            #expect(error.description.hasPrefix("\(url.path): cannot open it to append"))
        }
        #expect(trainer.trained.count == 3)
    }

    @Test("halving: each rung trains its epochs, the study is the same on 1 and 3 jobs, progress counts every task")
    func halvingRunsTheRungs() throws {
        let definition = try Self.definition(.halving)
        let rungs = definition.rungEpochs(maximumEpochs: 16)
        #expect(rungs == [4, 8, 16])
        let progress = ProgressLog()
        let trainer = Trainer()
        let sequential = try definition.run(trials: 8, rungEpochs: rungs, jobs: 1, progress: progress.add, train: trainer.train)
        let parallel = try definition.run(trials: 8, rungEpochs: rungs, jobs: 3, train: Trainer().train)
        #expect(Self.sortedByKey(sequential) == Self.sortedByKey(parallel))
        for task in trainer.trained { #expect(task.epochs == rungs[task.rung!]) }
        for record in sequential { #expect(record.epochs == rungs[record.rung!]) }
        let counts = (0..<3).map { rung in sequential.filter { $0.rung == rung }.count }
        #expect(counts[0] == 8 && counts[1] >= 1 && counts[1] < 8 && counts[2] >= 1 && counts[2] <= counts[1])
        let last = try #require(progress.entries.last)
        #expect(last.records.count == sequential.count && last.taskCount == sequential.count)
        #expect(progress.entries.first?.records.isEmpty == true)
    }

    final class ProgressLog: @unchecked Sendable {
        private(set) var entries: [StudyProgress] = []
        func add(_ progress: StudyProgress) { entries.append(progress) }
    }

    @Test("stopped (Ctrl-C): no task starts after it, every started one is recorded, in both schedules")
    func stoppingKeepsEveryStartedTrial() throws {
        for method in [StudyDefinition.Method.random, .halving] {
            let definition = try Self.definition(method)
            let trainer = Trainer()
            let records = try definition.run(trials: 12, rungEpochs: method == .halving ? definition.rungEpochs(maximumEpochs: 16) : nil,
                                             jobs: 2, isStopped: { trainer.trained.count >= 3 }, train: trainer.train)
            #expect(records.count == trainer.trained.count && records.count >= 3 && records.count <= 4, "\(method): \(records.count)")
            #expect(Set(records.map(\.key)).count == records.count)
        }
    }

    @Test("a trial that cannot prepare its data is a record of the error, not a crash")
    func aFailingTrialIsARecord() throws {
        let definition = try Self.definition()
        let records = try definition.run(trials: 2, jobs: 2) { task in
            let configuration = RunConfiguration(data: DataConfiguration(source: .file(path: "/nonexistent/descent.csv")))
            do {
                return try TrialRecord(training: configuration, data: try PreparedData(configuration.data, seed: 0), task: task)
            } catch {
                return task.failed("\(error)", seconds: 0)
            }
        }
        #expect(records.count == 2 && records.allSatisfy { $0.stopped.hasPrefix("error: ") && $0.score == -.infinity })
    }
}
