/// `.npy` files of text, as numpy writes them (`np.save("y.npy", np.array(["cat", "dog"]))`), for
/// tests: the library reads text label files but writes numbers only.
public enum NPYText {
    /// A `.npy` file of `words` as `<U n` (or `>U n`): each word UTF-32, padded with NULs to the
    /// longest word's length `n`, in `shape` (default: one dimension).
    public static func unicode(_ words: [String], shape: String? = nil, bigEndian: Bool = false) -> [UInt8] {
        let width = max(1, words.map(\.unicodeScalars.count).max() ?? 1)
        let data = words.flatMap { word -> [UInt8] in
            let scalars = word.unicodeScalars.map(\.value) + Array(repeating: 0, count: width - word.unicodeScalars.count)
            return scalars.flatMap { value in withUnsafeBytes(of: bigEndian ? value.bigEndian : value.littleEndian) { Array($0) } }
        }
        return file("{'descr': '\(bigEndian ? ">" : "<")U\(width)', 'fortran_order': False, 'shape': \(shape ?? "(\(words.count),)"), }", data: data)
    }

    /// A version 1.0 `.npy`: magic, version, little-endian header length, `header`, then `data`.
    public static func file(_ header: String, data: [UInt8]) -> [UInt8] {
        let text = Array((header + "\n").utf8)
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(truncatingIfNeeded: text.count), UInt8(truncatingIfNeeded: text.count >> 8)] + text + data
    }
}
