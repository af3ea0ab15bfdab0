import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite struct TrainingCheckpointTests {
    typealias State = TrainingCheckpointFile.State<Double>

    /// A run that exercises every piece of resumable state: Adam moments and t, fresh dropout masks
    /// from the generator, standard shuffling, a plateau schedule and early stopping on a dev set.
    static func run(epochs: Int, progress: State? = nil, checkpointEvery: Int = 0, onCheckpoint: ((State) -> Void)? = nil)
        -> (Network<Double>, TrainingHistory) {
        let moons = Dataset.courseMoons()
        var splitRandom = NumpyRandom(seed: 7)
        let (train, dev) = moons.split(heldOutFraction: 0.2, using: &splitRandom)
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 8, 4, 1], initializer: .he, keepProbability: 0.9, using: &random)
        var optimizer = Optimizer<Double>(.adam())
        var schedule = try! LearningRateSchedule(.plateau(patience: 2), initialLearningRate: 0.02, totalEpochs: epochs)
        var start = TrainingProgress<Double>()
        if let progress {
            network = progress.network
            optimizer = progress.optimizer
            schedule = progress.schedule
            random = progress.random
            start = progress.progress
        }
        let options = TrainingOptions(epochs: epochs, batchSize: 32, earlyStoppingPatience: 30)
        let history = Trainer<Double>(options: options).fit(
            &network, on: train, dev: dev, optimizer: &optimizer, schedule: &schedule, random: &random, progress: start,
            checkpointEvery: checkpointEvery, onCheckpoint: onCheckpoint)
        return (network, history)
    }

    @Test func resumingFromAFileGivesBitIdenticalWeightsAndHistory() throws {
        let (uninterrupted, fullHistory) = Self.run(epochs: 12)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("run.safetensors")
        var saved = 0
        _ = Self.run(epochs: 12, checkpointEvery: 5) { state in
            if state.progress.nextEpoch == 5 {
                try! TrainingCheckpointFile.save(state, fingerprint: "test", to: url)
                saved += 1
            }
        }
        #expect(saved == 1)
        var template = NumpyRandom(seed: 0)
        let shape = Network<Double>(layerSizes: [2, 8, 4, 1], initializer: .zeros, keepProbability: 0.9, using: &template)
        let state = try TrainingCheckpointFile.load(from: url, fingerprint: "test", network: shape,
                                                    optimizer: Optimizer<Double>(.adam()))
        #expect(state.progress.nextEpoch == 5)
        #expect(state.optimizer.stepCount == 5 * 8)
        let (resumed, resumedHistory) = Self.run(epochs: 12, progress: state)
        #expect(resumed == uninterrupted)
        #expect(resumedHistory == fullHistory)
    }

    @Test("a resumed run keeps the best weights seen before its checkpoint: diverging later, it ends with the same weights and epoch")
    func resumedRunKeepsTheBestFromBeforeTheCheckpoint() throws {
        // Linear regression at α = 0.7 improves once, then its cost grows ~1.3× an epoch until the weights overflow.
        func run(from state: State? = nil, onCheckpoint: ((State) -> Void)? = nil) -> (Network<Double>, TrainingHistory) {
            var random = NumpyRandom(seed: 3)
            var network = Network<Double>(layerSizes: [2, 1], loss: .meanSquaredError, initializer: .he, using: &random)
            var optimizer = Optimizer<Double>(.gradientDescent)
            var schedule = LearningRateSchedule.constant(0.7)
            var start = TrainingProgress<Double>()
            if let state {
                (network, optimizer, schedule, random, start) = (state.network, state.optimizer, state.schedule, state.random, state.progress)
            }
            let history = Trainer<Double>(options: TrainingOptions(epochs: 10_000)).fit(
                &network, on: .courseMoons(), optimizer: &optimizer, schedule: &schedule, random: &random, progress: start,
                checkpointEvery: onCheckpoint == nil ? 0 : 5, onCheckpoint: onCheckpoint)
            return (network, history)
        }
        let (uninterrupted, history) = run()
        guard case .diverged = history.stopReason else {
            Issue.record("expected divergence, got \(history.stopReason)")
            return
        }
        #expect(history.weightsEpoch == 0)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("run.safetensors")
        _ = run { state in
            if state.progress.nextEpoch == 5 { try! TrainingCheckpointFile.save(state, fingerprint: "test", to: url) }
        }
        var template = NumpyRandom(seed: 0)
        let shape = Network<Double>(layerSizes: [2, 1], loss: .meanSquaredError, initializer: .zeros, using: &template)
        let state = try TrainingCheckpointFile.load(from: url, fingerprint: "test", network: shape, optimizer: Optimizer<Double>(.gradientDescent))
        #expect(state.progress.best?.epoch == 0 && state.progress.best?.cost == history.records[1].cost)
        #expect(state.network != uninterrupted)
        let (resumed, resumedHistory) = run(from: state)
        #expect(resumed == uninterrupted)
        #expect(resumedHistory.weightsEpoch == 0 && resumedHistory.stopReason == history.stopReason)
    }

    @Test func mismatchedOptionsArchitectureAndCorruptionAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("run.safetensors")
        _ = Self.run(epochs: 2, checkpointEvery: 2) { try! TrainingCheckpointFile.save($0, fingerprint: "a=1 | b=2", to: url) }
        var random = NumpyRandom(seed: 0)
        let shape = Network<Double>(layerSizes: [2, 8, 4, 1], using: &random)
        let adam = Optimizer<Double>(.adam())
        let mismatch = #expect(throws: CheckpointError.self) {
            try TrainingCheckpointFile.load(from: url, fingerprint: "a=1 | b=3", network: shape, optimizer: adam)
        }
        #expect(mismatch?.message.contains("--b: checkpoint 2, now 3") == true)
        let other = Network<Double>(layerSizes: [2, 9, 4, 1], using: &random)
        #expect(throws: CheckpointError.self) {
            try TrainingCheckpointFile.load(from: url, fingerprint: "a=1 | b=2", network: other, optimizer: adam)
        }
        var bytes = try [UInt8](Data(contentsOf: url))
        bytes.removeLast(9)
        try Data(bytes).write(to: url)
        #expect(throws: CheckpointError.self) {
            try TrainingCheckpointFile.load(from: url, fingerprint: "a=1 | b=2", network: shape, optimizer: adam)
        }
    }

    @Test("fingerprints match key by key, an option one of them lacks counting as unset: a checkpoint from before an option existed still resumes")
    func fingerprintsMatchKeyByKey() {
        let separator = TrainingCheckpointFile.fingerprintSeparator
        let old = ["epochs=7", "power="].joined(separator: separator)
        #expect(TrainingCheckpointFile.fingerprintsMatch(stored: old, current: ["power=", "epochs=7", "restart-period="].joined(separator: separator)))
        #expect(!TrainingCheckpointFile.fingerprintsMatch(stored: old, current: ["epochs=7", "power=", "restart-period=4"].joined(separator: separator)))
        #expect(!TrainingCheckpointFile.fingerprintsMatch(stored: old, current: ["epochs=8", "power="].joined(separator: separator)))
        #expect(TrainingCheckpointFile.describeDifferences(stored: old, current: ["epochs=7", "restart-period=4"].joined(separator: separator))
                == "--restart-period: checkpoint unknown, now 4")
    }
}
