/// Why a model could not be exported to ONNX. The description starts with the model file:
/// `model.safetensors: the input column "label" has the name of an ONNX output …`.
public enum ONNXExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file is not a readable Descent model.
    case model(ModelFileError)
    /// An input `column` of the model in `file` named like one of the graph's outputs (`label`,
    /// `probabilities`, `variable`).
    case nameClash(column: String, file: String)

    /// `file: message` (a model file error as it describes itself).
    public var description: String {
        switch self {
        case .model(let error): error.description
        case .nameClash(let column, let file):
            "\(file): the input column \(quoted(column)) has the name of an ONNX output of the exported graph "
                + "(\(ONNXExport.outputNames.joined(separator: ", "))); rename the column and train again"
        }
    }
}
