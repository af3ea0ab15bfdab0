import Foundation

/// A safetensors file: named tensors plus string metadata.
///
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// `{"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [r, c],
/// "data_offsets": [begin, end]}, …}` (padded with spaces to a multiple of 8), then the data
/// buffer; each tensor is little-endian, row-major, at `[begin, end)` of the buffer.
///
/// Writing is deterministic: `__metadata__` first (omitted when empty), then the tensors sorted by
/// name, their data laid out in the same order. Reading is strict, as the reference Rust
/// implementation: the header length must fit the file, the JSON must be valid with no duplicate
/// keys, every dtype known, every tensor's byte count equal to shape × dtype size, and the tensors
/// must tile the buffer exactly (no overlap, no gap, nothing left over).
///
/// ```swift
/// var file = SafeTensorsFile(metadata: ["format": "descent", "layers": "2,4,1"])
/// file.tensors["W1"] = SafeTensor(W1)
/// try file.write(to: URL(fileURLWithPath: "model.safetensors"))
/// let W1 = try SafeTensorsFile(contentsOf: url).matrix("W1", as: Double.self)
/// ```
public struct SafeTensorsFile: Sendable, Equatable {
    /// The tensors by name (no name may be `__metadata__`).
    public var tensors: [String: SafeTensor]
    /// Free-form string metadata (`__metadata__`).
    public var metadata: [String: String]

    /// A file of `tensors` and `metadata`.
    public init(tensors: [String: SafeTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Tensor `name` as a matrix (see `SafeTensor.matrix(as:)`); errors name the tensor.
    public func matrix<Scalar: DescentFloat>(_ name: String, as _: Scalar.Type = Scalar.self) throws(SafeTensorsError) -> Matrix<Scalar> {
        guard let tensor = tensors[name] else { throw SafeTensorsError(.missingTensor, tensor: name) }
        do {
            return try tensor.matrix()
        } catch {
            throw SafeTensorsError(error.kind, tensor: name)
        }
    }

    /// The file's bytes.
    public func serialized() -> [UInt8] {
        precondition(tensors["__metadata__"] == nil, "\"__metadata__\" is reserved and cannot name a tensor.")
        var header = "{"
        var members: [String] = []
        if !metadata.isEmpty {
            let entries = metadata.keys.sorted().map { JSONString.quoted($0) + ":" + JSONString.quoted(metadata[$0]!) }
            members.append("\"__metadata__\":{" + entries.joined(separator: ",") + "}")
        }
        let names = tensors.keys.sorted()
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let end = offset + tensor.bytes.count
            members.append(JSONString.quoted(name) + ":{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":["
                           + tensor.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += members.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes.append(contentsOf: repeatElement(0x20, count: (8 - headerBytes.count % 8) % 8))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        for name in names { bytes.append(contentsOf: tensors[name]!.bytes) }
        return bytes
    }

    /// Writes `serialized()` to `url` crash-safely (`AtomicFile`).
    public func write(to url: URL) throws(AtomicFileError) {
        try AtomicFile.write(serialized(), to: url)
    }

    /// Reads the safetensors file at `url`; errors name it by `url.relativePath`.
    public init(contentsOf url: URL) throws(SafeTensorsError) {
        let name = url.displayName
        let file: FileBytes
        do {
            file = try FileBytes.load(path: url.path, inflating: false)
        } catch {
            switch error {
            case .notFound: throw SafeTensorsError(.fileNotFound, file: name)
            case .unreadable(let reason): throw SafeTensorsError(.unreadable(reason), file: name)
            }
        }
        self = try file.withBytes { (bytes) throws(SafeTensorsError) in try SafeTensorsFile.parse(bytes, fileName: name) }
    }

    /// Reads safetensors bytes held in memory; `fileName` is used in error messages.
    public init(bytes: [UInt8], fileName: String = "<memory>") throws(SafeTensorsError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(SafeTensorsError) in try SafeTensorsFile.parse(buffer, fileName: fileName) }
        }
        self = try result.get()
    }
}
