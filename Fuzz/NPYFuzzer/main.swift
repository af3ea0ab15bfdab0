import Descent

/// libFuzzer entry point for the `.npy` parser (`NPYFile(bytes:)`), built by `Scripts/fuzz.sh`.
/// A parse either yields an array whose shape matches its values (and converts to matrices in
/// both layouts and precisions) or throws a `DataLoadingError`; it never traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try NPYFile(bytes: bytes, fileName: "fuzz.npy")
        precondition(file.shape.count <= 2, "more than two dimensions accepted")
        precondition(file.values.count == file.shape.reduce(1, *), "shape and values disagree")
        // Converting is bounded by the data actually present: skip absurd empty shapes like (0, 2^60).
        if file.shape.allSatisfy({ $0 <= 1 << 20 }) {
            let stored: Matrix<Double> = file.matrix()
            let examples: Matrix<Float> = file.courseLayout()
            precondition(stored.count == file.values.count && examples.count == file.values.count, "conversion lost values")
        }
    } catch {
        precondition(error.description.hasPrefix("fuzz.npy"), "the error does not name the file")
    }
    return 0
}
