import DescentCLI
import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 25, item 3: a regression's target standardized on the training split by default — fitted
/// on the training rows only, every split scaled with it, outputs and metrics in the target's units,
/// stored in model files (old ones still load) and checkpoints.
@Suite struct TargetScalingTests {
    /// The mean and population standard deviation of `values`.
    static func moments(_ values: [Double]) -> (mean: Double, deviation: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
    }

    @Test("the target is standardized with the training split's mean and std only; dev and test are scaled with them; classification is untouched")
    func standardizedOnTheTrainingSplit() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("prices.csv", GeneratedTables.prices(rows: 300)).path
        var configuration = DataConfiguration(source: .file(path: path), testFraction: 0.2, devFraction: 0.25, task: .regression)
        let scaled = try PreparedData(configuration, seed: 5)
        configuration.targetScaling = .none
        let raw = try PreparedData(configuration, seed: 5)
        #expect(raw.targetScaler == nil && raw.train.features == scaled.train.features, "the same split either way")
        let (mean, deviation) = Self.moments(raw.train.labels.elements)
        let all = Self.moments(raw.train.labels.elements + raw.dev!.labels.elements + raw.test!.labels.elements)
        let scaler = try #require(scaled.targetScaler)
        #expect(abs(scaler.offsets[0] - mean) < 1e-9 && abs(scaler.scales[0] - deviation) < 1e-9)
        #expect(abs(scaler.offsets[0] - all.mean) > 1e-3, "fitted on the training rows, not on every row")
        // Every split holds (y − mean) / std; mapped back it is the target again.
        for (standardized, original) in [(scaled.train, raw.train), (scaled.dev!, raw.dev!), (scaled.test!, raw.test!)] {
            for j in 0..<original.count {
                #expect(abs(standardized.labels[0, j] - (original.labels[0, j] - scaler.offsets[0]) / scaler.scales[0]) < 1e-12)
            }
            let back = scaled.inTargetUnits(standardized.labels)
            #expect(zip(back.elements, original.labels.elements).allSatisfy { abs($0 - $1) <= 1e-9 * abs($1) })
        }
        let trainMoments = Self.moments(scaled.train.labels.elements)
        #expect(abs(trainMoments.mean) < 1e-12 && abs(trainMoments.deviation - 1) < 1e-12)
        #expect(scaled.notes.contains { $0.contains("the target 'price' is standardized with the training split's mean") })
        #expect(!raw.notes.contains { $0.contains("standardized") })
        // A classifier's labels are class indices, never scaled.
        let classes = try scratch.file("classes.csv", "a,b,label\n" + (0..<20).map { "\($0 % 7),\($0 % 3),\($0 % 2)" }.joined(separator: "\n"))
        let classified = try PreparedData(DataConfiguration(source: .file(path: classes.path), task: .classification), seed: 1)
        #expect(classified.targetScaler == nil && Set(classified.train.labels.elements) == [0, 1])
    }

    @Test("a constant target (std 0) is only centred: no division by zero, finite training and metrics in its units")
    func constantTarget() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("flat.csv", "x,y\n" + (0..<40).map { "\(Double($0) / 7),1234.5" }.joined(separator: "\n") + "\n").path
        let configuration = try TrainingSettings(arguments: ["--data", path, "--task", "regression", "--epochs", "20"]).runConfiguration()
        let (result, data) = try configuration.train()
        let scaler = try #require(data.targetScaler)
        #expect(scaler.offsets == [1234.5] && scaler.scales == [1])
        #expect(data.train.labels.elements.allSatisfy { $0 == 0 })
        #expect(data.notes.contains { $0.contains("standard deviation 0 (constant: only the mean is subtracted)") })
        #expect(result.history.records.allSatisfy { $0.cost.isFinite })
        // Predictions near the constant, in its units: the RMSE is a small part of 1234.5.
        let rmse = try #require(result.metrics["train_rmse"])
        #expect(rmse.isFinite && rmse < 1, "train RMSE \(rmse)")
    }

    @Test("a model file stores the target standardization and predicts in the target's units; one without it (older) loads and predicts the raw outputs")
    func modelFileKeepsTheTargetScaling() throws {
        var random = NumpyRandom(seed: 2)
        let network = Network<Double>(layerSizes: [3, 4, 1], loss: .meanSquaredError, initializer: .he, using: &random)
        let target = FeatureScaler(method: .standard, offsets: [4012.5], scales: [1498.25])
        let model = ModelFile(network: network, targetScaler: target, trainingOptions: ["epochs": "3"])
        let raw = Matrix<Double>(rows: 3, columns: 5) { i, j in Double(i) - Double(j) / 3 }
        let standardized = network.outputs(raw)
        let outputs = model.outputs(forRaw: raw)
        for j in 0..<5 { #expect(abs(outputs[0, j] - (standardized[0, j] * 1498.25 + 4012.5)) < 1e-9) }
        #expect(Predictions(model, raw: raw).labels == outputs)

        let file = model.safeTensorsFile
        #expect(file.metadata["target_normalization"] == #"{"method": "standard", "offsets": [4012.5], "scales": [1498.25]}"#)
        let loaded = try ModelFile<Double>(SafeTensorsFile(bytes: file.serialized()))
        #expect(loaded == model && loaded.outputs(forRaw: raw) == outputs)

        // A file written before target scaling has no such entry: it loads, and its outputs are the network's.
        var old = file
        old.metadata["target_normalization"] = nil
        let oldModel = try ModelFile<Double>(SafeTensorsFile(bytes: old.serialized()))
        #expect(oldModel.targetScaler == nil && oldModel.outputs(forRaw: raw) == standardized)

        // A malformed entry is refused, naming it.
        for (text, reason) in [(#"{"method":"standard","offsets":[1,2],"scales":[1,1]}"#, "2 entries for 1 outputs"),
                               (#"{"method":"standard","offsets":[1],"scales":[0]}"#, "a scale is zero")] {
            var bad = file
            bad.metadata["target_normalization"] = text
            #expect { try ModelFile<Double>(SafeTensorsFile(bytes: bad.serialized())) } throws: { error in
                "\(error)".contains("target_normalization") && "\(error)".contains(reason)
            }
        }
        var classifier = ModelFile(network: Network<Double>(layerSizes: [3, 1], loss: .binaryCrossEntropy, using: &random)).safeTensorsFile
        classifier.metadata["target_normalization"] = file.metadata["target_normalization"]
        #expect { try ModelFile<Double>(SafeTensorsFile(bytes: classifier.serialized())) } throws: { error in
            "\(error)".contains("a classifier cannot have a target normalization")
        }
    }

    @Test("a saved regression model's predictions on raw rows match the run's outputs mapped back, and its stored RMSE")
    func savedRunPredictsInTargetUnits() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("prices.csv", GeneratedTables.prices(rows: 120)).path
        let settings = try TrainingSettings(arguments: ["--data", path, "--epochs", "30", "--diagnostics", "0"])
        let (result, data) = try settings.runConfiguration().train()
        let model = ModelFile(result: result, data: data, labelName: "price", trainingOptions: settings.trainingOptionsMetadata)
        let saved = try ModelFile<Double>(SafeTensorsFile(bytes: model.safeTensorsFile.serialized()))
        #expect(saved.targetScaler == data.targetScaler)
        let input = try saved.input(csv: URL(fileURLWithPath: path))
        let predicted = Predictions(saved, raw: input.features).outputs
        let expected = data.inTargetUnits(result.network.outputs(data.train.features))
        #expect(zip(predicted.elements, expected.elements).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
        let truth = try saved.labelMatrix(input, fileName: "prices.csv")
        let rmse = RegressionMetrics(predicted: predicted, targets: truth).rmse
        #expect(abs(rmse - saved.metrics["train_rmse"]!) < 1e-6 * rmse, "evaluate's RMSE is train's, in the target's units")
        // The report says which numbers are on the standardized scale.
        let html = result.report(data: data, settings: settings).html()
        #expect(html.contains("final cost (standardized target)") && html.contains("standardized with the training split&#39;s mean"))
    }

    @Test("a checkpoint keeps the target standardization: resuming is bit-identical; another target's checkpoint is refused")
    func checkpointKeepsTheTargetScaling() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("prices.csv", GeneratedTables.prices(rows: 150)).path
        let configuration = try TrainingSettings(arguments: ["--data", path, "--epochs", "12", "--hidden", "8", "--batch-size", "32"])
            .runConfiguration()
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        let target = try #require(data.targetScaler)
        var full = try TrainingRun<Double>(configuration, data: data)
        let uninterrupted = full.fit()
        let url = scratch.file("run.checkpoint")
        var interrupted = try TrainingRun<Double>(configuration, data: data)
        _ = interrupted.fit(checkpointEvery: 5) { state in
            if state.progress.nextEpoch == 5 { try! TrainingCheckpointFile.save(state, fingerprint: "f", targetScaler: target, to: url) }
        }
        var resumed = try TrainingRun<Double>(configuration, data: data)
        resumed.restore(try TrainingCheckpointFile.load(from: url, fingerprint: "f", network: resumed.network, optimizer: resumed.optimizer,
                                                        targetScaler: target))
        let result = resumed.fit()
        #expect(result.network == uninterrupted.network && result.history == uninterrupted.history)
        #expect(result.metrics == uninterrupted.metrics)

        let other = FeatureScaler(method: .standard, offsets: [target.offsets[0] + 1], scales: target.scales)
        #expect { try TrainingCheckpointFile.load(from: url, fingerprint: "f", network: resumed.network, optimizer: resumed.optimizer,
                                                  targetScaler: other) } throws: { error in
            "\(error)".contains("was trained on a target standardized with mean") && "\(error)".contains("resume on the same data")
        }
        // A checkpoint written without one (before target scaling) is not resumed on a standardized target.
        try TrainingCheckpointFile.save(TrainingCheckpointFile.State(network: resumed.network, optimizer: resumed.optimizer,
                                                                     schedule: resumed.schedule, random: resumed.random, progress: resumed.progress),
                                        fingerprint: "f", to: url)
        #expect { try TrainingCheckpointFile.load(from: url, fingerprint: "f", network: resumed.network, optimizer: resumed.optimizer,
                                                  targetScaler: target) } throws: { error in
            "\(error)".contains("resume with --target-scaling none")
        }
    }

    @Test("describe shows the inferred task and the standardization train fits a regression's target with")
    func describeShowsTheStandardization() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let url = try scratch.file("r.csv", "a,y\n1,0.5\n2,1.5\n3,1.25\n4,0.75\n")
        let text = try DataFileDescription(DataConfiguration(source: .file(path: url.path), task: .auto)).text(limit: 5)
        #expect(text.contains("task: regression, as train infers it"), "\(text)")
        let (mean, deviation) = Self.moments([0.5, 1.5, 1.25, 0.75])
        #expect(text.contains("train fits the target standardized, (y − \(Markup.significant(mean, digits: 6))) / "
                              + "\(Markup.significant(deviation, digits: 6)) with every row here"), "\(text)")
        let classes = try scratch.file("c.csv", "a,y\n1,a\n2,b\n3,a\n")
        #expect(!(try DataFileDescription(DataConfiguration(source: .file(path: classes.path), task: .auto)).text(limit: 5)).contains("standardized"))
    }

    @Test("the setting: standard by default, none turns it off, recorded only when off (older checkpoints still match), a bad value lists both")
    func theSetting() throws {
        let settings = TrainingSettings()
        #expect(settings.targetScaling == .standard && settings.dataConfiguration.targetScaling == .standard)
        #expect(DataConfiguration(source: .course(.moons)).targetScaling == .standard, "library users get it too")
        let off = try TrainingSettings(arguments: ["--data", "x.csv", "--target-scaling", "none"])
        #expect(off.dataConfiguration.targetScaling == .none)
        #expect(off.fingerprint.contains("target-scaling=none") && settings.fingerprint.contains("target-scaling= "))
        #expect(TrainingCheckpointFile.fingerprintsMatch(stored: settings.fingerprint.replacingOccurrences(of: "target-scaling= | ", with: ""),
                                                         current: settings.fingerprint))
        #expect(off.trainingOptionsMetadata["target-scaling"] == "none" && settings.trainingOptionsMetadata["target-scaling"] == nil)
        #expect(throws: SettingError.invalid(name: "target-scaling", value: "yes", requirement: "must be one of standard, none")) {
            try TrainingSettings(arguments: ["--target-scaling", "yes"])
        }
    }
}
