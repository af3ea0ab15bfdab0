@testable import Descent
import Testing

/// The wire format against the bytes the Protocol Buffers encoding guide gives, and read back.
@Suite struct ProtobufWriterTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (150, [0x96, 0x01]), (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]), (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (1 << 32, [0x80, 0x80, 0x80, 0x80, 0x10]), (1 << 63, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test("varints: 7 bits a byte, least significant first, at every length up to 64 bits", arguments: varints)
    func varint(value: UInt64, bytes: [UInt8]) throws {
        var writer = ProtobufWriter()
        writer.appendVarint(value)
        #expect(writer.bytes == bytes)
        var position = 0
        #expect(try ProtobufReader.varint(writer.bytes, &position) == value && position == bytes.count)
    }

    @Test("fields: the key (number << 3 | wire type), negative int64 as ten bytes, floats little-endian, lengths as varints")
    func fields() throws {
        var writer = ProtobufWriter()
        writer.int64(1, 150)
        #expect(writer.bytes == [0x08, 0x96, 0x01], "the guide's first example")
        writer = ProtobufWriter()
        writer.int64(1, -1)
        #expect(writer.bytes == [0x08] + Array(repeating: 0xFF, count: 9) + [0x01])
        writer = ProtobufWriter()
        writer.float(2, 1)
        #expect(writer.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F])
        writer = ProtobufWriter()
        writer.string(2, "testing")
        #expect(writer.bytes == [0x12, 0x07] + Array("testing".utf8), "the guide's string example")
        writer = ProtobufWriter()
        writer.packedFloats(4, [1, -2])
        #expect(writer.bytes == [0x22, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
        writer = ProtobufWriter()
        writer.packedInt64s(4, [3, 270, 86942])
        #expect(writer.bytes == [0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05], "the guide's packed example")
        writer = ProtobufWriter()
        writer.string(1000, String(repeating: "é", count: 100))
        let read = try ProtobufReader(writer.bytes)
        #expect(read.one(1000)?.string == String(repeating: "é", count: 100), "a 200-byte string: a two-byte length after a two-byte key")
        #expect(Array(writer.bytes.prefix(4)) == [0xC2, 0x3E, 0xC8, 0x01])
    }

    @Test("a nested message: its length before it, read back field by field")
    func nested() throws {
        var writer = ProtobufWriter()
        writer.message(3) { inner in
            inner.int64(1, 7)
            inner.message(2) { $0.string(1, "x") }
        }
        writer.int64(4, -5)
        let read = try ProtobufReader(writer.bytes)
        let inner = try #require(read.one(3)?.message)
        #expect(inner.one(1)?.integer == 7 && inner.one(2)?.message?.one(1)?.string == "x")
        #expect(read.one(4)?.integer == -5)
        #expect(writer.bytes.prefix(2) == [0x1A, 0x07])
    }
}
