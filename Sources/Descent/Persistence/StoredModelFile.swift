import Foundation

/// A model file read in the precision it was trained in (its `precision` metadata: `float32`, else
/// `float64`) — what `predict` and `evaluate` load.
public enum StoredModelFile {
    case float32(ModelFile<Float>)
    case float64(ModelFile<Double>)

    /// Reads the model file at `url`, named `fileName` in errors (default: its path). Throws
    /// `SafeTensorsError` for a file that is not a safetensors file and `ModelFileError` for one
    /// that is not a Descent model.
    public init(contentsOf url: URL, fileName: String? = nil) throws {
        let file = try SafeTensorsFile(contentsOf: url)
        if file.metadata["precision"] == Float.precisionName {
            self = .float32(try ModelFile<Float>(file, fileName: fileName ?? url.path))
        } else {
            self = .float64(try ModelFile<Double>(file, fileName: fileName ?? url.path))
        }
    }
}
