import Descent
import Foundation

extension TrainCommand {
    /// `--save PATH`: the run's `ModelFile` (network, normalization, class and feature names,
    /// metrics) with every option given (`optionSettings`, by command-line name), written
    /// crash-safely.
    func saveModel<Scalar: DescentFloat>(_ result: RunResult<Scalar>, data prepared: PreparedData, to path: String) throws {
        var options = [String: String]()
        for (name, value) in optionSettings where !value.isEmpty { options[name] = value }
        let file = ModelFile(result: result, data: prepared, labelName: data.label ?? prepared.labelName, trainingOptions: options)
        do {
            try file.write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "\(path): cannot save the model: \(error)")
        }
    }
}
