import Testing
@testable import Descent

@Suite struct EarlyStoppingTrainerTests {
    /// A dev set whose labels are the training labels flipped: the better the network fits the
    /// training data, the worse the dev cost, so it rises after the first epochs.
    @Test func stopsPatienceEpochsAfterTheBestAndRestoresItsWeights() throws {
        let moons = Dataset.courseMoons()
        let dev = Dataset(features: moons.features, labels: moons.labels.map { 1 - $0 })
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 8, 1], initializer: .he, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(0.5)
        let patience = 4
        var snapshots = [Int: Network<Double>]()
        let history = Trainer<Double>(options: TrainingOptions(epochs: 200, earlyStoppingPatience: patience)).fit(
            &network, on: moons, dev: dev, optimizer: &optimizer, schedule: &schedule, random: &random
        ) { record, current in
            snapshots[record.epoch] = current
            return true
        }
        guard case .earlyStopped(let best) = history.stopReason else {
            Issue.record("expected early stopping, got \(history.stopReason)")
            return
        }
        let devCosts = history.records.compactMap(\.devCost)
        #expect(devCosts.firstIndex(of: devCosts.min()!) == best)
        #expect(history.records.count == best + 1 + patience)
        #expect(devCosts[(best + 1)...].allSatisfy { $0 >= devCosts[best] })
        #expect(network == snapshots[best] && history.weightsEpoch == best)
        #expect(network != snapshots[history.records.count - 1])
    }
}
