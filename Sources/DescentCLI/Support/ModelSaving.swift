import Descent
import Foundation

extension RunResult {
    /// `--save PATH`: the run's `ModelFile` (network, normalization, class and feature names,
    /// metrics) with the settings that shaped it (`TrainingSettings.trainingOptionsMetadata`),
    /// written crash-safely.
    func save(data prepared: PreparedData, settings: TrainingSettings, to path: String) throws {
        let file = ModelFile(result: self, data: prepared, labelName: settings.label ?? prepared.labelName,
                             trainingOptions: settings.trainingOptionsMetadata)
        do {
            try file.write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "\(path): cannot save the model: \(error)")
        }
    }
}
