import Foundation
import Testing
@testable import Descent

/// Tables as they come: the reader's tabular mode and `TabularEncoder`'s kinds, encodings,
/// missing cells and errors, on generated tables.
@Suite("Tabular data") struct TabularEncoderTests {
    static let tabular: CSVLoadingOptions = {
        var options = CSVLoadingOptions()
        options.invalidCells = .tabular(MissingValueTokens())
        return options
    }()

    /// A passengers-like table: an id, a name (unique), sex, age (some NA or empty), class, a
    /// constant column, port (some missing), and a yes/no label.
    static func key(_ i: Int, seed: Int = 0) -> Int { i &* 2654435761 &+ seed }
    static func age(_ i: Int) -> Double { Double(18 + (key(i) / 3) % 50) }

    static func passengers(count: Int, seed: Int = 0) -> String {
        var lines = ["id,name,sex,age,class,const,port,survived"]
        for i in 0..<count {
            let k = key(i, seed: seed)
            let sex = k % 2 == 0 ? "male" : "female"
            let age = i % 7 == 3 ? "NA" : i % 11 == 5 ? "" : "\(18 + (k / 3) % 50)"
            let travelClass = ["1st", "2nd", "3rd"][(k / 7) % 3]
            let port = i % 9 == 4 ? "?" : ["S", "C", "Q"][(k / 5) % 3]
            let survived = (sex == "female") != (i % 5 == 0) ? "yes" : "no"
            lines.append("\(i + 1),\"Person, \(i)\",\(sex),\(age),\(travelClass),7,\(port),\(survived)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func table(_ text: String, options: CSVLoadingOptions = tabular) throws -> CSVTable<Double> {
        try CSVTable<Double>(string: text, fileName: "t.csv", options: options)
    }

    @Test("a mean fill whose pairwise sum overflows (±1.7e308 alternating: two of the eight running sums reach ±∞) is the mean itself")
    func hugeAlternatingValuesFillWithTheirMean() throws {
        let rows = (0..<32).map { "\($0 % 2 == 0 ? "1.7e308" : "-1.7e308"),\($0 % 3),\($0 % 2)" } + [",1,0"]
        let encoder = try TabularEncoder(fittedOn: try table("big,small,label\n" + rows.joined(separator: "\n") + "\n"),
                                         options: TabularOptions(), fileName: "t.csv")
        guard case .numeric(let fill, _) = encoder.columns[0].encoding else { Issue.record("big is numeric"); return }
        #expect(fill == 0, "16 values of each sign: the mean is 0, not NaN")
    }

    @Test func kindsAreInferredAndEverythingIsEncoded() throws {
        let table = try table(Self.passengers(count: 120))
        #expect(table.textColumns.keys.sorted() == [1, 2, 4, 6])  // name, sex, class, port (quoted names included)
        let encoder = try TabularEncoder(fittedOn: table, options: TabularOptions(), fileName: "t.csv")
        #expect(encoder.excluded.map(\.name) == ["id", "name", "const"])
        #expect(encoder.excluded.map(\.reason) == [.identifier, .identifier, .constant])
        #expect(encoder.featureNames == ["sex=female", "sex=male", "age", "class=1st", "class=2nd", "class=3rd",
                                         "port=C", "port=Q", "port=S", "port=missing"])
        #expect(encoder.isIndicator == [true, true, false, true, true, true, true, true, true, true])
        // The fill is the mean of the ages that are there.
        let present: [Int] = (0..<120).filter { $0 % 7 != 3 && $0 % 11 != 5 }
        let ages: [Double] = present.map(Self.age)
        guard case .numeric(let fill, false) = encoder.columns[1].encoding else { Issue.record("age is numeric"); return }
        #expect(abs(fill - ages.reduce(0, +) / Double(ages.count)) < 1e-12)
        #expect(encoder.columns[1].missingCount == 120 - ages.count)

        let (features, warnings) = try encoder.transform(table, fileName: "t.csv")
        #expect(warnings.isEmpty)
        #expect(features.rows == 10 && features.columns == 120)
        for j in 0..<120 {
            let k = Self.key(j)
            #expect(features[0, j] == (k % 2 == 0 ? 0 : 1) && features[1, j] == (k % 2 == 0 ? 1 : 0))
            let age = features[2, j]
            if j % 7 == 3 || j % 11 == 5 { #expect(age == fill) } else { #expect(age == Self.age(j)) }
            #expect((3...5).map { features[$0, j] }.reduce(0, +) == 1 && features[3 + (k / 7) % 3, j] == 1)
            let portColumn = j % 9 == 4 ? 9 : 6 + ["C", "Q", "S"].firstIndex(of: ["S", "C", "Q"][(k / 5) % 3])!
            #expect((6...9).map { features[$0, j] } == (6...9).map { $0 == portColumn ? 1 : 0 })
        }
        #expect(encoder.summary.joined(separator: "\n").contains("identifier-like or a row index (a distinct value per row; --numeric NAME keeps a number column): id, name"))
    }

    @Test func theTrainingRowsAloneDecide() throws {
        // Category "Q" and the missing port occur only outside the training rows: unseen there.
        let text = "port,x,y\nS,1,0\nC,2,1\nS,3,0\nQ,4,1\n,5,0\n"
        let table = try table(text)
        let encoder = try TabularEncoder(fittedOn: table, rows: [0, 1, 2], options: TabularOptions(), fileName: "t.csv")
        #expect(encoder.featureNames == ["port=C", "port=S", "x"])
        guard case .numeric(let fill, _) = encoder.columns[1].encoding else { Issue.record("x is numeric"); return }
        #expect(fill == 2)
        let (features, warnings) = try encoder.transform(table, fileName: "t.csv")
        #expect(features.elements == [0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 2, 3, 4, 5])
        #expect(warnings == [TabularWarning(column: "port", kind: .unseenCategory("Q"), count: 1, firstRow: 4),
                             TabularWarning(column: "port", kind: .missingWithoutCategory, count: 1, firstRow: 5)])
        #expect(warnings[0].description.contains("first 'Q' in row 4"))
    }

    @Test func columnsMatchByNameInAnyOrderAndAMissingOneIsNamed() throws {
        let training = try table(Self.passengers(count: 60))
        let encoder = try TabularEncoder(fittedOn: training, options: TabularOptions(), fileName: "t.csv")
        // The same rows with the columns in another order (and the ignored ones gone).
        let lines = Self.passengers(count: 60).split(separator: "\n").map { line -> String in
            let fields = CSVTokenizerTestSplit.fields(String(line))
            return [fields[6], fields[3], fields[4], fields[2], fields[7]].joined(separator: ",")
        }
        let shuffled = try table(lines.joined(separator: "\n") + "\n")
        #expect(shuffled.featureNames == ["port", "age", "class", "sex"])
        let (original, _) = try encoder.transform(training, fileName: "t.csv")
        let (reordered, _) = try encoder.transform(shuffled, fileName: "new.csv")
        #expect(original == reordered)

        let withoutAge = try table("sex,class,port,label\nmale,1st,S,0\n")
        #expect(throws: DataPreparationIssue.self) { try encoder.transform(withoutAge, fileName: "new.csv") }
        do {
            _ = try encoder.transform(withoutAge, fileName: "new.csv")
        } catch {
            #expect(error.message == "new.csv: has no column named 'age' (the model's columns: sex, age, class, port)")
        }
    }

    @Test func overridesAndLimits() throws {
        let table = try table(Self.passengers(count: 90))
        // Raising the limit keeps the names as categories; --categorical makes numbers categories.
        let wide = try TabularEncoder(fittedOn: table, options: TabularOptions(categorical: ["name", "const"], maxCategories: 100), fileName: "t.csv")
        #expect(wide.featureNames.filter { $0.hasPrefix("name=") }.count == 90)
        #expect(!wide.featureNames.contains("const=7"))  // still constant: one category, nothing missing
        let chosen = try TabularEncoder(fittedOn: table, options: TabularOptions(ignore: ["port"], features: ["sex", "port", "age"]), fileName: "t.csv")
        #expect(chosen.inputColumns == ["sex", "age"])
        #expect(chosen.excluded.first { $0.name == "port" }?.reason == .ignored)
        let imputed = try TabularEncoder(fittedOn: table, options: TabularOptions(imputation: .zero, missingIndicators: true), fileName: "t.csv")
        #expect(imputed.featureNames.contains("age (missing)"))
        guard case .numeric(0, true) = imputed.columns[1].encoding else { Issue.record("age zero-filled with an indicator"); return }

        func issue(_ options: TabularOptions, _ text: String? = nil) -> DataPreparationIssue? {
            do {
                _ = try TabularEncoder(fittedOn: text.map { try self.table($0) } ?? table, options: options, fileName: "t.csv")
                return nil
            } catch let error as DataPreparationIssue {
                return error
            } catch {
                return nil
            }
        }
        #expect(issue(TabularOptions(categorical: ["nope"]))?.field == "categorical")
        #expect(issue(TabularOptions(numeric: ["sex"]))?.message == "t.csv:2:3: column 'sex' is declared numeric but holds text: \"male\"")
        // Many categories, not one per row: refused, naming the column and the way out.
        let many = "code,label\n" + (0..<200).map { "c\($0 % 80),\($0 % 2)" }.joined(separator: "\n") + "\n"
        let tooMany = try #require(issue(TabularOptions(), many))
        #expect(tooMany.field == "maxCategories" && tooMany.message.contains("'code' (80)") && tooMany.message.contains("ignore: code"))
        #expect(issue(TabularOptions(maxCategories: 80), many) == nil)
        #expect(issue(TabularOptions(missing: .error))?.message.hasPrefix("t.csv:5:4: missing value \"NA\" in column 'age'") == true)
    }

    @Test func missingLabelsStopOrAreDropped() throws {
        let text = "x,label\n1,a\n2,NA\n3,b\n4,\n5,a\n6,b\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-missing-labels-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var configuration = DataConfiguration(source: .file(path: url.path))
        #expect(throws: DataPreparationIssue.self) { try PreparedData(configuration, seed: 0) }
        do { _ = try PreparedData(configuration, seed: 0) } catch {
            #expect(error.field == "dropsMissingLabels" && error.message.hasSuffix(":3:2: the label is missing (\"NA\" in column 'label'; 2 rows in all)"))
        }
        configuration.tabular.dropsMissingLabels = true
        let data = try PreparedData(configuration, seed: 0)
        #expect(data.train.count == 4 && data.notes.contains { $0.contains("dropped 2 examples whose label is missing (first on line 3)") })
        #expect(data.classNames == ["a", "b"])
    }

    @Test func theReaderGivesTheSameTableWhateverTheChunks() throws {
        // 20,000 rows with quoted text, missing cells and numbers mixed in one column, read as one
        // chunk and as many small ones on every core.
        var lines = ["a,b,c,label"]
        for i in 0..<20_000 {
            let b = i % 13 == 0 ? "\"x, \(i % 5)\"" : i % 17 == 0 ? "NA" : i % 3 == 0 ? "\(i % 4)" : ["red", "green", "blue"][i % 3]
            lines.append("\(i % 10 == 9 ? "" : "\(Double(i) / 8)"),\(b),\(i % 19 == 0 ? "?" : "k\(i % 4)"),\(i % 2)")
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        func read(parts: Int, chunk: Int) throws -> ParsedCSV {
            try bytes.withUnsafeBytes { buffer in
                try ParsedCSV.parse(buffer, fileName: "t.csv", options: Self.tabular, float32: false, parts: parts, minimumChunkBytes: chunk)
            }
        }
        let whole = try read(parts: 1, chunk: 1 << 30), pieces = try read(parts: 8, chunk: 4096)
        #expect(whole.textColumns == pieces.textColumns && whole.missingCells == pieces.missingCells)
        guard case .double(let a) = whole.features, case .double(let b) = pieces.features else { Issue.record("doubles"); return }
        #expect(a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(whole.textColumns[1]!.vocabulary.count == 2 + 5 && whole.textColumns[1]!.vocabulary.first == "x, 0")
        #expect(whole.missingCells.map(\.feature) == ["a", "b", "c"])
        #expect(whole.missingCells[0].count == 2_000 && whole.missingCells[0].firstLine == 11 && whole.missingCells[0].firstColumn == 1)
        let table = CSVTable<Double>(features: Matrix(rows: 3, columns: 20_000, elements: a), labels: Matrix(rows: 1, columns: 20_000),
                                     featureNames: whole.featureNames, labelName: "label", classNames: nil)
        var withText = table
        withText.textColumns = whole.textColumns
        let encoder = try TabularEncoder(fittedOn: withText, options: TabularOptions(), fileName: "t.csv")
        // b mixes numbers and text: categorical, the numbers named as integers.
        #expect(encoder.featureNames.filter { $0.hasPrefix("b=") }.sorted()
                == ["b=0", "b=1", "b=2", "b=3", "b=blue", "b=green", "b=missing", "b=x, 0", "b=x, 1", "b=x, 2", "b=x, 3", "b=x, 4"])
    }

    @Test func encodersRoundTripThroughJSON() throws {
        let encoder = try TabularEncoder(fittedOn: try table(Self.passengers(count: 40)), options: TabularOptions(missingIndicators: true),
                                         fileName: "t.csv")
        let decoded = try JSONDecoder().decode(TabularEncoder.self, from: JSONEncoder().encode(encoder))
        #expect(decoded == encoder)
    }
}

/// Splits a CSV line on commas outside quotes (for rearranging generated test tables).
enum CSVTokenizerTestSplit {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted { fields.append(current); current = "" } else { current.append(character) }
        }
        return fields + [current]
    }
}

/// Row numbers written as a column (pandas' index, R's rownames) are left out, whatever order or subset of rows a file holds.
@Suite struct RowIndexColumnTests {
    @Test("a row index is left out in any order or subset, by its name or its values; quantities with distinct whole values are kept")
    func rowIndexesAreLeftOut() throws {
        // 200 rows of a 1,000-row file numbered 1…1000 and shuffled (a test split written with pandas' index).
        var random = FastRandom(seed: 9)
        var numbers = Array(1...1000)
        for i in stride(from: numbers.count - 1, to: 0, by: -1) { numbers.swapAt(i, Int(random.nextUniform() * Double(i + 1))) }
        let rows = Array(numbers.prefix(200))
        var lines = ["Unnamed: 0,row_number,rownames,sqft,year,visits,label"]
        for (j, index) in rows.enumerated() {
            // sqft: distinct whole numbers far from 0; year: distinct, narrow, far from 0; visits: not distinct.
            lines.append("\(index),\(index + 7),\(j * 3 + 11),\(800 + j * 13),\(1800 + j * 2),\(j % 37),\(j % 2)")
        }
        let table = try CSVTable<Double>(string: lines.joined(separator: "\n") + "\n", fileName: "t.csv", options: CSVLoadingOptions())
        let encoder = try TabularEncoder(fittedOn: table, options: TabularOptions(), fileName: "t.csv")
        #expect(encoder.featureNames == ["sqft", "year", "visits"], "\(encoder.summary)")
        #expect(encoder.summary.contains("left out, identifier-like or a row index (a distinct value per row; --numeric NAME keeps a number column): "
            + "Unnamed: 0, row_number, rownames"))
        // Asked to keep one, it is kept.
        let kept = try TabularEncoder(fittedOn: table, options: TabularOptions(numeric: ["row_number"]), fileName: "t.csv")
        #expect(kept.featureNames.contains("row_number"))
        // Fewer rows than --max-categories: nothing is called an index.
        let small = try CSVTable<Double>(string: lines.prefix(31).joined(separator: "\n") + "\n", fileName: "t.csv", options: CSVLoadingOptions())
        #expect(try TabularEncoder(fittedOn: small, options: TabularOptions(), fileName: "t.csv").featureNames.count == 6)
    }
}
