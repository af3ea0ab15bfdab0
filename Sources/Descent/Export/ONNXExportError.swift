/// Why a model could not be exported to ONNX. The description starts with the model file:
/// `model.safetensors: the input column 'label' has the name of an ONNX output; …`.
public struct ONNXExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file is not a readable Descent model.
        case model(ModelFileError)
        /// An input column named like one of the graph's outputs (`label`, `probabilities`, `variable`).
        case nameClash(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The model file, as the caller named it.
    public var file: String

    /// An error of `kind` about `file`.
    public init(_ kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    /// `file: message` (a model file error as it describes itself).
    public var description: String {
        switch kind {
        case .model(let error): error.description
        case .nameClash(let name):
            "\(file): the input column \(quoted(name)) has the name of an ONNX output of the exported graph "
                + "(\(ONNXExport.outputNames.joined(separator: ", "))); rename the column and train again"
        }
    }
}
