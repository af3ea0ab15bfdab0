import Foundation
import Testing
@testable import Descent

@Suite struct LiveTrainingTests {
    /// Frames received, behind a lock.
    final class Frames: @unchecked Sendable {
        private let lock = NSLock()
        private var frames: [TrainingFrame] = []
        func add(_ frame: TrainingFrame) { lock.lock(); frames.append(frame); lock.unlock() }
        var all: [TrainingFrame] { lock.lock(); defer { lock.unlock() }; return frames }
        /// Waits (up to 10 s) until `count` frames have arrived.
        func wait(for count: Int) -> Bool {
            for _ in 0..<10_000 where all.count < count { usleep(1_000) }
            return all.count >= count
        }
    }

    static func configuration(epochs: Int) -> RunConfiguration {
        RunConfiguration(data: DataConfiguration(source: .course(.moons), devFraction: 0.2), model: ModelConfiguration(hiddenLayers: [5, 2]),
                         optimizer: .adam(), learningRate: 0.01,
                         training: TrainingOptions(epochs: epochs, batchSize: 64, diagnosticsInterval: 10, recordsTrainingAccuracy: true))
    }

    @Test func playingEndsWithTheWeightsOfAPlainRunAndABoundary() throws {
        let configuration = Self.configuration(epochs: 60)
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        let frames = Frames()
        let live = LiveTraining(configuration: configuration, data: data, frameInterval: .zero, boundaryResolution: 12) { frames.add($0) }
        live.start()
        live.waitUntilFinished()
        let all = frames.all
        #expect(all.last?.finished == true && all.last?.epoch == 59)
        #expect(all.filter { !$0.finished }.map(\.epoch) == Array(0..<60), "every epoch with a zero interval")
        var plain = try TrainingRun<Double>(configuration, data: data)
        let result = plain.fit()
        #expect(all.last?.cost == result.history.records.last?.cost, "watching changes nothing")
        #expect(all.last?.devAccuracy == result.metrics["dev_accuracy"])
        let boundary = try #require(all.last?.boundary)
        #expect(boundary.count == 144 && boundary.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(boundary.contains { $0 < 0.5 } && boundary.contains { $0 > 0.5 }, "both classes appear on the grid")
        #expect(all.last?.gradientNorms.count == 3)
        #expect(live.boundaryGrid?.xs.count == 12)
    }

    @Test func pausedRunsStepOneEpochAtATimeAndStopEndsThem() throws {
        let configuration = Self.configuration(epochs: 500)
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        let frames = Frames()
        let live = LiveTraining(configuration: configuration, data: data, startsPaused: true, frameInterval: .seconds(60)) { frames.add($0) }
        live.start()
        #expect(frames.wait(for: 1) && frames.all.map(\.epoch) == [0], "the first epoch, then it waits")
        usleep(50_000)
        #expect(frames.all.count == 1 && !live.isFinished)
        for expected in 2...4 {
            live.send(.step)
            #expect(frames.wait(for: expected))
        }
        #expect(frames.all.map(\.epoch) == [0, 1, 2, 3])
        live.send(.play)
        live.send(.stop)
        live.waitUntilFinished()
        let last = try #require(frames.all.last)
        #expect(last.finished && last.epoch < 499, "stopped early, at epoch \(last.epoch)")
    }
}
