import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite("SafeTensors")
struct SafeTensorsTests {
    static let W = Matrix<Double>([[1, -2.5, 3], [0.1, 1e-300, -0.0]])
    static let b = Matrix<Float>([[0.5], [-1]])

    static var model: SafeTensorsFile {
        SafeTensorsFile(tensors: ["W1": SafeTensor(W), "b1": SafeTensor(b)], metadata: ["format": "descent", "note": "quote \" and\nline"])
    }

    /// A file from a literal header (padded to 8) and data bytes.
    static func file(_ header: String, data: [UInt8]) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        headerBytes += repeatElement(0x20, count: (8 - headerBytes.count % 8) % 8)
        return withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) } + headerBytes + data
    }

    func readingError(_ bytes: [UInt8]) -> SafeTensorsError? {
        do {
            let file = try SafeTensorsFile(bytes: bytes, fileName: "m.safetensors")
            Issue.record("expected an error, read \(file.tensors.keys.sorted())")
            return nil
        } catch {
            return error
        }
    }

    @Test("round trip with metadata, exact values, deterministic layout")
    func roundTrip() throws {
        let bytes = Self.model.serialized()
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(headerLength % 8 == 0)
        let header = String(decoding: bytes[8 ..< 8 + headerLength], as: UTF8.self)
        #expect(header.hasPrefix("{\"__metadata__\":{\"format\":\"descent\",\"note\":\"quote \\\" and\\nline\"},\"W1\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]},\"b1\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[48,56]}}"))
        let read = try SafeTensorsFile(bytes: bytes)
        #expect(read == Self.model)
        #expect(try read.matrix("W1", as: Double.self).elements.map(\.bitPattern) == Self.W.elements.map(\.bitPattern))
        #expect(try read.matrix("b1", as: Float.self) == Self.b)
        #expect(try read.tensors["b1"]!.matrix(rows: 1, columns: 2, as: Double.self) == Matrix([[0.5, -1]]))
        #expect(read.serialized() == bytes)
        #expect(throws: SafeTensorsError(.missingTensor, tensor: "W9")) { try read.matrix("W9", as: Double.self) }
    }

    @Test("files on disk")
    func files() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("model.safetensors")
        try Self.model.write(to: url)
        #expect(try SafeTensorsFile(contentsOf: url) == Self.model)
        let missing = directory.file("none.safetensors")
        #expect(throws: SafeTensorsError(.fileNotFound, file: missing.relativePath)) { try SafeTensorsFile(contentsOf: missing) }
    }

    @Test("other dtypes convert to matrices")
    func dtypes() throws {
        let half = SafeTensor(dtype: .F16, shape: [3], bytes: [0x00, 0x3C, 0x00, 0xC1, 0x01, 0x00])  // 1, -2.5, 2^-24
        #expect(try half.matrix(as: Double.self) == Matrix([[1, -2.5, 0x1p-24]]))
        let brain = SafeTensor(dtype: .BF16, shape: [1, 1], bytes: [0xC0, 0x3F])  // 1.5
        #expect(try brain.matrix(as: Float.self) == Matrix<Float>([[1.5]]))
        let integers = SafeTensor(dtype: .I32, shape: [2], bytes: [0xFF, 0xFF, 0xFF, 0xFF, 7, 0, 0, 0])
        #expect(try integers.matrix(as: Double.self) == Matrix([[-1, 7]]))
        #expect(throws: SafeTensorsError.self) { try SafeTensor(dtype: .F32, shape: [1, 1, 1], bytes: [0, 0, 0, 0]).matrix(as: Double.self) }
        #expect(throws: SafeTensorsError.self) { try SafeTensor(dtype: .F8_E4M3, shape: [1], bytes: [0]).matrix(as: Double.self) }
    }

    static let eight = [UInt8](repeating: 0, count: 8)
    static let bad: [(bytes: [UInt8], kind: SafeTensorsError.Kind, tensor: String?)] = [
        ([1, 2, 3], .missingHeaderLength(fileSize: 3), nil),
        ([0xFF, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D], .headerLengthBeyondFile(headerLength: 255, fileSize: 10), nil),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .headerLengthBeyondFile(headerLength: UInt64.max, fileSize: 8), nil),
        (file("{\"a\": {\"dtype\": \"F32\",}", data: []), .invalidHeader("expected a string key at byte 22 of the header"), nil),
        (file("[1, 2]", data: []), .invalidHeader("the header is not a JSON object"), nil),
        (file("{\"a\":1,\"a\":2}", data: []), .invalidHeader("duplicate key \"a\" at byte 7 of the header"), nil),
        ([4, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF, 0xFE, 0x7D], .invalidHeader("not valid UTF-8"), nil),
        (file("{\"a\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: eight), .unknownDataType("F33"), "a"),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", data: eight),
         .offsetsOutOfRange(begin: 0, end: 16, bufferSize: 8), "a"),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: eight),
         .sizeMismatch(shape: [3], dataType: "F32", expectedBytes: 12, foundBytes: 8), "a"),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data: eight),
         .overlappingTensors("a", "b"), nil),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data: eight),
         .incompleteBuffer("bytes 0..<4 belong to no tensor"), nil),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: eight),
         .incompleteBuffer("bytes 4..<8 at the end belong to no tensor"), nil),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", data: eight),
         .invalidHeader("the shape must hold non-negative integers"), "a"),
        (file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0.5,4]}}", data: eight),
         .invalidHeader("\"data_offsets\" is not [begin, end]"), "a"),
        (file("{\"__metadata__\":{\"k\":1}}", data: []), .invalidHeader("__metadata__ value for \"k\" is not a string"), nil),
    ]

    @Test("corrupted files give typed errors naming the file", arguments: 0..<bad.count)
    func corrupted(_ index: Int) throws {
        let (bytes, kind, tensor) = Self.bad[index]
        let error = try #require(readingError(bytes))
        #expect(error.kind == kind)
        #expect(error.tensor == tensor)
        #expect(error.description.hasPrefix("m.safetensors: "))
    }

    /// A CSV given as the model used to say "the header length 3199076777372181875 runs past the end of the file".
    @Test("a CSV read as a model is named as not a Descent model file")
    func csvIsNotAModel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csv = try directory.file("train.csv", "x1,x2,label\n1,2,0\n3,4,1\n")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: csv) }
        // "x1,x2,la" as a little-endian UInt64.
        #expect(error?.kind == .headerLengthBeyondFile(headerLength: 0x616C_2C32_782C_3178, fileSize: 24))
        #expect(error?.description == "\(csv.path): not a Descent model (.safetensors) file, as `descent train --save` writes, or one cut "
            + "short: its first 8 bytes, read as a safetensors header length, give 7020034514439909752, more than the file's 24 bytes")
        #expect(readingError([1, 2, 3])?.description
            == "m.safetensors: not a Descent model (.safetensors) file, as `descent train --save` writes, or one cut short: it has 3 "
            + "bytes, fewer than the 8 of a safetensors header length")
    }

    @Test("every truncation of a valid file is rejected")
    func truncated() {
        let bytes = Self.model.serialized()
        for length in 0..<bytes.count {
            #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Array(bytes.prefix(length))) }
        }
    }

    @Test("the Python safetensors package reads what we write, and we read what it writes",
          .enabled(if: PythonInterop.hasSafetensors, "python3 with numpy and safetensors is not installed (or DESCENT_PYTHON=off)"))
    func pythonInterop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ours = directory.file("ours.safetensors")
        try Self.model.write(to: ours)
        let theirs = directory.file("theirs.safetensors")
        let output = try PythonInterop.run("""
            import sys, numpy as np
            from safetensors import safe_open
            from safetensors.numpy import load_file, save_file
            t = load_file(sys.argv[1])
            with safe_open(sys.argv[1], framework="np") as f:
                meta = f.metadata()
            print(sorted(meta.items()))
            for k in sorted(t): print(k, t[k].dtype, t[k].shape, t[k].tolist())
            save_file({"x": np.arange(6, dtype=np.float32).reshape(2, 3), "y": np.array([1, -2], dtype=np.int64)},
                      sys.argv[2], metadata={"by": "python"})
            """, arguments: [ours.path, theirs.path])
        #expect(output == """
            [('format', 'descent'), ('note', 'quote " and\\nline')]
            W1 float64 (2, 3) [[1.0, -2.5, 3.0], [0.1, 1e-300, -0.0]]
            b1 float32 (2, 1) [[0.5], [-1.0]]

            """)
        let read = try SafeTensorsFile(contentsOf: theirs)
        #expect(read.metadata == ["by": "python"])
        #expect(try read.matrix("x", as: Double.self) == Matrix([[0, 1, 2], [3, 4, 5]]))
        #expect(try read.matrix("y", as: Double.self) == Matrix([[1, -2]]))
    }

    @Test("corrupted safetensors never trap: they read or throw a SafeTensorsError")
    func corruption() {
        let valid = Self.model.serialized()
        var outcomes = (read: 0, rejected: 0)
        for bytes in Corruption(of: valid, cases: 400) {
            do {
                let file = try SafeTensorsFile(bytes: bytes)
                for name in file.tensors.keys { _ = try file.matrix(name, as: Double.self) }
                outcomes.read += 1
            } catch {
                outcomes.rejected += 1
            }
        }
        #expect(outcomes.read > 0 && outcomes.rejected > 0)
    }
}
