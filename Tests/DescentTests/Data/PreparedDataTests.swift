import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// The library's data path (`DataConfiguration` → `PreparedData`), which `descent train` calls.
@Suite("PreparedData")
struct PreparedDataTests {
    static let table = "a,b,label\n" + (0..<30).map { "\($0),\(($0 * 7) % 5),\(["x", "y", "z"][$0 % 3])" }.joined(separator: "\n") + "\n"

    @Test("a file is loaded, split stratified and seeded, standardized on the training split, with its classes and loss")
    func fileIsPrepared() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let url = try scratch.file("t.csv", Self.table)
        let configuration = DataConfiguration(source: .file(path: url.path), devFraction: 0.2)
        let data = try PreparedData(configuration, seed: 4)
        #expect(data.classNames == ["x", "y", "z"])
        #expect(data.loss == .categoricalCrossEntropy && data.outputSize == 3)
        #expect(data.train.count + (data.dev?.count ?? 0) == 30)
        #expect(Set(data.dev!.labels.elements) == [0, 1, 2], "stratified: every class in the dev split")
        // Standardized with the training split's statistics: mean 0, standard deviation 1 there.
        for i in 0..<2 {
            let row = (0..<data.train.count).map { data.train.features[i, $0] }
            #expect(abs(row.reduce(0, +) / Double(row.count)) < 1e-12)
        }
        let again = try PreparedData(configuration, seed: 4)
        #expect(again.train == data.train && again.dev == data.dev, "the same seed, the same split")
        // Column a is 0, 1, 2, … row by row: the one warning is that it looks like a row index.
        #expect(data.warnings.map(\.field) == ["ignore"] && data.warnings[0].message.contains("column 'a' numbers the rows 0, 1, 2"))
        #expect(try PreparedData(DataConfiguration(source: .file(path: url.path), devFraction: 0.2,
                                                   tabular: TabularOptions(ignore: ["a"])), seed: 4).warnings.isEmpty)
        #expect(try PreparedData(DataConfiguration(source: .course(.circles)), seed: 1).scaler.method == .none,
                "course datasets train raw, as the labs")
    }

    @Test("degenerate data: one class, no held-out example, an unknown test class — typed issues naming the field or file")
    func degenerateDataIsRefused() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let single = try scratch.file("one.csv", "a,label\n1,k\n2,k\n")
        #expect(throws: DataPreparationIssue(message: "\(single.path): every training label is 'k': classification needs at least two "
                                             + "classes (for a numeric target use the regression task)")) {
            try PreparedData(DataConfiguration(source: .file(path: single.path)), seed: 0)
        }
        let two = try scratch.file("two.csv", "a,label\n1,0\n2,1\n")
        do {
            _ = try PreparedData(DataConfiguration(source: .file(path: two.path), testFraction: 0.5), seed: 0)
            Issue.record("expected no test examples")
        } catch {
            #expect(error.field == "testFraction" && error.value == "0.5")
            #expect(error.message.hasSuffix("leave no test examples"))
        }
        let train = try scratch.file("train.csv", "a,label\n1,0\n2,1\n3,0\n")
        let test = try scratch.file("test.csv", "a,label\n1,0.0\n2,7\n")
        do {
            _ = try PreparedData(DataConfiguration(source: .file(path: train.path), test: .file(path: test.path)), seed: 0)
            Issue.record("expected an unknown class")
        } catch {
            #expect(error.field == nil)
            #expect(error.message.contains("class '7' does not occur in the training data (its classes: 0, 1)"))
        }
    }

    @Test("a held-out split missing a class is a warning with its field, not an error")
    func heldOutSplitMissingAClassWarns() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let url = try scratch.file("rare.csv", "x,label\n" + (0..<20).map { "\($0),\($0 % 2)" }.joined(separator: "\n") + "\n99,rare\n")
        let data = try PreparedData(DataConfiguration(source: .file(path: url.path), devFraction: 0.2), seed: 0)
        #expect(data.warnings.count == 1)
        #expect(data.warnings.first?.field == "devFraction")
        #expect(data.warnings.first?.description.hasPrefix("devFraction 0.2: the 4-example dev split has no example of class 'rare'") == true)
    }

    @Test("in float32 a numeric CSV is read straight into float32 (on integers the float64 preparation's values exactly); a table with text and a course dataset are prepared in float64 and converted")
    func float32Preparation() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        func numbers(_ rows: Range<Int>) -> String {
            "p1,p2,p3,flat,label\n" + rows.map { i in "\((i * 37) % 97),\((i * 11) % 7),\((i * i) % 101),5,\(["a", "b", "c"][i % 3])" }
                .joined(separator: "\n") + "\n"
        }
        let train = try scratch.file("train.csv", numbers(0..<200)), test = try scratch.file("test.csv", numbers(200..<240))
        // The constant column is left out, so the encoder's transform (not the table as it is) makes the features.
        let configuration = DataConfiguration(source: .file(path: train.path), test: .file(path: test.path), devFraction: 0.2)
        let wide = try PreparedData(configuration, seed: 3)
        let narrow = try PreparedData(configuration, seed: 3, precision: .float32)
        guard case .float32 = narrow.storedTrain, case .float64 = wide.storedTrain else {
            Issue.record("the splits are kept in the precision asked for")
            return
        }
        #expect(narrow.encoder != nil && narrow.featureNames == ["p1", "p2", "p3"])
        #expect(narrow.train(as: Float.self) == wide.train.converted(to: Float.self))
        #expect(narrow.dev(as: Float.self) == wide.dev?.converted(to: Float.self))
        #expect(narrow.test(as: Float.self) == wide.test?.converted(to: Float.self))
        #expect(narrow.scaler == wide.scaler && narrow.encoder == wide.encoder && narrow.notes == wide.notes)
        #expect(narrow.trainCount == wide.train.count && narrow.devCount == wide.dev?.count && narrow.testCount == 40 && narrow.featureCount == 3)
        #expect(narrow.trainCount + (narrow.devCount ?? 0) == 200)
        #expect(narrow.trainLabels == wide.trainLabels && narrow.train.labels == wide.train.labels)

        let text = try scratch.file("text.csv", "x,color,label\n" + (0..<60).map { "\(Double($0) / 7),\(["red", "blue"][$0 % 2]),\($0 % 2)" }
            .joined(separator: "\n") + "\n")
        for source in [DataSource.file(path: text.path), .course(.moons)] {
            let wide = try PreparedData(DataConfiguration(source: source, devFraction: 0.2), seed: 3)
            let narrow = try PreparedData(DataConfiguration(source: source, devFraction: 0.2), seed: 3, precision: .float32)
            guard case .float32 = narrow.storedTrain else {
                Issue.record("\(source): the splits are kept in float32")
                continue
            }
            #expect(narrow.train(as: Float.self) == wide.train.converted(to: Float.self), "\(source)")
            #expect(narrow.dev(as: Float.self) == wide.dev?.converted(to: Float.self), "\(source)")
            #expect(narrow.test(as: Float.self) == wide.test?.converted(to: Float.self), "\(source)")
        }
    }

    @Test("a file's float32 default (readsFloat32: false): the float64 preparation converted, a regression's targets kept exact for its metrics, and a held-out value float32 cannot hold named")
    func float32FromFloat64Preparation() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = (0..<80).map { i in "\(Double(i) / 7),\(Double(i % 9) * 0.3),\(1234.5678 + Double(i) * 0.0101)" }
        let train = try scratch.file("train.csv", "x1,x2,price\n" + rows.joined(separator: "\n") + "\n")
        let configuration = DataConfiguration(source: .file(path: train.path), devFraction: 0.25, task: .regression)
        let wide = try PreparedData(configuration, seed: 3)
        let converted = try PreparedData(configuration, seed: 3, precision: .float32, readsFloat32: false)
        guard case .float32 = converted.storedTrain else {
            Issue.record("the splits are kept in float32")
            return
        }
        #expect(converted.train(as: Float.self) == wide.train.converted(to: Float.self))
        #expect(converted.dev(as: Float.self) == wide.dev?.converted(to: Float.self))
        #expect(converted.trainLabels == wide.trainLabels, "the targets as prepared, not rounded to float32")
        #expect(converted.trainLabels != converted.train(as: Float.self).labels.converted(to: Double.self), "float32 rounds these targets")

        // A test value standardized far beyond the training range: float64 holds it, float32 cannot.
        let test = try scratch.file("test.csv", "x1,x2,price\n1,0.3,1234\n1e40,0.3,1234\n")
        let outlier = DataConfiguration(source: .file(path: train.path), test: .file(path: test.path), task: .regression)
        #expect(try PreparedData(outlier, seed: 3).testCount == 2)
        #expect(throws: DataPreparationIssue(field: "precision", value: "float32", message: "the test split's 'x1' holds "
            + "\(Double(try PreparedData(outlier, seed: 3).test!.features[0, 1])) once standardized, beyond float32's range (±3.4e38): "
            + "train in float64 (--precision float64)")) {
            try PreparedData(outlier, seed: 3, precision: .float32, readsFloat32: false)
        }
    }

    @Test("a wide file (3,000 integer columns, empty cells in some, a distinct-integer column) prepares in float32 as in float64, the same columns kept")
    func wideFloat32Preparation() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // Column 0 holds a distinct integer per row in a wide span (a quantity, not a row index); every
        // 7th column misses a cell on every 5th row; the rest are pixel-like values that repeat.
        var lines = [((0..<3_000).map { "c\($0)" } + ["label"]).joined(separator: ",")]
        for row in 0..<120 {
            let cells = (0..<3_000).map { column -> String in
                if column == 0 { return String(1_000 + row * 37) }
                return column % 7 == 3 && row % 5 == 0 ? "" : String((row * 31 + column * 17) % 50)
            }
            lines.append((cells + [String(row % 3)]).joined(separator: ","))
        }
        let file = try scratch.file("wide.csv", lines.joined(separator: "\n") + "\n")
        let configuration = DataConfiguration(source: .file(path: file.path), devFraction: 0.25)
        let double = try PreparedData(configuration, seed: 3)
        let single = try PreparedData(configuration, seed: 3, precision: .float32)
        guard case .float32 = single.storedTrain else {
            Issue.record("numbers and empty cells only: read straight into float32")
            return
        }
        #expect(single.featureNames == double.featureNames && single.featureCount == double.featureCount && single.featureCount >= 2_999)
        #expect(single.encoder == double.encoder && single.notes == double.notes)
        // The filled means and the scaling are computed in float32 here: equal to float32's precision.
        func close(_ a: Dataset<Float>?, _ b: Dataset<Double>?) -> Bool {
            guard let a, let b, a.labels == b.labels.converted(to: Float.self), a.features.count == b.features.count else { return false }
            return zip(a.features.elements, b.features.elements).allSatisfy { abs(Double($0) - $1) <= 1e-5 * max(1, abs($1)) }
        }
        #expect(close(single.train(as: Float.self), double.train) && close(single.dev(as: Float.self), double.dev))
    }

    @Test("ClassIndex: by name, else by value when both are numbers")
    func classIndexMatchesByNameOrValue() {
        let index = ClassIndex(classNames: ["0", "1", "2.5", "cat"])
        #expect(index.index(of: "1") == 1 && index.index(of: "1.0") == 1 && index.index(of: "1e0") == 1)
        #expect(index.index(of: "2.50") == 2 && index.index(of: "cat") == 3)
        #expect(index.index(of: "Cat") == nil && index.index(of: "3") == nil && index.index(of: "") == nil)
    }

    @Test("a configuration round-trips through JSON")
    func configurationIsCodable() throws {
        let configuration = DataConfiguration(source: .file(path: "x.npy", labels: "y.npy"), test: .course(.circles), labelColumn: "y",
                                              delimiter: ";", testFraction: 0.1, devFraction: 0.2, normalization: .minMax, task: .regression)
        let decoded = try JSONDecoder().decode(DataConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(decoded == configuration)
    }
}
