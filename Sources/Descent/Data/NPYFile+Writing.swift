import Foundation

extension NPYFile {
    /// The file's bytes: format 1.0 (the header of an array of at most two dimensions is far below
    /// its 65,535-byte limit), C order, little-endian, header padded with spaces and a newline so the data starts at a multiple of
    /// 64 bytes, as numpy writes it.
    public func serialized() -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let dictionary = "{'descr': '\(dataType.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let version: UInt8 = 1
        let lengthSize = 2
        let total = 8 + lengthSize + dictionary.utf8.count + 1
        let padded = (total + 63) / 64 * 64
        let headerLength = padded - 8 - lengthSize
        var bytes = NPYFile.magic + [version, 0]
        bytes.reserveCapacity(padded + values.count * dataType.size)
        for k in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: headerLength >> (8 * k))) }
        bytes.append(contentsOf: dictionary.utf8)
        bytes.append(contentsOf: repeatElement(0x20, count: padded - total))
        bytes.append(0x0A)
        for value in values { append(value, to: &bytes) }
        return bytes
    }

    /// Writes `serialized()` to `url` crash-safely (`AtomicFile`).
    public func write(to url: URL) throws(AtomicFileError) {
        try AtomicFile.write(serialized(), to: url)
    }

    private func append(_ value: Double, to bytes: inout [UInt8]) {
        func little<T: FixedWidthInteger>(_ integer: T) {
            withUnsafeBytes(of: integer.littleEndian) { bytes.append(contentsOf: $0) }
        }
        switch dataType {
        case .float16: little(NPYFile.halfBits(value))
        case .float32: little(Float(value).bitPattern)
        case .float64: little(value.bitPattern)
        case .int8: little(Int8(value))
        case .int16: little(Int16(value))
        case .int32: little(Int32(value))
        case .int64: little(Int64(value))
        case .uint8: little(UInt8(value))
        case .uint16: little(UInt16(value))
        case .uint32: little(UInt32(value))
        case .uint64: little(UInt64(value))
        case .bool: little(UInt8(value == 0 ? 0 : 1))
        }
    }
}
