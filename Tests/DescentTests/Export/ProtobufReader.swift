@testable import Descent

/// A minimal Protocol Buffers reader for the tests: a message's fields as (number, value), so the
/// bytes `ProtobufWriter` and the ONNX messages write can be read back independently of them.
struct ProtobufReader {
    enum Value: Equatable {
        case varint(UInt64)
        case fixed32(UInt32)
        case bytes([UInt8])

        var integer: Int64? { if case .varint(let value) = self { Int64(bitPattern: value) } else { nil } }
        var float: Float? { if case .fixed32(let bits) = self { Float(bitPattern: bits) } else { nil } }
        var string: String? { if case .bytes(let bytes) = self { String(decoding: bytes, as: UTF8.self) } else { nil } }
        /// The fields of an embedded message.
        var message: ProtobufReader? { if case .bytes(let bytes) = self { try? ProtobufReader(bytes) } else { nil } }
    }

    struct Malformed: Error {}

    let fields: [(number: Int, value: Value)]

    /// Reads every field of `bytes`; throws for a truncated field or an unknown wire type.
    init(_ bytes: [UInt8]) throws {
        var position = 0
        var fields: [(number: Int, value: Value)] = []
        while position < bytes.count {
            let key = try Self.varint(bytes, &position)
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: fields.append((number, .varint(try Self.varint(bytes, &position))))
            case 2:
                let length = Int(try Self.varint(bytes, &position))
                guard position + length <= bytes.count else { throw Malformed() }
                fields.append((number, .bytes(Array(bytes[position..<position + length]))))
                position += length
            case 5:
                guard position + 4 <= bytes.count else { throw Malformed() }
                let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[position + $1]) << (8 * $1) }
                fields.append((number, .fixed32(bits)))
                position += 4
            default: throw Malformed()
            }
        }
        self.fields = fields
    }

    /// A varint at `position`, which moves past it.
    static func varint(_ bytes: [UInt8], _ position: inout Int) throws -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Malformed() }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Every value of field `number`, in order.
    func all(_ number: Int) -> [Value] { fields.filter { $0.number == number }.map(\.value) }

    /// The last value of field `number` (protobuf's rule for a non-repeated field).
    func one(_ number: Int) -> Value? { all(number).last }

    /// A packed `repeated float` field's values.
    func packedFloats(_ number: Int) -> [Float] {
        guard case .bytes(let bytes)? = one(number) else { return [] }
        return stride(from: 0, to: bytes.count, by: 4).map { start in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << (8 * $1) })
        }
    }

    /// A packed `repeated int64` field's values.
    func packedInt64s(_ number: Int) throws -> [Int64] {
        guard case .bytes(let bytes)? = one(number) else { return [] }
        var position = 0, values: [Int64] = []
        while position < bytes.count { values.append(Int64(bitPattern: try Self.varint(bytes, &position))) }
        return values
    }
}
