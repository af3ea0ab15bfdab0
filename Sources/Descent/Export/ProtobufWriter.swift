/// The Protocol Buffers wire format, as far as ONNX's messages need it: varints, 64-bit
/// integers, 32-bit floats, length-delimited strings, bytes and sub-messages, and packed
/// repeated floats and integers (https://protobuf.dev/programming-guides/encoding/).
///
/// A field is a key — `(field number << 3) | wire type` as a varint — then its value:
///
/// | wire type | value |
/// |---|---|
/// | 0 varint | 7 bits per byte, least significant first, the high bit set on all but the last; a negative `int64` as its 64-bit two's complement (10 bytes) |
/// | 2 length-delimited | the byte count as a varint, then the bytes (a string, bytes, a message, a packed list) |
/// | 5 fixed 32-bit | 4 bytes, little-endian (a `float`) |
///
/// Written by hand instead of with swift-protobuf: ONNX export needs a dozen messages and only
/// writing, and the dependency would add a package to every fresh clone's build.
struct ProtobufWriter {
    /// The encoded bytes so far.
    private(set) var bytes: [UInt8] = []

    /// A wire type: how the value after a key is laid out.
    enum WireType: UInt64 {
        case varint = 0
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// Appends `value` as a varint.
    mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends the key of field `number` with `wireType`.
    mutating func appendKey(_ number: Int, _ wireType: WireType) {
        precondition(number > 0, "Protobuf field numbers start at 1.")
        appendVarint(UInt64(number) << 3 | wireType.rawValue)
    }

    /// An `int64` (or `int32`, or an enum) field: a varint; a negative value as its two's complement.
    mutating func int64(_ number: Int, _ value: Int64) {
        appendKey(number, .varint)
        appendVarint(UInt64(bitPattern: value))
    }

    /// A `float` field: fixed 32-bit little-endian.
    mutating func float(_ number: Int, _ value: Float) {
        appendKey(number, .fixed32)
        appendFloat(value)
    }

    private mutating func appendFloat(_ value: Float) {
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
    }

    /// A `bytes` field.
    mutating func bytes(_ number: Int, _ value: [UInt8]) {
        appendKey(number, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes += value
    }

    /// A `string` field (UTF-8).
    mutating func string(_ number: Int, _ value: String) {
        bytes(number, Array(value.utf8))
    }

    /// A sub-message field, its fields written by `body`.
    mutating func message(_ number: Int, _ body: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        body(&inner)
        bytes(number, inner.bytes)
    }

    /// A packed `repeated float` field: the floats' 4 bytes each, as one length-delimited value.
    mutating func packedFloats(_ number: Int, _ values: [Float]) {
        appendKey(number, .lengthDelimited)
        appendVarint(UInt64(values.count * 4))
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { appendFloat(value) }
    }

    /// A packed `repeated int64` field: the varints, as one length-delimited value.
    mutating func packedInt64s(_ number: Int, _ values: [Int64]) {
        var inner = ProtobufWriter()
        for value in values { inner.appendVarint(UInt64(bitPattern: value)) }
        bytes(number, inner.bytes)
    }
}
