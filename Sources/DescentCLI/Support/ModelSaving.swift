import Descent
import Foundation

extension TrainCommand {
    /// `--save PATH`: writes the trained network, the normalization fitted on the training split,
    /// the class and feature names, the training options and the train/dev/test metrics as a
    /// safetensors model file, crash-safely.
    func saveModel<Scalar: DescentFloat>(_ report: TrainingReport<Scalar>, to path: String) throws {
        let network = report.network, prepared = report.prepared, history = report.history
        var options: [String: String] = [
            "data": prepared.name,
            "hidden": model.hidden.sizes.map(String.init).joined(separator: ","),
            "activation": model.activation.rawValue,
            "initializer": model.initializer.initializer.description,
            "keep_probability": "\(model.keepProbability)",
            "l2": "\(model.l2)",
            "l1": "\(model.l1)",
            "precision": model.precision.rawValue,
            "seed": "\(model.seed)",
            "optimizer": optimization.optimizer.rawValue,
            "learning_rate": "\(optimization.learningRate)",
            "lr_schedule": optimization.schedule.rawValue,
            "epochs": "\(optimization.epochs)",
            "epochs_run": "\(history.records.count)",
            "batch_size": optimization.batchSize.map(String.init) ?? "full",
            "shuffle": optimization.shuffle.rawValue,
            "normalization": prepared.scaler.method.rawValue,
            "stopped": stopReasonText(history.stopReason),
        ]
        if let test = data.test { options["test"] = test }
        if let devFraction = data.devFraction { options["dev_fraction"] = "\(devFraction)" }
        if let testFraction = data.testFraction { options["test_fraction"] = "\(testFraction)" }
        if let patience = optimization.earlyStopping { options["early_stopping"] = "\(patience)" }

        var classNames: [String]?
        if network.loss.isClassification {
            // A training set missing a class still needs a name for every output class.
            let count = network.loss == .binaryCrossEntropy ? 2 : network.outputSize
            let known = Array((prepared.classNames ?? []).prefix(count))
            classNames = known + (known.count..<count).map { "class \($0)" }
        }
        let file = ModelFile(
            network: network, scaler: prepared.scaler, classNames: classNames, featureNames: prepared.featureNames,
            labelName: data.label, trainingOptions: options, metrics: report.metrics)
        do {
            try file.write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "\(path): cannot save the model: \(error)")
        }
    }

    private func stopReasonText(_ reason: StopReason) -> String {
        switch reason {
        case .completed: "completed"
        case .earlyStopped(let best): "early-stopped (best epoch \(best))"
        case .diverged(let epoch): "diverged in epoch \(epoch)"
        }
    }
}
