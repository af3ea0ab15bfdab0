import Descent

/// libFuzzer entry point for the safetensors reader (`SafeTensorsFile(bytes:)`: the 8-byte
/// length, the JSON header and the offsets checks), built by `Scripts/fuzz.sh`. A parse either
/// yields tensors whose byte counts match their shapes — each converted to a matrix or rejected
/// with a typed error — or throws a `SafeTensorsError`; it never traps. A file that parses must
/// also survive a write/read round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file: SafeTensorsFile
    do {
        file = try SafeTensorsFile(bytes: bytes, fileName: "fuzz.safetensors")
    } catch {
        precondition(error.description.contains("fuzz.safetensors"), "the error does not name the file")
        return 0
    }
    for (name, tensor) in file.tensors {
        precondition(tensor.bytes.count == tensor.shape.reduce(1, *) * tensor.dtype.size, "\(name): size mismatch")
        if tensor.shape.allSatisfy({ $0 <= 1 << 20 }) {
            _ = try? file.matrix(name, as: Double.self)
            _ = try? file.matrix(name, as: Float.self)
        }
    }
    if file.tensors["__metadata__"] == nil {
        let again = try? SafeTensorsFile(bytes: file.serialized())
        precondition(again == file, "a parsed file does not survive a write/read round trip")
    }
    return 0
}
