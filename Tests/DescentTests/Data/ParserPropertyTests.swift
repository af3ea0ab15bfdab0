import Foundation
import PropertyBased
import Testing
@testable import Descent

/// Property-based tests of the three file parsers: random tables and arrays survive a
/// write/parse round trip exactly, whatever the formatting, and arbitrary bytes never trap.
/// Counts are small so the suite stays fast in debug builds; a failure prints the seed to replay
/// with `.fixedSeed(…)`.
@Suite("Parser properties")
struct ParserPropertyTests {
    /// A finite double spread over many magnitudes: mantissa × 10^exponent (and exact zeros).
    static let anyDouble = zip(Gen.double(in: -10...10), Gen.int(in: -300...300), Gen.int(in: 0...9))
        .map { mantissa, exponent, kind -> Double in
            switch kind {
            case 0: return 0
            case 1: return mantissa.rounded()
            case 2, 3: return mantissa
            default: return mantissa * pow(10, Double(exponent))
            }
        }
        .filter { $0.isFinite }

    /// A random classification table: rows of features, a class name per row, plus formatting choices.
    struct Table: Sendable, CustomStringConvertible {
        var rows: [[Double]]
        var labels: [String]
        var quoteFields: Bool
        var padFields: Bool
        var crlf: Bool
        var byteOrderMark: Bool

        var featureCount: Int { rows.first?.count ?? 0 }

        /// The CSV text with a `x1,…,label` header.
        var csv: String {
            let end = crlf ? "\r\n" : "\n"
            func field(_ text: String) -> String {
                let padded = padFields ? " \(text)\t" : text
                return quoteFields ? "\"\(padded)\"" : padded
            }
            var text = byteOrderMark ? "\u{FEFF}" : ""
            text += ((1...featureCount).map { "x\($0)" } + ["label"]).map(field).joined(separator: ",") + end
            for (row, label) in zip(rows, labels) {
                text += (row.map { "\($0)" } + [label]).map(field).joined(separator: ",") + end
            }
            return text
        }

        var description: String { csv }
    }

    static let table = zip(Gen.int(in: 1...6), Gen.int(in: 1...4), Gen.int(in: 0...Int(UInt32.max)))
        .map { m, n, seed -> Table in
            var random = TestRandom(seed: UInt64(seed))
            var values = [[Double]]()
            for _ in 0..<m {
                values.append((0..<n).map { _ in ParserPropertyTests.spread(&random) })
            }
            let names = ["cat", "dog", "7", "bird", "a b"]
            let labels = (0..<m).map { _ in names[Int(random.next() % 3)] }
            return Table(rows: values, labels: labels, quoteFields: random.next() % 2 == 0, padFields: random.next() % 2 == 0,
                         crlf: random.next() % 2 == 0, byteOrderMark: random.next() % 3 == 0)
        }

    /// A double over many magnitudes drawn from `random` (for composite generators).
    static func spread(_ random: inout TestRandom) -> Double {
        let mantissa = random.nextUniform() * 20 - 10
        switch random.next() % 5 {
        case 0: return 0
        case 1: return mantissa.rounded()
        case 2: return mantissa
        default: return mantissa * pow(10, Double(Int(random.next() % 601) - 300))
        }
    }

    @Test("a numeric table written as CSV parses to the same values, whatever the quoting, padding and line ends")
    func csvRoundTrip() async throws {
        await propertyCheck(count: 60, input: Self.table) { table in
            let parsed = try CSVTable<Double>(string: table.csv, fileName: "table.csv")
            #expect(parsed.count == table.rows.count)
            #expect(parsed.featureNames == (1...table.featureCount).map { "x\($0)" })
            #expect(parsed.labelName == "label")
            for (j, row) in table.rows.enumerated() {
                for (i, value) in row.enumerated() {
                    #expect(parsed.features[i, j] == value, "x\(i + 1) of example \(j)")
                }
                let classNames = try #require(parsed.classNames)
                #expect(classNames[Int(parsed.labels[0, j])] == table.labels[j])
            }
            #expect(parsed.classNames == Set(table.labels).sorted())
        }
    }

    @Test("float32 tables hold each value rounded to Float")
    func csvFloatRoundTrip() async throws {
        await propertyCheck(count: 40, input: Gen.double(in: -1e30...1e30).array(of: 1...12)) { values in
            let text = "a,label\n" + values.map { "\($0),1\n" }.joined()
            let parsed = try CSVTable<Float>(string: text)
            #expect(parsed.features.elements == values.map { Float($0) })
        }
    }

    @Test("regression targets round-trip too")
    func csvTargetsRoundTrip() async throws {
        await propertyCheck(count: 40, input: Self.anyDouble.array(of: 1...10)) { targets in
            let text = targets.enumerated().map { "\($0.offset),\($0.element)\n" }.joined()
            let parsed = try CSVTable<Double>(string: text, options: CSVLoadingOptions(labels: .targets))
            #expect(parsed.labels.elements == targets)
            #expect(parsed.features.elements == targets.indices.map(Double.init))
        }
    }

    @Test("a CSV with a value replaced by text fails at that line and column")
    func csvErrorLocation() async throws {
        await propertyCheck(count: 40, input: Self.table, Gen.int(in: 0...1000)) { table, pick in
            var rows = table.rows.map { $0.map { "\($0)" } }
            let row = pick % rows.count, column = pick % table.featureCount
            rows[row][column] = "oops"
            let text = "x,\(Array(repeating: "x", count: table.featureCount - 1).map { $0 + "," }.joined())label\n"
                + zip(rows, table.labels).map { ($0 + [$1]).joined(separator: ",") + "\n" }.joined()
            do throws(DataLoadingError) {
                _ = try CSVTable<Double>(string: text, fileName: "bad.csv")
                Issue.record("parsed a table with a non-numeric feature")
            } catch {
                #expect(error.file == "bad.csv")
                #expect(error.line == row + 2)
                #expect(error.column == column + 1)
                #expect(error.kind == .expectedNumber(found: "oops"))
            }
        }
    }

    /// A random `.npy` array: any supported dtype, 0–2 dimensions of 0–4 elements.
    static let npyArray = zip(Gen<NPYFile.DataType>.case, Gen.int(in: 0...2), Gen.int(in: 0...Int(UInt32.max)))
        .map { type, dimensions, seed -> NPYFile in
            var random = TestRandom(seed: UInt64(seed))
            let shape = (0..<dimensions).map { _ in Int(random.next() % 5) }
            let count = shape.reduce(1, *)
            let values = (0..<count).map { _ -> Double in
                switch type {
                case .float64: return spread(&random)
                case .float32: return Double(Float(random.nextUniform() * 2000 - 1000))
                case .float16: return NPYFile.double(fromHalf: UInt16(truncatingIfNeeded: random.next()) & 0x7BFF)
                case .bool: return Double(random.next() % 2)
                case .int8: return Double(Int(random.next() % 256) - 128)
                case .uint8: return Double(random.next() % 256)
                case .int16: return Double(Int(random.next() % 65536) - 32768)
                case .uint16: return Double(random.next() % 65536)
                case .int32: return Double(Int32(truncatingIfNeeded: random.next()))
                case .uint32: return Double(UInt32(truncatingIfNeeded: random.next()))
                case .int64: return Double(Int64(truncatingIfNeeded: random.next()) >> 11)
                case .uint64: return Double(random.next() >> 11)
                }
            }
            return NPYFile(shape: shape, dataType: type, values: values)
        }

    @Test(".npy arrays of every dtype and shape round-trip exactly")
    func npyRoundTrip() async throws {
        await propertyCheck(count: 80, input: Self.npyArray) { array in
            let parsed = try NPYFile(bytes: array.serialized())
            #expect(parsed == array)
            let matrix: Matrix<Double> = parsed.courseLayout()
            #expect(matrix.count == array.values.count)
        }
    }

    @Test("safetensors files of random matrices round-trip exactly, metadata included")
    func safeTensorsRoundTrip() async throws {
        let names = Gen.letterOrNumber.string(of: 1...6)
        let entry = zip(names, Gen.int(in: 0...4), Gen.int(in: 0...4), Gen.bool)
        await propertyCheck(count: 60, input: entry.array(of: 0...4), zip(names, Gen.latin1.string(of: 0...8)).array(of: 0...3)) {
            entries, metadata in
            var file = SafeTensorsFile(metadata: Dictionary(metadata, uniquingKeysWith: { first, _ in first }))
            var random = TestRandom(seed: UInt64(entries.count * 31 + metadata.count))
            for (name, rows, columns, single) in entries {
                let matrix = Matrix<Double>(rows: rows, columns: columns) { _, _ in ParserPropertyTests.spread(&random) }
                file.tensors[name] = single ? SafeTensor(matrix.converted(to: Float.self)) : SafeTensor(matrix)
            }
            let parsed = try SafeTensorsFile(bytes: file.serialized())
            #expect(parsed == file)
            for (name, tensor) in file.tensors where tensor.dtype == .F64 {
                #expect(try parsed.matrix(name, as: Double.self) == tensor.matrix(as: Double.self))
            }
        }
    }

    @Test("arbitrary bytes never trap any parser: each either parses or throws its typed error naming the file")
    func arbitraryBytes() async throws {
        // Half the inputs start with a valid preamble so the fuzzing reaches past the magic checks.
        let prefixes: [[UInt8]] = [[], Array("\u{93}NUMPY".unicodeScalars.map { UInt8($0.value) }) + [1, 0], [16, 0, 0, 0, 0, 0, 0, 0]]
        await propertyCheck(count: 150, input: Gen<UInt8>.value(in: 0...255).array(of: 0...80), Gen.int(in: 0...2)) { tail, pick in
            let bytes = prefixes[pick] + tail
            do throws(DataLoadingError) { _ = try CSVTable<Double>(bytes: bytes, fileName: "x.csv") } catch { #expect(error.file == "x.csv") }
            do throws(DataLoadingError) { _ = try CSVTable<Float>(bytes: bytes, fileName: "x.csv") } catch { #expect(error.file == "x.csv") }
            do throws(DataLoadingError) { _ = try NPYFile(bytes: bytes, fileName: "x.npy") } catch { #expect(error.file == "x.npy") }
            do throws(SafeTensorsError) { _ = try SafeTensorsFile(bytes: bytes, fileName: "x.st") } catch { #expect(error.file == "x.st") }
        }
    }
}
