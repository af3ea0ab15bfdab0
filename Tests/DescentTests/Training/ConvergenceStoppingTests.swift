import DescentCLI
import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 25: scikit-learn's stopping rule — stop when the training cost has not fallen by more than
/// the tolerance for `patience` epochs in a row (`--convergence-patience N`, 10 for a file) — never
/// for a stuck network, nor before the diagnostics have recorded enough to name one.
@Suite struct ConvergenceStoppingTests {
    static func train(epochs: Int, patience: Int?, tolerance: Double = 1e-4, progress: TrainingProgress<Double> = .init(),
                      network start: Network<Double>? = nil, checkpointEvery: Int = 0,
                      onCheckpoint: ((TrainingCheckpointFile.State<Double>) -> Void)? = nil) -> (Network<Double>, TrainingHistory) {
        let moons = Dataset.courseMoons()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 16, 1], initializer: .he, using: &random)
        if let start { network = start }
        var optimizer = Optimizer<Double>(.adam())
        var schedule = LearningRateSchedule.constant(0.01)
        let options = TrainingOptions(epochs: epochs, batchSize: 50, convergencePatience: patience, convergenceTolerance: tolerance)
        let history = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random,
                                                            progress: progress, checkpointEvery: checkpointEvery, onCheckpoint: onCheckpoint)
        return (network, history)
    }

    /// The last epoch whose cost fell more than `tolerance` below the best before it (the rule replayed).
    static func lastProgress(_ records: [EpochRecord], tolerance: Double) -> Int {
        var best = Double.infinity, last = -1
        for record in records where record.cost < best - tolerance {
            best = record.cost
            last = record.epoch
        }
        return last
    }

    @Test("the run stops `patience` epochs after the last epoch that lowered the best cost by more than the tolerance, keeping the last weights")
    func stopsAfterPatienceEpochsWithoutProgress() throws {
        let (_, history) = Self.train(epochs: 3_000, patience: 10, tolerance: 1e-3)
        guard case .converged(let epoch) = history.stopReason else {
            Issue.record("expected convergence, got \(history.stopReason)")
            return
        }
        #expect(epoch < 2_999 && history.records.count == epoch + 1 && history.weightsEpoch == epoch)
        // Replay the rule on the recorded costs: the last progress was exactly 10 epochs before the end.
        #expect(epoch - Self.lastProgress(history.records, tolerance: 1e-3) == 10)
        // Without the rule every epoch runs.
        let (_, full) = Self.train(epochs: epoch + 30, patience: nil)
        #expect(full.stopReason == .completed && full.records.count == epoch + 30)
    }

    @Test("a run that still makes progress is not stopped")
    func progressingRunsAreNotStopped() {
        let (_, history) = Self.train(epochs: 40, patience: 10, tolerance: 0)
        #expect(history.stopReason == .completed && history.records.count == 40)
    }

    @Test("--convergence-patience 10 stops a file's run (tolerance 1e-4 by default); without it, or with 0, every epoch runs")
    func fileDefaultAndCourseData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var lines = ["x1,x2,y"]
        var random = FastRandom(seed: 25)
        // Noisy labels: the cost has a floor the run reaches (on separable data it falls for ever).
        for _ in 0..<1_000 {
            let (a, b) = (random.nextStandardNormal(), random.nextStandardNormal())
            lines.append(String(format: "%.4f,%.4f,%d", a, b, a + b + random.nextStandardNormal() > 0 ? 1 : 0))
        }
        let file = try directory.file("easy.csv", lines.joined(separator: "\n") + "\n").path
        // Without diagnostics (with them, 5 steps an epoch, the rule would wait 80 epochs: tested above).
        let defaults = try TrainingSettings(arguments: ["--data", file, "--hidden", "8", "--learning-rate", "0.01", "--convergence-patience", "10",
                                                        "--diagnostics", "0"]).runConfiguration()
        #expect(defaults.training.convergencePatience == 10 && defaults.training.convergenceTolerance == 1e-4)
        let (result, _) = try defaults.train()
        guard case .converged(let epoch) = result.history.stopReason else {
            Issue.record("a noisy table converges well before 200 epochs, got \(result.history.stopReason)")
            return
        }
        #expect(epoch < 199)
        let off = try TrainingSettings(arguments: ["--data", file, "--hidden", "8", "--learning-rate", "0.01", "--convergence-patience", "0"]).runConfiguration()
        #expect(off.training.convergencePatience == nil)
        #expect(try off.train().result.history.records.count == 200)
        let unset = try TrainingSettings(arguments: ["--data", file]).runConfiguration()
        #expect(unset.training.convergencePatience == 10, "a file's default, as scikit-learn's MLP")
        for course in ["moons", "circles", "football"] {
            #expect(try TrainingSettings(arguments: ["--data", course]).runConfiguration().training.convergencePatience == nil)
        }
        #expect(throws: SettingError.self) { try TrainingSettings(arguments: ["--data", file, "--convergence-patience", "-1"]) }
    }

    @Test("with diagnostics the rule waits until they have watched the plateau for four records: 20 epochs here, not 10")
    func waitsForTheDiagnostics() throws {
        let (_, plain) = Self.train(epochs: 3_000, patience: 10, tolerance: 1e-3)
        guard case .converged(let early) = plain.stopReason else {
            Issue.record("expected convergence, got \(plain.stopReason)")
            return
        }
        // Moons: 300 examples in batches of 50, 6 steps an epoch; records every 30 steps, so four
        // records take 120 steps, 20 epochs.
        let moons = Dataset.courseMoons()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 16, 1], initializer: .he, using: &random)
        var optimizer = Optimizer<Double>(.adam())
        var schedule = LearningRateSchedule.constant(0.01)
        let options = TrainingOptions(epochs: 3_000, batchSize: 50, convergencePatience: 10, convergenceTolerance: 1e-3,
                                      diagnosticsInterval: 30)
        let watched = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random)
        guard case .converged(let epoch) = watched.stopReason else {
            Issue.record("expected convergence, got \(watched.stopReason)")
            return
        }
        let lastProgress = Self.lastProgress(watched.records, tolerance: 1e-3)
        #expect(epoch > early && epoch - lastProgress == 20, "stopped \(epoch - lastProgress) epochs into the plateau")
        #expect(watched.diagnostics.count > (GradientHealthMonitor.defaultWindow + 1) * 20 / 20)
        // The diagnostics do not change the trajectory: the epochs both runs trained agree.
        #expect(Array(watched.records.prefix(early + 1)) == plain.records)
    }

    @Test("a classifier no more accurate than the most frequent class is stuck, not converged; the majority's share is the accuracy of a constant answer")
    func majorityShare() {
        let binary = Matrix<Double>(rows: 1, columns: 4, elements: [1, 0, 0, 0])
        #expect(Loss.binaryCrossEntropy.majorityClassShare(labels: binary, outputs: 1) == 0.75)
        let classes = Matrix<Double>(rows: 1, columns: 5, elements: [0, 2, 2, 1, 2])
        #expect(Loss.categoricalCrossEntropy.majorityClassShare(labels: classes, outputs: 3) == 0.6)
        #expect(Loss.meanSquaredError.majorityClassShare(labels: classes, outputs: 1) == nil)
        #expect(Loss.binaryCrossEntropy.majorityClassShare(labels: Matrix<Double>(rows: 1, columns: 0), outputs: 1) == nil)
        // Moons relabelled at random: the network cannot beat a coin, so the rule never calls it converged.
        var random = FastRandom(seed: 4)
        var moons = Dataset.courseMoons()
        for j in 0..<moons.labels.count { moons.labels.elements[j] = random.nextUniform() < 0.5 ? 1 : 0 }
        var generator = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 4, 1], initializer: .he, using: &generator)
        var optimizer = Optimizer<Double>(.adam())
        var schedule = LearningRateSchedule.constant(0.0001)
        let options = TrainingOptions(epochs: 60, batchSize: 50, convergencePatience: 2, convergenceTolerance: 0.5, recordsTrainingAccuracy: true)
        let history = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &generator)
        let share = Loss.binaryCrossEntropy.majorityClassShare(labels: moons.labels, outputs: 1)!
        let stuck = history.records.filter { ($0.trainAccuracy ?? 1) <= share }
        #expect(!stuck.isEmpty, "some epochs score no better than the majority")
        if case .converged(let epoch) = history.stopReason {
            #expect((history.records[epoch].trainAccuracy ?? 0) > share, "stopped on an epoch that learned something")
        }
    }

    @Test("the guard: a stop needs a cost under 90 % of a constant prediction's, an accuracy above the majority's, and the diagnostics' four records of plateau")
    func convergenceGuard() {
        // 3 of 4 labels are 1: a constant answer costs H(0.75) ≈ 0.562 and scores 0.75.
        let labels = Matrix<Double>(rows: 1, columns: 4, elements: [1, 1, 1, 0])
        let guarded = ConvergenceGuard(loss: .binaryCrossEntropy, labels: labels, outputs: 1, stepsPerEpoch: 3, diagnosticsInterval: 100)
        #expect(abs(guarded.costBelow - 0.9 * (-(0.75 * log(0.75) + 0.25 * log(0.25)))) < 1e-12 && guarded.accuracyAbove == 0.75)
        #expect(guarded.plateauEpochs == 134, "400 steps at 3 an epoch")
        var learned = EpochRecord(epoch: 200, cost: 0.3, learningRate: 0.01)
        learned.trainAccuracy = 0.9
        #expect(guarded.allowsStop(after: learned, plateauLength: 134) && !guarded.allowsStop(after: learned, plateauLength: 133))
        var majority = learned
        majority.trainAccuracy = 0.75
        #expect(!guarded.allowsStop(after: majority, plateauLength: 500), "no better than the most frequent class: stuck")
        var costly = learned
        costly.cost = 0.51
        #expect(!guarded.allowsStop(after: costly, plateauLength: 500), "above 90 % of a constant prediction's cost: stuck")
        // Without diagnostics the plateau needs no watching; a regression has no majority; a huge interval never allows a stop.
        let regression = ConvergenceGuard(loss: .meanSquaredError, labels: labels, outputs: 1, stepsPerEpoch: 3, diagnosticsInterval: 0)
        #expect(regression.plateauEpochs == 0 && regression.accuracyAbove == -.infinity)
        #expect(regression.allowsStop(after: EpochRecord(epoch: 1, cost: 0.1, learningRate: 0.01), plateauLength: 0))
        #expect(ConvergenceGuard(loss: .binaryCrossEntropy, labels: labels, outputs: 1, stepsPerEpoch: 3, diagnosticsInterval: .max).plateauEpochs == .max)
    }

    @Test("a run resumed from a checkpoint converges at the same epoch with the same weights")
    func resumedRunConvergesTheSame() throws {
        let (uninterrupted, history) = Self.train(epochs: 3_000, patience: 10, tolerance: 1e-3)
        guard case .converged(let epoch) = history.stopReason, epoch > 20 else {
            Issue.record("expected convergence after epoch 20, got \(history.stopReason)")
            return
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("run.safetensors")
        let at = epoch - 5  // inside the 10 epochs without progress: the rule's count must travel
        _ = Self.train(epochs: 3_000, patience: 10, tolerance: 1e-3, checkpointEvery: 1) { state in
            if state.progress.nextEpoch == at { try! TrainingCheckpointFile.save(state, fingerprint: "test", to: url) }
        }
        var template = NumpyRandom(seed: 0)
        let shape = Network<Double>(layerSizes: [2, 16, 1], initializer: .zeros, using: &template)
        let state = try TrainingCheckpointFile.load(from: url, fingerprint: "test", network: shape, optimizer: Optimizer<Double>(.adam()))
        #expect(state.progress.convergence?.wait ?? 0 > 0)
        let moons = Dataset.courseMoons()
        var network = state.network, optimizer = state.optimizer, schedule = state.schedule, random = state.random
        let options = TrainingOptions(epochs: 3_000, batchSize: 50, convergencePatience: 10, convergenceTolerance: 1e-3)
        let resumed = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random,
                                                           progress: state.progress)
        #expect(resumed.stopReason == history.stopReason && network == uninterrupted)
        #expect(resumed.records == history.records)
    }

    @Test("a stuck network is not called converged: ReLU units killed by a rate of 5 train every epoch")
    func stuckNetworksTrainOn() throws {
        let moons = Dataset.courseMoons()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 16, 8, 1], initializer: .he, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(5)
        // Without the stuck check scikit-learn's rule would stop this run at epoch 12, its cost flat at a guess's.
        let options = TrainingOptions(epochs: 120, batchSize: 100, convergencePatience: 10, divergence: DivergenceRule(action: .warn))
        let history = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random)
        let guess = Loss.binaryCrossEntropy.constantPredictionCost(labels: moons.labels, outputs: 1)
        #expect(history.records.suffix(20).allSatisfy { $0.cost > 0.9 * guess }, "the run is stuck at a constant guess's cost")
        #expect(history.stopReason == .completed && history.records.count == 120)
    }

    @Test("the best constant prediction's cost: the labels' entropy, or the targets' variance")
    func constantPredictionCost() {
        let binary = Matrix<Double>(rows: 1, columns: 4, elements: [1, 0, 0, 0])
        #expect(abs(Loss.binaryCrossEntropy.constantPredictionCost(labels: binary, outputs: 1) - (-(0.25 * log(0.25) + 0.75 * log(0.75)))) < 1e-12)
        let classes = Matrix<Double>(rows: 1, columns: 3, elements: [0, 1, 2])
        #expect(abs(Loss.categoricalCrossEntropy.constantPredictionCost(labels: classes, outputs: 3) - log(3)) < 1e-12)
        let targets = Matrix<Double>(rows: 1, columns: 4, elements: [1, 2, 3, 4])
        #expect(abs(Loss.meanSquaredError.constantPredictionCost(labels: targets, outputs: 1) - 1.25) < 1e-12)
        #expect(Loss.binaryCrossEntropy.constantPredictionCost(labels: Matrix<Double>(rows: 1, columns: 2, elements: [1, 1]), outputs: 1) == 0)
        // The MSE cost of predicting the mean equals the variance, as the loss computes it.
        let mean = Matrix<Double>(rows: 1, columns: 4, elements: [2.5, 2.5, 2.5, 2.5])
        #expect(abs(Loss.meanSquaredError.summedCost(z: mean, a: mean, y: targets) / 4 - 1.25) < 1e-12)
    }
}
