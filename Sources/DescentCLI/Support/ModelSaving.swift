import Descent
import Foundation

extension TrainCommand {
    /// `--save PATH`: writes the trained network, the normalization fitted on the training split,
    /// the class and feature names, every training option (`optionSettings`: the ones given, by
    /// their command-line names) and the train/dev/test metrics as a
    /// safetensors model file, crash-safely.
    func saveModel<Scalar: DescentFloat>(_ report: TrainingReport<Scalar>, to path: String) throws {
        let network = report.network, prepared = report.prepared, history = report.history
        // Every option of the run (`optionSettings`, those given), plus what the run itself decided.
        var options = [String: String]()
        for (name, value) in optionSettings where !value.isEmpty { options[name] = value }
        options["epochs-run"] = "\(history.records.count)"
        options["normalization-applied"] = prepared.scaler.method.rawValue
        options["stopped"] = stopReasonText(history.stopReason)

        var classNames: [String]?
        if network.loss.isClassification {
            // A training set missing a class still needs a name for every output class.
            let count = network.classCount
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
        case .diverging(let event): "diverging in epoch \(event.epoch) (cost \(event.cost), best \(event.bestCost) in epoch \(event.bestEpoch))"
        }
    }
}
