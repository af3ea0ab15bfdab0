import DescentTestSupport
import Foundation
import Testing
@testable import Descent

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two-pass, many-core CSV reader: cutting the file into chunks never changes a number, a
/// label or an error; numbers are exactly `strtod`'s; wide files load with the right shape.
@Suite("CSV reader: chunks, exact numbers, real shapes")
struct CSVChunkingTests {
    /// A random CSV exercising every record shape the reader knows: integers (the short path),
    /// decimals, exponents, 20-digit significands, signs and spaces, quoted numbers and labels,
    /// labels with delimiters inside quotes, line breaks inside quotes, `\n` / `\r\n` / `\r` line
    /// ends, blank lines; and, when `faulty`, one bad cell somewhere.
    static func randomCSV(_ random: inout TestRandom, rows: Int, features: Int, faulty: Bool) -> String {
        let ends = ["\n", "\r\n", "\r"]
        let end = ends[Int(random.next() % 3)]
        var text = (0..<features).map { "f\($0)" }.joined(separator: ",") + ",label" + end
        let faultRow = faulty ? Int(random.next() % UInt64(rows)) : -1
        for row in 0..<rows {
            var cells: [String] = []
            for _ in 0..<features {
                switch random.next() % 9 {
                case 0, 1, 2: cells.append(String(random.next() % 256))
                case 3: cells.append(String(format: "%.6f", random.nextUniform() * 200 - 100))
                case 4: cells.append(String(format: "%.17g", (random.nextUniform() - 0.5) * pow(10, Double(Int(random.next() % 80) - 40))))
                case 5: cells.append(" \(Int(random.next() % 1000) - 500)\t")
                case 6: cells.append("\"\(random.next() % 1000)\"")
                case 7: cells.append("12345678901234567890\(random.next() % 10)")
                default: cells.append(String(format: "%+.3e", random.nextUniform() * 1e5))
                }
            }
            switch random.next() % 5 {
            case 0: cells.append("\"b,\(random.next() % 3)\"")
            case 1: cells.append("\"line\nbreak\"")
            default: cells.append(["cat", "dog", "7"][Int(random.next() % 3)])
            }
            if row == faultRow {
                let column = Int(random.next() % UInt64(features + 1))
                switch random.next() % 4 {
                case 0: cells[column] = "abc"
                case 1: cells.removeLast()
                case 2: cells.append("9")
                default: cells[min(column, features - 1)] = "nan"
                }
            }
            text += cells.joined(separator: ",") + end
            if random.next() % 7 == 0 { text += end }
        }
        return text
    }

    /// Parses `text` with the given chunking; the result or the error's description.
    static func parse(_ text: String, parts: Int, minimumChunkBytes: Int, float32: Bool = false) -> Result<ParsedCSVSnapshot, DataLoadingError> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            Result { () throws(DataLoadingError) in
                ParsedCSVSnapshot(try ParsedCSV.parse(buffer, fileName: "random.csv", options: CSVLoadingOptions(), float32: float32,
                                                      parts: parts, minimumChunkBytes: minimumChunkBytes))
            }
        }
    }

    @Test("any chunking gives the same features, labels, classes and first error as one chunk")
    func chunkingNeverChangesTheResult() {
        var random = TestRandom(seed: 2026)
        var errors = 0
        for trial in 0..<120 {
            let text = Self.randomCSV(&random, rows: 1 + Int(random.next() % 40), features: 1 + Int(random.next() % 6), faulty: trial % 3 == 0)
            let whole = Self.parse(text, parts: 1, minimumChunkBytes: 1 << 20)
            if case .failure = whole { errors += 1 }
            for parts in [2, 3, 7] {
                let chunked = Self.parse(text, parts: parts, minimumChunkBytes: 1)
                #expect(chunked == whole, "trial \(trial), \(parts) parts:\n\(text)")
            }
        }
        #expect(errors >= 30, "the faulty tables should fail (\(errors) did)")
    }

    @Test("columns taken in any order, some ignored, with or without a label: the same in one chunk or many")
    func rolesSelectAndReorderColumns() throws {
        var text = ""
        for row in 0..<300 { text += "\(row),skip\(row % 3),\(row * 2).5,\(["a", "b"][row % 2]),\(-row)\n" }
        let bytes = Array(text.utf8)
        for labels in [CSVLayout.Labels.classes, .none] {
            let roles: [Int32] = [2, CSVLayout.ignoredRole, 0, labels == .none ? CSVLayout.ignoredRole : CSVLayout.labelRole, 1]
            let layout = CSVLayout(columnCount: 5, roles: roles, labels: labels, delimiter: 0x2C, storesFloat: false,
                                   requiresFloatRange: false, fileName: "roles.csv")
            let results = try bytes.withUnsafeBytes { buffer in
                try [1, 4].map { parts in
                    let records = try CSVRecords.read(buffer, from: 0, line: 1, layout: layout, parts: parts, minimumChunkBytes: 1)
                    guard case .double(let values) = records.features else { throw CocoaError(.featureUnsupported) }
                    return (values, records.labelIDs.map { records.labelNames[Int($0)] })
                }
            }
            for (values, names) in results {
                #expect(values.count == 3 * 300)
                #expect(values[0 * 300 + 7] == 14.5 && values[1 * 300 + 7] == -7 && values[2 * 300 + 7] == 7)
                #expect(names == (labels == .none ? [] : (0..<300).map { ["a", "b"][$0 % 2] }))
            }
            #expect(results[0].0 == results[1].0)
        }
    }

    @Test("a table's text and missing cells are tallied per feature, the first in file order, whatever the chunking")
    func textAndMissingCellsAreTalliedAcrossChunks() throws {
        var text = "a,b,label\n"
        for row in 0..<400 { text += (row % 50 == 7 ? "oops\(row)" : "\(row)") + "," + (row % 90 == 3 ? "" : "1.5") + ",\(row % 2)\n" }
        var options = CSVLoadingOptions()
        options.invalidCells = .tabular(MissingValueTokens())
        let bytes = Array(text.utf8)
        let parsed = try bytes.withUnsafeBytes { buffer in
            try [1, 5].map { parts in
                try ParsedCSV.parse(buffer, fileName: "t.csv", options: options, float32: false, parts: parts, minimumChunkBytes: 1)
            }
        }
        #expect(parsed[0].missingCells == parsed[1].missingCells && parsed[0].textColumns == parsed[1].textColumns)
        #expect(parsed[0].missingCells == [CSVMissingCells(feature: "b", count: 5, firstLine: 5, firstColumn: 2, firstValue: "")])
        let words = try #require(parsed[0].textColumns[0])
        let expectedWords: [String] = (0..<8).map { "oops\(7 + 50 * $0)" }
        #expect(words.vocabulary == expectedWords && words.firstLine == 9 && words.firstColumn == 1)
        let expectedCodes: [Int32] = (0..<400).map { row in row % 50 == 7 ? Int32(row / 50) : -1 }
        #expect(words.codes == expectedCodes)
    }

    @Test("quote-free files split in parallel: a long file of integers and decimals")
    func quoteFreeParallelSplit() throws {
        var text = "a,b,c,label\n"
        var random = TestRandom(seed: 9)
        for row in 0..<5000 {
            text += "\(random.next() % 256),\(String(format: "%.4f", random.nextUniform())),-\(random.next() % 10),\(row % 4)\n"
            if row % 97 == 0 { text += "\n" }
        }
        let whole = Self.parse(text, parts: 1, minimumChunkBytes: 1 << 30)
        let chunked = Self.parse(text, parts: 4, minimumChunkBytes: 1)
        #expect(chunked == whole)
        let snapshot = try whole.get()
        #expect(snapshot.labels.count == 5000)
        #expect(snapshot.classNames == ["0", "1", "2", "3"])
    }

    @Test("chunks are cut at record boundaries and their counts add up, with or without quotes")
    func recordScanCounts() {
        for text in ["1,2\n3,4\n\n5,6\r\n7,8\r9,10", "\"a\nb\",1\n\"c\"\"\",2\n\n\"\",3\n"] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { buffer in
                let one = CSVRecordScan.chunks(buffer, from: 0, firstLine: 1, delimiter: 0x2C, parts: 1)
                let many = CSVRecordScan.chunks(buffer, from: 0, firstLine: 1, delimiter: 0x2C, parts: 3, minimumChunkBytes: 1)
                #expect(one.count == 1)
                #expect(many.count > 1)
                #expect(many.reduce(0) { $0 + $1.records } == one[0].records)
                #expect(many.reduce(0) { $0 + $1.lineBreaks } == one[0].lineBreaks)
                #expect(many.first?.start == 0 && many.last?.end == bytes.count)
                for (left, right) in zip(many, many.dropFirst()) {
                    #expect(left.end == right.start)
                    #expect(right.firstLine == left.firstLine + left.lineBreaks)
                    #expect(right.firstRecord == left.firstRecord + left.records)
                }
            }
        }
    }

    @Test("every number parses to exactly strtod's double: integers, signs, exponents, 17 and 25 digits")
    func numbersMatchStrtod() throws {
        var random = TestRandom(seed: 77)
        var spellings: [String] = []
        for _ in 0..<4000 {
            let bits = random.next()
            let value = Double(bitPattern: bits & 0x7FEF_FFFF_FFFF_FFFF | (bits & 0x8000_0000_0000_0000))
            switch random.next() % 8 {
            case 0: spellings.append(String(random.next() % 1000))
            case 1: spellings.append(String(Int64(bitPattern: random.next()) >> Int(random.next() % 60)))
            case 2: spellings.append(String(format: "%.17g", value))
            case 3: spellings.append(String(format: "%.25e", random.nextUniform() * pow(10, Double(Int(random.next() % 40) - 20))))
            case 4: spellings.append(String(format: "%.3f", random.nextUniform() * 1e6 - 5e5))
            case 5: spellings.append("000\(random.next() % 100000).\(random.next() % 1000)E-\(random.next() % 30)")
            case 6: spellings.append(String(format: "%.9g", (random.nextUniform() - 0.5) * 1e-300))
            default: spellings.append("+\(random.next() % 10)e\(Int(random.next() % 40) - 20)")
            }
        }
        let text = spellings.map { "\($0),1" }.joined(separator: "\n")
        let parsed = try Self.parse(text, parts: 2, minimumChunkBytes: 1).get()
        #expect(!parsed.float32)
        let values = parsed.features.map { Double(bitPattern: $0) }
        #expect(values.count == spellings.count)
        for (spelling, value) in zip(spellings, values) {
            let expected = strtod(spelling, nil)
            #expect(value.bitPattern == expected.bitPattern, "\(spelling): \(value) vs strtod \(expected)")
        }
    }

    @Test("a 50 × 20,000 CSV loads as a (20000, 50) matrix; a 3 × 785 one row by row")
    func wideFiles() throws {
        var text = (0..<20_000).map { "p\($0)" }.joined(separator: ",") + ",label\n"
        for row in 0..<50 {
            text += (0..<20_000).map { String(($0 * 7 + row) % 256) }.joined(separator: ",") + ",\(row % 2)\n"
        }
        let table = try CSVTable<Float>(string: text, fileName: "wide.csv")
        #expect(table.features.rows == 20_000 && table.features.columns == 50)
        #expect(table.features[19_999, 49] == Float((19_999 * 7 + 49) % 256))
        #expect(table.features[123, 7] == Float((123 * 7 + 7) % 256))
        #expect(table.labels.elements == (0..<50).map { Float($0 % 2) })

        let narrow = try CSVTable<Double>(string: (0..<3).map { row in (0..<785).map { String($0 + row) }.joined(separator: ",") }.joined(separator: "\n"))
        #expect(narrow.features.rows == 784 && narrow.count == 3)
        #expect(narrow.features[783, 2] == 785)
    }

    @Test("a matrix larger than the memory available is refused before it is allocated, naming its size")
    func tooLargeIsRefused() {
        let text = "a,b,label\n1,2,0\n3,4,1\n"
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DataLoadingError) in
                try ParsedCSV.parse(buffer, fileName: "big.csv", options: CSVLoadingOptions(), float32: false, availableBytes: 40)
            }
        }
        guard case .failure(let error) = result else { Issue.record("expected a refusal"); return }
        #expect(error.description.hasPrefix("big.csv: 2 examples × 2 features need a float64 matrix of 0.1 GiB, more than the 0.1 GiB"))
    }
}

/// `ParsedCSV` in comparable form.
struct ParsedCSVSnapshot: Equatable {
    var features: [UInt64]
    var labels: [Double]
    var featureNames: [String]
    var labelName: String
    var classNames: [String]?
    var float32: Bool

    init(_ parsed: ParsedCSV) {
        switch parsed.features {
        case .float(let values): features = values.map { UInt64($0.bitPattern) }; float32 = true
        case .double(let values): features = values.map(\.bitPattern); float32 = false
        }
        labels = parsed.labels
        featureNames = parsed.featureNames
        labelName = parsed.labelName
        classNames = parsed.classNames
    }
}

@Suite struct GzipInputTests {
    @Test("gzip data inflates exactly; past the limit (a decompression bomb) it is refused, not allowed to exhaust memory")
    func gunzipHonoursTheLimit() throws {
        let text = Array(String(repeating: "1,2,0\n", count: 5000).utf8)
        let gzip = Gzip.stored(text)
        let inflated = try gzip.withUnsafeBytes { try FileBytes.gunzip($0, limit: 1 << 30) }
        inflated.withBytes { #expect(Array($0) == text) }
        let refusal = gzip.withUnsafeBytes { buffer in
            Result { () throws(FileBytes.Failure) in try FileBytes.gunzip(buffer, limit: 10_000) }
        }
        guard case .failure(.unreadable(let reason)) = refusal else { Issue.record("expected a refusal"); return }
        #expect(reason.contains("inflates to more than the 10000 bytes of memory available"), "\(reason)")
        // Truncated data is an error too, never a crash.
        let truncated = Array(gzip.dropLast(20)).withUnsafeBytes { buffer in
            Result { () throws(FileBytes.Failure) in try FileBytes.gunzip(buffer, limit: 1 << 30) }
        }
        guard case .failure = truncated else { Issue.record("expected an error for truncated data"); return }
    }
}
