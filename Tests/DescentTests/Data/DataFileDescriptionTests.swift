import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// `DataFileDescription`: a file described as training would read it (`descent describe`).
@Suite struct DataFileDescriptionTests {
    static let table = "x1;colour;label\n1;red;a\n2;blue;b\n3;NA;a\n6;red;a\n"

    @Test("the configuration's delimiter, label column and missing spellings are read as PreparedData reads them")
    func describesAsTrainingReads() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("t.csv", Self.table).path
        let file = try DataFileDescription(DataConfiguration(source: .file(path: path), delimiter: ";"))
        #expect(file.name == path)
        #expect(file.description.rows == 4 && file.description.labelName == "label")
        #expect(file.description.classes?.map(\.name) == ["a", "b"] && file.description.classes?.map(\.count) == [3, 1])
        #expect(file.description.missingCells.map(\.feature) == ["colour"] && file.description.missingCells.first?.firstLine == 4)
        guard case .success(let encoder) = file.encoding else {
            Issue.record("the default options encode the table")
            return
        }
        // x1, then colour one-hot over blue, red and the imputed category `missing`.
        #expect(encoder.featureNames == ["x1", "colour=blue", "colour=red", "colour=missing"])
        let text = file.text(limit: 1)
        #expect(text.hasPrefix("\(path): 4 rows, 2 features, label column 'label'\nclasses (2): a 3, b 1\ncolumns as train encodes them:\n"))
        // x1 = 1, 2, 3, 6: μ = 3, σ = √((4 + 1 + 0 + 9) / 4) = √3.5.
        #expect(text.contains("\nx1       1             6             3             1.87083      \n… 1 more (--limit 0"))
        #expect(file.json().text.contains(#""columns": [{"name": "x1", "min": 1.0, "max": 6.0, "mean": 3.0, "std": \#((3.5).squareRoot()), "#
            + #""kind": "numeric", "fill": 3.0, "missing_indicator": false, "missing": 0}"#))
        // A text column: its kind, categories and missing cells as data; its text row names it instead of NaN statistics.
        #expect(file.json().text.contains(#"{"name": "colour", "min": null, "max": null, "mean": null, "std": null, "kind": "categorical", "#
            + #""categories": ["blue", "red"], "missing_category": true, "missing": 1}"#))
        #expect(file.text(limit: 0).contains("\ncolour   text, 2 distinct values"))
    }

    @Test("a regression target by column; an encoding that would stop training is reported, worded by the caller")
    func regressionAndEncodingIssue() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = try scratch.file("t.csv", Self.table).path
        let configuration = DataConfiguration(source: .file(path: path), labelColumn: "x1", delimiter: ";", task: .regression,
                                              tabular: TabularOptions(missing: .error))
        let file = try DataFileDescription(configuration)
        #expect(file.description.classes == nil && file.description.target?.mean == 3 && file.description.labelName == "x1")
        guard case .failure(let issue) = file.encoding else {
            Issue.record("a missing cell under MissingPolicy.error stops the encoding")
            return
        }
        #expect(file.text(limit: 0, issueText: { "<\($0.message)>" }).contains("\ncolumns: train would stop: <\(issue.message)>\n"))
        #expect(file.json().text.contains(#""encoding": {"error": \#(JSONString.quoted(issue.description))}"#))
    }

    @Test("an unreadable file is the loading error")
    func missingFile() {
        #expect(throws: DataLoadingError.self) { try DataFileDescription(DataConfiguration(source: .file(path: "/no/such/file.csv"))) }
    }

    @Test("with held-out fractions the encoding and its fill values are learned on the training rows PreparedData keeps, with the same seed")
    func fillValuesFollowTheSplit() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // 200 rows: x1 rises with the row (so any split moves its mean), every 7th cell missing; a
        // text column whose rare categories a split can drop.
        var random = FastRandom(seed: 29)
        var lines = ["x1,size,y"]
        for row in 0..<200 {
            let x = row % 7 == 3 ? "" : String(format: "%.3f", Double(row) + random.nextStandardNormal())
            lines.append("\(x),\(["s", "m", "l", "xl"][row % 23 == 0 ? 3 : row % 3]),\(row % 2)")
        }
        let path = try scratch.file("t.csv", lines.joined(separator: "\n") + "\n").path
        var configuration = DataConfiguration(source: .file(path: path))
        let everyRow = try DataFileDescription(configuration)
        configuration.testFraction = 0.3
        configuration.devFraction = 0.2
        for seed: UInt32 in [3, 11] {
            let described = try DataFileDescription(configuration, seed: seed)
            let prepared = try PreparedData(configuration, seed: seed)
            #expect(described.trainingRows == prepared.train.count && described.trainingRows < everyRow.trainingRows)
            let encoder = try described.encoding.get()
            #expect(encoder == prepared.encoder, "the same columns, categories and fill values as train's (seed \(seed))")
            #expect(described.text(limit: 0).contains("columns as train encodes them (learned on the \(described.trainingRows) training rows"))
            #expect(described.json().text.contains(#""training_rows": \#(described.trainingRows)"#))
        }
        #expect(try everyRow.encoding.get() != (try DataFileDescription(configuration).encoding.get()), "the split moves x1's fill value")
        #expect(everyRow.trainingRows == 200 && everyRow.text(limit: 0).contains("columns as train encodes them:\n"))
    }
}
