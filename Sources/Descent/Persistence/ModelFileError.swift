/// Why a model file could not be loaded. The description always starts with the file:
/// `model.safetensors: tensor "layers.1.weight" has shape [3, 5], expected [3, 4] (W2: 3 units fed by 4)`.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file is not a readable safetensors file (missing, truncated, corrupted); the
        /// underlying error names the file.
        case safeTensors(SafeTensorsError)
        /// The file is a safetensors file, but not a Descent model (no `format` metadata, or another format).
        case notADescentModel(String)
        /// A `format_version` this code cannot read.
        case unsupportedVersion(String)
        /// A required metadata key is absent.
        case missingMetadata(String)
        /// A metadata value is not what its key requires (bad JSON, wrong type, wrong length).
        case invalidMetadata(key: String, reason: String)
        /// A layer's weight or bias tensor is absent.
        case missingTensor(String)
        /// A tensor that belongs to no layer of `layer_sizes`.
        case unexpectedTensor(String)
        /// A tensor of a dtype other than F32 or F64.
        case wrongDataType(tensor: String, found: String)
        /// A tensor whose shape does not chain with `layer_sizes`.
        case wrongShape(tensor: String, expected: [Int], found: [Int])
        /// An activation name Descent does not know (or softmax in a hidden layer).
        case unknownActivation(String)
        /// A loss name Descent does not know.
        case unknownLoss(String)
        /// A tensor holding NaN or an infinity.
        case nonFiniteParameter(String)
        /// Metadata that contradicts itself (output activation vs loss, class count vs outputs, …).
        case inconsistent(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file, as the caller named it.
    public var file: String

    /// An error of `kind` in `file`.
    public init(_ kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    /// The explanation without the file prefix.
    public var message: String {
        switch kind {
        case .safeTensors(let error): return error.message
        case .notADescentModel(let reason): return "not a Descent model file: \(reason)"
        case .unsupportedVersion(let version):
            return "model format version \(quoted(version)) is not supported (this Descent reads version \(ModelFile<Double>.formatVersion))"
        case .missingMetadata(let key): return "the metadata has no \(quoted(key)) entry"
        case .invalidMetadata(let key, let reason): return "metadata \(quoted(key)): \(reason)"
        case .missingTensor(let name): return "no tensor \(quoted(name))"
        case .unexpectedTensor(let name): return "tensor \(quoted(name)) belongs to no layer of the model"
        case .wrongDataType(let name, let dtype): return "tensor \(quoted(name)) is \(dtype); model weights must be F32 or F64"
        case .wrongShape(let name, let expected, let found): return "tensor \(quoted(name)) has shape \(found), expected \(expected)"
        case .unknownActivation(let name): return "unknown activation \(quoted(name))"
        case .unknownLoss(let name): return "unknown loss \(quoted(name))"
        case .nonFiniteParameter(let name): return "tensor \(quoted(name)) holds NaN or infinite values"
        case .inconsistent(let reason): return reason
        }
    }

    /// `file: message` (a safetensors error keeps its own location, which includes the file).
    public var description: String {
        if case .safeTensors(let error) = kind, error.file != nil { return error.description }
        return "\(file): \(message)"
    }
}
