import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite("NPYFile")
struct NPYFileTests {
    /// A hand-made `.npy`: magic, version, little-endian header length, `header`, then `data`.
    static func npy(_ header: String, version: UInt8 = 1, data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
        let text = Array((header + "\n").utf8)
        let lengthSize = version == 1 ? 2 : 4
        for k in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: text.count >> (8 * k))) }
        return bytes + text + data
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    static func float64(_ values: [Double]) -> [UInt8] { littleEndian(values.map(\.bitPattern)) }

    func readingError(_ bytes: [UInt8]) -> DataLoadingError? {
        do {
            let file = try NPYFile(bytes: bytes, fileName: "x.npy")
            Issue.record("expected an error, read shape \(file.shape)")
            return nil
        } catch {
            return error
        }
    }

    @Test("write then read round-trips float64 and float32 exactly")
    func roundTrip() throws {
        let matrix = Matrix<Double>([[1.5, -2, 3e-300], [0.1, .pi, -0.0]])
        let bytes = NPYFile(matrix).serialized()
        #expect((bytes.count - matrix.count * 8) % 64 == 0)
        let read = try NPYFile(bytes: bytes)
        #expect(read.shape == [2, 3])
        #expect(read.dataType == .float64)
        #expect(read.matrix(as: Double.self).elements.map(\.bitPattern) == matrix.elements.map(\.bitPattern))
        let single = Matrix<Float>([[1.1, 2.2], [3.3, 4.4], [5.5, 6.6]])
        let readSingle = try NPYFile(bytes: NPYFile(single).serialized())
        #expect(readSingle.dataType == .float32)
        #expect(readSingle.matrix(as: Float.self) == single)
        #expect(readSingle.courseLayout(as: Float.self) == Matrix<Float>([[1.1, 3.3, 5.5], [2.2, 4.4, 6.6]]))
    }

    @Test("files on disk, written atomically")
    func file() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("p.npy")
        try NPYFile(Matrix<Double>([[1, 2, 3]])).write(to: url)
        #expect(try NPYFile(contentsOf: url).matrix(as: Double.self) == Matrix([[1, 2, 3]]))
        #expect(throws: DataLoadingError(.fileNotFound, file: directory.file("none.npy").relativePath)) {
            try NPYFile(contentsOf: directory.file("none.npy"))
        }
    }

    @Test("Fortran order, 1-D, scalar, version 2 and 3 headers")
    func handMadeHeaders() throws {
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        let fortran = Self.npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", data: Self.float64([1, 4, 2, 5, 3, 6]))
        #expect(try NPYFile(bytes: fortran).matrix(as: Double.self) == Matrix([[1, 2, 3], [4, 5, 6]]))
        let labels = Self.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (4,)}", version: 2, data: Self.littleEndian([Int64(0), 1, 1, -3]))
        let readLabels = try NPYFile(bytes: labels)
        #expect(readLabels.shape == [4])
        #expect(readLabels.courseLayout(as: Double.self) == Matrix([[0, 1, 1, -3]]))
        let scalar = Self.npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": ()}", version: 3, data: Self.littleEndian([Float(2.5).bitPattern]))
        #expect(try NPYFile(bytes: scalar).matrix(as: Double.self) == Matrix([[2.5]]))
        let python2 = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2L, 2L), }", data: [0, 255, 7, 8])
        #expect(try NPYFile(bytes: python2).matrix(as: Double.self) == Matrix([[0, 255], [7, 8]]))
    }

    @Test("every integer and bool dtype", arguments: [
        ("<i1", [UInt8(0xFF), 0x02], [-1.0, 2]), ("|i1", [0x80, 0x7F], [-128, 127]),
        ("<i2", [0xFE, 0xFF, 0x00, 0x01], [-2, 256]), ("<u2", [0xFE, 0xFF, 0x00, 0x01], [65534, 256]),
        ("<i4", [0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0], [-1, 1]), ("<u4", [0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0], [4294967295, 1]),
        ("|b1", [0, 1], [0, 1]), ("<u1", [3, 4], [3, 4]),
    ])
    func integerTypes(_ descr: String, _ data: [UInt8], _ expected: [Double]) throws {
        let bytes = Self.npy("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(expected.count),), }", data: data)
        let read = try NPYFile(bytes: bytes)
        #expect(read.values == expected)
        // Re-serializing keeps the dtype and the values.
        let again = try NPYFile(bytes: read.serialized())
        #expect(again == read)
    }

    static let bad: [(bytes: [UInt8], kind: DataLoadingError.Kind)] = [
        ([], .badMagic),
        (Array("PK\u{3}\u{4}not npy".utf8), .badMagic),
        (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", data: float64([1, 2])),
         .truncated(expectedBytes: 24, foundBytes: 16)),
        (npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", data: float64([1])),
         .unsupportedDataType(">f8 (big-endian)")),
        (npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data: float64([1, 2])),
         .unsupportedDataType("<c16")),
        (npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", data: float64([1])),
         .unsupportedDataType("[('a', '<f8')]")),
        (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", data: float64([1])),
         .unsupportedShape([1, 1, 1])),
        (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,) ", data: float64([1])),
         .malformedHeader("missing '}'")),
        (npy("{'descr': '<f8', 'shape': (1,), }", data: float64([1])),
         .malformedHeader("no 'fortran_order' True/False")),
        (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", data: float64([1])),
         .malformedHeader("the shape must hold non-negative integers")),
        (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", data: []),
         .malformedHeader("the shape [4611686018427387904, 4] is too large")),
        ([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 0xFF, 0x00, 0x7B], .malformedHeader("the header length 255 runs past the end of the file")),
        ([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 4, 0, 0, 0], .malformedHeader("unknown format version 4.0")),
    ]

    @Test("bad files give typed errors", arguments: 0..<bad.count)
    func badFiles(_ index: Int) throws {
        let error = try #require(readingError(Self.bad[index].bytes))
        #expect(error.kind == Self.bad[index].kind)
        #expect(error.description.hasPrefix("x.npy: "))
    }

    @Test("numpy reads what we write and we read what numpy writes",
          .enabled(if: PythonInterop.hasNumpy, "python3 with numpy is not installed (or DESCENT_PYTHON=off)"))
    func numpyInterop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ours = directory.file("ours.npy")
        try NPYFile(Matrix<Double>([[1, 2.5], [3, -4]])).write(to: ours)
        let theirs = directory.file("theirs.npy")
        let output = try PythonInterop.run("""
            import numpy as np, sys
            a = np.load(sys.argv[1])
            print(a.dtype, a.shape, a.tolist())
            np.save(sys.argv[2], np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3)))
            """, arguments: [ours.path, theirs.path])
        #expect(output == "float64 (2, 2) [[1.0, 2.5], [3.0, -4.0]]\n")
        #expect(try NPYFile(contentsOf: theirs).matrix(as: Double.self) == Matrix([[0, 1, 2], [3, 4, 5]]))
    }

    @Test("corrupted .npy never traps: it reads or throws a DataLoadingError")
    func corruption() {
        let valid = NPYFile(Matrix<Double>([[1, 2], [3, 4]])).serialized()
        var outcomes = (read: 0, rejected: 0)
        for bytes in Corruption(of: valid, cases: 400) {
            do {
                _ = try NPYFile(bytes: bytes).courseLayout(as: Float.self)
                outcomes.read += 1
            } catch {
                outcomes.rejected += 1
            }
        }
        #expect(outcomes.read > 0 && outcomes.rejected > 0)
    }
}

extension NPYFileTests {
    static func labels(_ bytes: [UInt8]) throws -> NPYLabels {
        try bytes.withUnsafeBytes { buffer in try NPYLabels(buffer, fileName: "y.npy") }
    }

    @Test("text labels: <U (UTF-32, either byte order) and |S (bytes) lose their padding; numbers stay numbers")
    func textLabels() throws {
        #expect(try Self.labels(NPYText.unicode(["cat", "chien", "ß猫"])) == .text(["cat", "chien", "ß猫"]))
        #expect(try Self.labels(NPYText.unicode(["a", "bc"], shape: "(2, 1)", bigEndian: true)) == .text(["a", "bc"]))
        let bytes = Self.npy("{'descr': '|S3', 'fortran_order': False, 'shape': (2,), }", data: Array("dog".utf8) + Array("ox".utf8) + [0])
        #expect(try Self.labels(bytes) == .text(["dog", "ox"]))
        let numbers = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: Self.float64([0, 1]))
        #expect(try Self.labels(numbers) == .numbers(NPYFile(shape: [2], dataType: .float64, values: [0, 1])))
        let truncated = Array(NPYText.unicode(["chien", "cat", "cat"]).dropLast(40))
        #expect(throws: DataLoadingError(.truncated(expectedBytes: 60, foundBytes: 20), file: "y.npy")) { try Self.labels(truncated) }
        let objects = Self.npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", data: [0x80, 0x02])
        do {
            _ = try Self.labels(objects)
            Issue.record("a pickled object array must be refused")
        } catch {
            #expect("\(error)".contains("pickle") && "\(error)".contains(".astype(str)"), "\(error)")
        }
    }

    @Test("a .npy feature file with text labels trains a classifier named by them; regression refuses them")
    func textLabelsTrainAClassifier() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let x = directory.file("x.npy"), y = directory.file("y.npy")
        try NPYFile(shape: [6, 2], dataType: .float64, values: [0, 0, 1, 1, 0, 1, 1, 0, 2, 2, 3, 3]).write(to: x)
        try Data(NPYText.unicode(["cat", "dog", "cat", "dog", "bird", "dog"])).write(to: y)
        let data = try PreparedData(DataConfiguration(source: .file(path: x.path, labels: y.path)), seed: 0)
        #expect(data.classNames == ["bird", "cat", "dog"])
        #expect(data.train.labels.elements == [1, 2, 1, 2, 0, 2])
        #expect(throws: DataPreparationIssue(field: "task", value: "regression", message: "\(y.path): holds text labels, not numeric targets")) {
            try PreparedData(DataConfiguration(source: .file(path: x.path, labels: y.path), task: .regression), seed: 0)
        }
    }
}

extension NPYFileTests {
    @Test("float16 (<f2): every half value reads exactly and writes back to the same bits; writing rounds to nearest, ties to even")
    func halfPrecision() throws {
        for bits in UInt16.min...UInt16.max {
            let value = NPYFile.double(fromHalf: bits)
            if value.isNaN { #expect(NPYFile.halfBits(value) == 0x7E00); continue }
            #expect(NPYFile.halfBits(value) == bits, "\(bits): \(value)")
        }
        #expect(NPYFile.double(fromHalf: 0x3C00) == 1 && NPYFile.double(fromHalf: 0x7BFF) == 65504 && NPYFile.double(fromHalf: 0x0001) == 0x1p-24)
        #expect(NPYFile.halfBits(1 + 0x1p-11) == 0x3C00 && NPYFile.halfBits(1 + 3 * 0x1p-11) == 0x3C02, "ties go to the even significand")
        #expect(NPYFile.halfBits(65519.99) == 0x7BFF && NPYFile.halfBits(65520) == 0x7C00 && NPYFile.halfBits(-1e9) == 0xFC00)
        #expect(NPYFile.halfBits(0x1p-25) == 0 && NPYFile.halfBits(0x1p-25 * 1.5) == 1, "the smallest subnormal's half rounds to even (0)")
        let file = NPYFile(shape: [2, 2], dataType: .float16, values: [0.5, -2, 1000, 0.1])
        let read = try NPYFile(bytes: file.serialized())
        #expect(read.dataType == .float16 && read.shape == [2, 2])
        #expect(read.values == [0.5, -2, 1000, NPYFile.double(fromHalf: NPYFile.halfBits(0.1))])
        #expect(read.values[3] == 0.0999755859375, "0.1 as numpy's float16 stores it")
    }
}
