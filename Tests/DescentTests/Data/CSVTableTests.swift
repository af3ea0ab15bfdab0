import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite("CSVTable")
struct CSVTableTests {
    /// Parses `text` as `name` and returns the error it throws (or records a failure).
    func loadingError(_ text: String, name: String = "data.csv", options: CSVLoadingOptions = CSVLoadingOptions()) -> DataLoadingError? {
        do {
            let table = try CSVTable<Double>(string: text, fileName: name, options: options)
            Issue.record("expected an error, loaded \(table.count) examples")
            return nil
        } catch {
            return error
        }
    }

    @Test("header, label column by name, course layout")
    func headerAndLayout() throws {
        let table = try CSVTable<Double>(string: "x1,x2,label\n1,2,0\n3,4,1\n5,6,1\n")
        #expect(table.featureNames == ["x1", "x2"])
        #expect(table.labelName == "label")
        #expect(table.features == Matrix([[1, 3, 5], [2, 4, 6]]))
        #expect(table.labels == Matrix([[0, 1, 1]]))
        #expect(table.classNames == ["0", "1"])
        #expect(table.dataset.count == 3)
    }

    @Test("no header: first row is data, label is the last column")
    func noHeader() throws {
        let table = try CSVTable<Float>(string: "1.5,-2,1\n3,4e-1,0")
        #expect(table.features == Matrix<Float>([[1.5, 3], [-2, 0.4]]))
        #expect(table.labels == Matrix<Float>([[1, 0]]))
        #expect(table.featureNames == ["column 1", "column 2"])
        #expect(table.labelName == "column 3")
    }

    @Test("a string label in the first row does not make it a header")
    func stringLabelNoHeader() throws {
        let table = try CSVTable<Double>(string: "1,2,cat\n3,4,dog\n5,6,cat\n")
        #expect(table.count == 3)
        #expect(table.classNames == ["cat", "dog"])
        #expect(table.labels == Matrix([[0, 1, 0]]))
    }

    @Test("label column named label anywhere in the header")
    func labelColumnFirst() throws {
        let table = try CSVTable<Double>(string: "Label,a,b\n2,1,1\n10,2,2\n2,3,3\n")
        #expect(table.featureNames == ["a", "b"])
        #expect(table.features == Matrix([[1, 2, 3], [1, 2, 3]]))
        // Numeric classes sort numerically: 2 < 10.
        #expect(table.classNames == ["2", "10"])
        #expect(table.labels == Matrix([[0, 1, 0]]))
    }

    @Test("explicit label column by name and by index; regression targets")
    func explicitLabelColumn() throws {
        let byName = try CSVTable<Double>(string: "a,y,b\n1,0.5,2\n3,1.5,4\n",
                                          options: CSVLoadingOptions(labelColumn: .named("y"), labels: .targets))
        #expect(byName.features == Matrix([[1, 3], [2, 4]]))
        #expect(byName.labels == Matrix([[0.5, 1.5]]))
        #expect(byName.classNames == nil)
        let byIndex = try CSVTable<Double>(string: "7,1,2\n8,3,4\n", options: CSVLoadingOptions(labelColumn: .index(0), labels: .targets))
        #expect(byIndex.features == Matrix([[1, 3], [2, 4]]))
        #expect(byIndex.labels == Matrix([[7, 8]]))
    }

    @Test("string labels become sorted class indices")
    func stringLabels() throws {
        let table = try CSVTable<Double>(string: "f,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n")
        #expect(table.classNames == ["setosa", "versicolor", "virginica"])
        #expect(table.labels == Matrix([[2, 0, 1, 0]]))
    }

    @Test("CRLF, BOM, quotes with delimiters, escaped quotes and line breaks, blank lines")
    func rfc4180() throws {
        let text = "\u{FEFF}\"x 1\",\"x,2\",label\r\n\"1\", 2 ,\"a \"\"quoted\"\"\r\nname\"\r\n\r\n3,\"4\",b\r\n"
        let table = try CSVTable<Double>(string: text)
        #expect(table.featureNames == ["x 1", "x,2"])
        #expect(table.features == Matrix([[1, 3], [2, 4]]))
        #expect(table.classNames == ["a \"quoted\"\r\nname", "b"])
        #expect(table.labels == Matrix([[0, 1]]))
    }

    @Test("semicolon and tab delimiters")
    func delimiters() throws {
        let semicolon = try CSVTable<Double>(string: "a;b;label\n1;2;0\n", options: CSVLoadingOptions(delimiter: ";"))
        #expect(semicolon.features == Matrix([[1], [2]]))
        let tab = try CSVTable<Double>(string: "1\t2\t1\n", options: CSVLoadingOptions(delimiter: "\t"))
        #expect(tab.features == Matrix([[1], [2]]))
        #expect(tab.labels == Matrix([[0]]))
        for name in ["t.tsv", "DATA.TSV", "t.tsv.gz", "t.tab", "dir.tsv/t.tab.gz"] { #expect(CSVLoadingOptions.delimiter(impliedBy: name) == "\t", "\(name)") }
        for name in ["t.csv", "t.csv.gz", "tsv", "t.tsv.bak", "-", ""] { #expect(CSVLoadingOptions.delimiter(impliedBy: name) == ",", "\(name)") }
    }

    @Test("numbers parse exactly like Double(String)")
    func numberParsing() throws {
        let spellings = ["0.1", "-0.158986", "1e-5", "123456789012345678901234", "2.2250738585072014e-308",
                         "9007199254740993", "1.7976931348623157e308", ".5", "5.", "+3", "-0", "0.000000000000000000000001"]
        let text = spellings.map { "\($0),0" }.joined(separator: "\n")
        let table = try CSVTable<Double>(string: text)
        #expect(table.features.elements.map(\.bitPattern) == spellings.map { Double($0)!.bitPattern })
    }

    @Test("the bundled football data loads")
    func football() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/Descent/Data/Resources/football_train.csv")
        let table = try CSVTable<Double>(contentsOf: url)
        #expect(table.features.rows == 2)
        #expect(table.classNames == ["0", "1"])
        #expect(table.count > 100)
    }

    /// Each bad input, the error kind it must produce, and the `file:line:column:` prefix.
    static let badInputs: [(text: String, options: CSVLoadingOptions, kind: DataLoadingError.Kind, location: String)] = [
        ("", .init(), .emptyFile, "data.csv: "),
        ("\n\r\n\n", .init(), .emptyFile, "data.csv: "),
        ("\u{FEFF}", .init(), .emptyFile, "data.csv: "),
        ("a,b,label\n", .init(), .noExamples, "data.csv: "),
        ("a,b,label\n1,2,0\n3,4\n", .init(), .raggedRow(expected: 3, found: 2), "data.csv:3:3: "),
        ("a,b,label\n1,2,0\n\n3,4,5,6\n", .init(), .raggedRow(expected: 3, found: 4), "data.csv:4:4: "),
        ("a,b,label\n1,2,0\n3,abc,1\n", .init(), .expectedNumber(found: "abc"), "data.csv:3:2: "),
        ("1,2,0\n3,,1\n", .init(), .expectedNumber(found: ""), "data.csv:2:2: "),
        ("a,b,label\n1,nan,0\n", .init(), .nonFiniteValue(found: "nan"), "data.csv:2:2: "),
        ("a,b,label\n1,2,0\n-inf,2,0\n", .init(), .nonFiniteValue(found: "-inf"), "data.csv:3:1: "),
        ("a,b,label\n1,1e999,0\n", .init(), .nonFiniteValue(found: "1e999"), "data.csv:2:2: "),
        ("a,b,y\n1,2,x\n", .init(labels: .targets), .expectedNumber(found: "x"), "data.csv:2:3: "),
        ("a,b,label\n1,2,\n", .init(), .emptyLabel, "data.csv:2:3: "),
        ("a,b,label\n\"1,2,0\n3,4,1\n", .init(), .unterminatedQuote, "data.csv:2:1: "),
        ("a,b,label\n\"1\"x,2,0\n", .init(), .unexpectedCharacterAfterQuote(found: "x"), "data.csv:2:1: "),
        ("a,b,c\n1,2,0\n", .init(labelColumn: .named("label")),
         .missingLabelColumn("named \"label\" (the header has \"a\", \"b\", \"c\")"), "data.csv:1: "),
        ("1,2,0\n", .init(labelColumn: .index(3)),
         .missingLabelColumn("at index 3 (0-based; the rows have 3 fields)"), "data.csv:1: "),
        ("label\n1\n", .init(), .noFeatureColumns, "data.csv:1: "),
    ]

    @Test("bad inputs report the kind, line and column", arguments: 0..<badInputs.count)
    func badInput(_ index: Int) throws {
        let (text, options, kind, location) = Self.badInputs[index]
        let error = try #require(loadingError(text, options: options))
        #expect(error.kind == kind)
        #expect(error.description.hasPrefix(location), "\(error.description)")
        #expect(error.file == "data.csv")
    }

    @Test("the message reads like a compiler diagnostic")
    func message() throws {
        var text = "x1,x2,label\n"
        for _ in 0..<15 { text += "1,2,0\n" }
        text += "1,2,abc\n"
        let error = try #require(loadingError(text, name: "football.csv", options: CSVLoadingOptions(labels: .targets)))
        #expect(error.description == "football.csv:17:3: expected a number, found \"abc\"")
    }

    @Test("missing, unreadable and directory files")
    func files() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("missing.csv")
        #expect(throws: DataLoadingError(.fileNotFound, file: missing.relativePath)) {
            try CSVTable<Double>(contentsOf: missing)
        }
        do {
            _ = try CSVTable<Double>(contentsOf: directory.url)
            Issue.record("a directory loaded")
        } catch {
            guard case .unreadable = error.kind else { Issue.record("wrong kind \(error)"); return }
        }
        let url = try directory.write(Array("a,b\n1,2\n".utf8), to: "ok.csv")
        #expect(try CSVTable<Double>(contentsOf: url).count == 1)
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
            #expect(throws: DataLoadingError.self) { try CSVTable<Double>(contentsOf: url) }
        }
    }

    /// A binary file used to read as one odd column: "no feature columns: the only column is the label".
    @Test("a binary file is refused as not text, naming the file and what was expected")
    func binaryFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Bytes with no comma or line break before a NUL, as an image or a zip file starts.
        let binary = try directory.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x1A, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52], to: "image.csv")
        let error = #expect(throws: DataLoadingError.self) { try CSVTable<Double>(contentsOf: binary) }
        #expect(error?.kind == .notText("byte 7 is NUL"))
        #expect(error?.description == "\(binary.relativePath): not a text file (byte 7 is NUL): expected a CSV or TSV text file in UTF-8, "
            + "or a .npy file")
        // Invalid UTF-8 without a NUL, and a .npy file under a CSV name.
        #expect(throws: DataLoadingError(.notText("byte 5 is not UTF-8; save text files as UTF-8"), file: "<memory>")) {
            try CSVTable<Double>(bytes: [0x61, 0x2C, 0x62, 0x0A, 0xFF, 0x2C, 0x31, 0x0A])
        }
        #expect(throws: DataLoadingError(.notText("it is a NumPy .npy file; give its name the .npy extension"), file: "x.csv")) {
            try CSVTable<Double>(bytes: NPYFile(shape: [2], dataType: .float64, values: [1, 2]).serialized(), fileName: "x.csv")
        }
        // A UTF-8 character cut by the end of the checked block is text.
        let long = String(repeating: "a", count: CSVFirstRecord.textCheckBytes - 3) + "é"  // é's first byte ends the block
        #expect(try CSVTable<Double>(string: "1,\(long)\n2,b\n").classNames == [long, "b"])
    }

    @Test("Float loading rejects values that overflow Float")
    func floatOverflow() throws {
        do {
            _ = try CSVTable<Float>(string: "1e39,0\n", fileName: "f.csv")
            Issue.record("loaded")
        } catch {
            #expect(error.description == "f.csv:1:1: \"1e39\" is beyond float32's range (±3.4e38): train in float64 (--precision float64), "
                    + "or leave --precision out to prepare the file in float64 first")
        }
    }

    @Test("corrupted CSV never traps: it loads or throws a DataLoadingError")
    func corruption() {
        let valid = Array("\u{FEFF}x1,\"x,2\",label\r\n1.5,2,cat\r\n\"3\",-4e2,\"d\"\"og\"\n5,6,cat\n".utf8)
        var outcomes = (loaded: 0, rejected: 0)
        for bytes in Corruption(of: valid, cases: 400) {
            for options in [CSVLoadingOptions(), CSVLoadingOptions(labels: .targets)] {
                do {
                    _ = try CSVTable<Float>(bytes: bytes, options: options)
                    outcomes.loaded += 1
                } catch {
                    #expect(error.file == "<memory>" && error.description.hasPrefix("<memory>"))
                    outcomes.rejected += 1
                }
            }
        }
        #expect(outcomes.loaded > 0 && outcomes.rejected > 0)
    }
}

extension CSVTableTests {
    @Test("header names: a blank one is its position, a repeated one gets .1, .2 (skipping names the header has)")
    func repeatedAndBlankHeaderNames() throws {
        #expect(CSVColumnNames.unique(["a", "b", "label"]) == ["a", "b", "label"])
        #expect(CSVColumnNames.unique(["a", "a", "a"]) == ["a", "a.1", "a.2"])
        #expect(CSVColumnNames.unique(["a", "a", "a.1"]) == ["a", "a.2", "a.1"])
        #expect(CSVColumnNames.unique(["", "x", ""]) == ["column 1", "x", "column 3"])
        #expect(CSVColumnNames.unique(["column 2", ""]) == ["column 2", "column 2.1"])
        let table = try CSVTable<Double>(string: "a,a,,label\n1,2,3,0\n4,5,6,1\n")
        #expect(table.featureNames == ["a", "a.1", "column 3"])
        #expect(table.features == Matrix([[1, 4], [2, 5], [3, 6]]))
    }
}
