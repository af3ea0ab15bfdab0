import Testing
@testable import Descent

/// The observer API of `TrainingRun.fit`, as Keras callbacks: hooks for each epoch, each
/// diagnostics record and the end; any observer can stop the run; all see every event.
@Suite struct TrainingObserverTests {
    final class Recorder: TrainingObserver {
        let stopAfter: Int?
        var epochs: [Int] = []
        var diagnosticsSteps: [Int] = []
        var ended: RunResult<Double>?
        init(stopAfter: Int? = nil) { self.stopAfter = stopAfter }

        func epochDidEnd(_ record: EpochRecord, network: Network<Double>) -> Bool {
            epochs.append(record.epoch)
            return stopAfter.map { record.epoch < $0 } ?? true
        }
        func diagnosticsRecorded(_ record: DiagnosticsRecord) { diagnosticsSteps.append(record.step) }
        func trainingDidEnd(_ result: RunResult<Double>) { ended = result }
    }

    static func run() throws -> TrainingRun<Double> {
        let configuration = RunConfiguration(
            data: DataConfiguration(source: .course(.moons)),
            model: ModelConfiguration(hiddenLayers: [5, 2]),
            optimizer: .adam(), learningRate: 0.01,
            training: TrainingOptions(epochs: 10, batchSize: 64, diagnosticsInterval: 7))
        return try TrainingRun<Double>(configuration, data: PreparedData(configuration.data, seed: 3))
    }

    @Test("every observer sees every epoch and record; one returning false stops the run after that epoch; the end hook gets the result")
    func observersSeeEverythingAndCanStop() throws {
        var run = try Self.run()
        let stopper = Recorder(stopAfter: 3), watcher = Recorder()
        let health = GradientHealthObserver<Double>()
        let result = run.fit(observers: [stopper, watcher, health])
        #expect(stopper.epochs == [0, 1, 2, 3] && watcher.epochs == [0, 1, 2, 3])
        #expect(result.history.records.count == 4 && result.history.stopReason == .stopped(afterEpoch: 3))
        #expect(result.history.stopReason.summary == "stopped after epoch 3")
        // 5 steps of 64 per epoch over 300 examples: records at steps 0, 7, 14 within the first 4 epochs.
        #expect(watcher.diagnosticsSteps == [0, 7, 14] && watcher.diagnosticsSteps == result.history.diagnostics.map(\.step))
        #expect(watcher.ended?.network == result.network && stopper.ended?.metrics == result.metrics)
        var monitor = GradientHealthMonitor()
        #expect(health.warnings == result.history.diagnostics.flatMap { monitor.observe($0) })
    }

    @Test("without observers the run is the same run")
    func observersChangeNothing() throws {
        var plain = try Self.run(), watched = try Self.run()
        let a = plain.fit(), b = watched.fit(observers: [Recorder(), GradientHealthObserver<Double>()])
        #expect(a.network == b.network && a.history.records == b.history.records)
    }

    @Test("a run stopped by an observer leaves a checkpoint of where it stopped; resumed from it, it ends as the uninterrupted run")
    func aStoppedRunResumesExactly() throws {
        var whole = try Self.run()
        let uninterrupted = whole.fit()
        #expect(uninterrupted.history.stopReason == .completed)

        var first = try Self.run()
        var checkpoints: [TrainingCheckpointFile.State<Double>] = []
        let stopped = first.fit(observers: [Recorder(stopAfter: 4)], checkpointEvery: 100) { checkpoints.append($0) }
        #expect(stopped.history.stopReason == .stopped(afterEpoch: 4))
        let last = try #require(checkpoints.last)
        #expect(checkpoints.count == 1 && last.progress.nextEpoch == 5, "the stop writes a checkpoint although 5 is not a multiple of 100")

        var resumed = try Self.run()
        resumed.restore(last)
        let finished = resumed.fit()
        #expect(finished.history.stopReason == .completed)
        #expect(finished.network == uninterrupted.network && finished.history.records == uninterrupted.history.records)

        // Stopping in the last epoch is completing.
        var complete = try Self.run()
        #expect(complete.fit(observers: [Recorder(stopAfter: 9)]).history.stopReason == .completed)
    }
}
