/// Why a safetensors file could not be read, or a tensor could not become a matrix.
///
/// The description names the file (and the tensor when there is one):
/// `model.safetensors: tensor "W1": shape [3, 4] of F32 needs 48 bytes, the offsets give 40`.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file does not exist.
        case fileNotFound
        /// The file exists but could not be read; the operating system's explanation.
        case unreadable(String)
        /// The file is shorter than the 8-byte header length: not a safetensors file.
        case missingHeaderLength(fileSize: Int)
        /// The header length points past the end of the file: not a safetensors file (a CSV, say),
        /// or one cut short.
        case headerLengthBeyondFile(headerLength: UInt64, fileSize: Int)
        /// The header is not valid UTF-8 JSON of the expected structure.
        case invalidHeader(String)
        /// A dtype this reader does not know.
        case unknownDataType(String)
        /// `data_offsets` outside the byte buffer (or begin > end).
        case offsetsOutOfRange(begin: Int, end: Int, bufferSize: Int)
        /// Two tensors' byte ranges overlap.
        case overlappingTensors(String, String)
        /// The tensors' byte ranges leave a gap or do not reach the end of the buffer.
        case incompleteBuffer(String)
        /// shape × dtype size differs from the byte range's length.
        case sizeMismatch(shape: [Int], dataType: String, expectedBytes: Int, foundBytes: Int)
        /// No tensor of that name (when asking a file for a matrix).
        case missingTensor
        /// The tensor cannot become a `Matrix` (more than 2 dimensions, a wrong element count for
        /// the requested shape, or an 8-bit float dtype).
        case notAMatrix(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file (path as given, or a name for in-memory data), if known.
    public var file: String?
    /// The tensor concerned, if any.
    public var tensor: String?

    /// An error of `kind` in `file` about `tensor`.
    public init(_ kind: Kind, file: String? = nil, tensor: String? = nil) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
    }

    /// The explanation without the location prefix.
    public var message: String {
        switch kind {
        case .fileNotFound: return "no such file"
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .missingHeaderLength(let size):
            return "\(Self.notAModel): it has \(size) byte\(size == 1 ? "" : "s"), fewer than the 8 of a safetensors header length"
        case .headerLengthBeyondFile(let length, let size):
            return "\(Self.notAModel): its first 8 bytes, read as a safetensors header length, give \(length), "
                + "more than the file's \(size) bytes"
        case .invalidHeader(let reason): return "invalid header: \(reason)"
        case .unknownDataType(let dtype): return "unknown dtype \(quoted(dtype))"
        case .offsetsOutOfRange(let begin, let end, let size):
            return "data_offsets [\(begin), \(end)] are outside the \(size)-byte data buffer"
        case .overlappingTensors(let first, let second): return "the data of tensors \(quoted(first)) and \(quoted(second)) overlap"
        case .incompleteBuffer(let reason): return "the tensors do not tile the data buffer: \(reason)"
        case .sizeMismatch(let shape, let dtype, let expected, let found):
            return "shape \(shape) of \(dtype) needs \(expected) bytes, the offsets give \(found)"
        case .missingTensor: return "no such tensor"
        case .notAMatrix(let reason): return "cannot make a matrix: \(reason)"
        }
    }

    /// What the messages of a file that cannot be a safetensors file start with, and what was expected.
    static let notAModel = "not a Descent model (.safetensors) file, as `descent train --save` writes, or one cut short"

    /// `file: tensor "name": message`.
    public var description: String {
        var prefix = ""
        if let file { prefix += "\(file): " }
        if let tensor { prefix += "tensor \(quoted(tensor)): " }
        return prefix + message
    }
}
