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
        let live = try LiveTraining(configuration: configuration, data: data, frameInterval: .zero, boundaryResolution: 12) { frames.add($0) }
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
        let live = try LiveTraining(configuration: configuration, data: data, startsPaused: true, frameInterval: .seconds(60)) { frames.add($0) }
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

@Suite struct LiveTrainingPaceAndInspectionTests {
    @Test func aPaceSlowsPlayingWithoutChangingTheWeights() throws {
        let configuration = LiveTrainingTests.configuration(epochs: 30)
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        let frames = LiveTrainingTests.Frames()
        let live = try LiveTraining(configuration: configuration, data: data, frameInterval: .zero, epochsPerSecond: 100) { frames.add($0) }
        let clock = ContinuousClock()
        let start = clock.now
        live.start()
        live.waitUntilFinished()
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(250), "29 epochs after the first at 100 a second: about 0.29 s, took \(elapsed)")
        var plain = try TrainingRun<Double>(configuration, data: data)
        #expect(frames.all.last?.cost == plain.fit().history.records.last?.cost)
        #expect(frames.all.last?.stopReason == "completed")
    }

    @Test func inspectionsRunBetweenEpochsWhilePausedAndAfterTheEnd() throws {
        let configuration = LiveTrainingTests.configuration(epochs: 50)
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        let frames = LiveTrainingTests.Frames()
        let live = try LiveTraining(configuration: configuration, data: data, startsPaused: true, frameInterval: .seconds(60)) { frames.add($0) }
        live.start()
        #expect(frames.wait(for: 1))
        let seen = LiveTrainingTests.Frames()
        // While paused after epoch 0: the network of epoch 0, at once.
        live.inspect { network in
            seen.add(TrainingFrame(epoch: 0, cost: network.layers[0].weights[0, 0], learningRate: 0, gradientNorms: [], finished: false))
        }
        #expect(seen.wait(for: 1))
        live.send(.stop)
        live.waitUntilFinished()
        #expect(frames.all.last?.stopReason == "stopped" && frames.all.last?.epoch == 0)
        // After the end: the final network.
        live.inspect { network in
            seen.add(TrainingFrame(epoch: 1, cost: network.layers[0].weights[0, 0], learningRate: 0, gradientNorms: [], finished: true))
        }
        #expect(seen.all.count == 2 && seen.all[0].cost == seen.all[1].cost, "stopped after epoch 0: the same weights")
    }
}
