import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// A second file (`DataConfiguration.test`, `.dev`) is matched to the training file's columns by
/// name, in any order, as a saved model's input is; files without a header, and `.npy` files, by position.
@Suite struct HeldOutColumnTests {
    static let names = ["x1", "x2", "x3", "x4", "quality"]

    /// A wine-like table: four measurements and the class `quality` (3, 5 or 7) in the last
    /// column, the classes apart in x1 and x3; `order` lists the columns (indices into `names`)
    /// as the file has them, `header` names them with `names`.
    static func wine(rows: Int, offset: Int, order: [Int] = [0, 1, 2, 3, 4], names: [String] = names, header: Bool = true) -> String {
        var lines = header ? [order.map { names[$0] }.joined(separator: ",")] : []
        for i in 0..<rows {
            let k = (i * 7 + offset) % 3
            let u = Double((i * 37 + offset * 11) % 101) / 101 - 0.5, v = Double((i * 53 + offset * 5) % 97) / 97 - 0.5
            let values = ["\(12 + 1.5 * Double(k) + u)", "\(2 + v)", "\(0.5 + Double(k) + v / 2)", "\(u * v)", ["3", "5", "7"][k]]
            lines.append(order.map { values[$0] }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Prepares `train.csv` with `test` as the test file (and as the dev file when `dev`).
    static func prepare(_ scratch: TemporaryDirectory, train: String, test: String, dev: Bool = false) throws(DataPreparationIssue) -> PreparedData {
        let trainURL = try! scratch.file("train.csv", train)
        let testURL = try! scratch.file("test.csv", test)
        return try PreparedData(DataConfiguration(source: .file(path: trainURL.path), test: dev ? nil : .file(path: testURL.path),
                                                  dev: dev ? .file(path: testURL.path) : nil), seed: 0)
    }

    /// The test accuracy of a network trained (full batch, 300 epochs) on `data`.
    static func testAccuracy(_ data: PreparedData) -> Double {
        var random = NumpyRandom(seed: 1)
        var network = Network<Double>(layerSizes: [data.train.featureCount, 8, data.outputSize], loss: data.loss, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(0.5)
        _ = Trainer<Double>(options: TrainingOptions(epochs: 300)).fit(&network, on: data.train, optimizer: &optimizer, schedule: &schedule,
                                                                        random: &random)
        return network.accuracy(on: data.test!)
    }

    @Test("reordered columns, the label among them, read as the training order: the same test set and the same test accuracy")
    func reorderedColumnsMatchByName() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let train = Self.wine(rows: 90, offset: 0)
        let original = try Self.prepare(scratch, train: train, test: Self.wine(rows: 30, offset: 1))
        // The label first: the last-column rule would take x2 as the label; the training file's label name finds it.
        for order in [[3, 0, 2, 1, 4], [4, 2, 3, 1, 0]] {
            let reordered = try Self.prepare(scratch, train: train, test: Self.wine(rows: 30, offset: 1, order: order))
            #expect(reordered.test == original.test, "order \(order)")
            #expect(reordered.featureNames == ["x1", "x2", "x3", "x4"])
            let asDev = try Self.prepare(scratch, train: train, test: Self.wine(rows: 30, offset: 1, order: order), dev: true)
            #expect(asDev.dev == original.test)
        }
        let accuracy = Self.testAccuracy(original)
        #expect(accuracy >= 0.9)
        #expect(Self.testAccuracy(try Self.prepare(scratch, train: train, test: Self.wine(rows: 30, offset: 1, order: [3, 0, 2, 1, 4])))
                == accuracy)
    }

    @Test("a renamed column is an error naming the column the training features need and the one the training file lacks")
    func renamedColumnIsAnError() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let train = Self.wine(rows: 60, offset: 0)
        let (trainPath, testPath) = (scratch.url.appendingPathComponent("train.csv").path, scratch.url.appendingPathComponent("test.csv").path)
        func issue(_ problems: String) -> DataPreparationIssue {
            DataPreparationIssue(message: "\(testPath): its columns are matched to \(trainPath)'s by name, but it \(problems); "
                + "name its columns as \(trainPath) does, in any order (x1, x2, x3, x4, quality)")
        }
        let renamed = Self.wine(rows: 20, offset: 1, names: ["x1", "x2", "alcohol", "x4", "quality"])
        for dev in [false, true] {
            #expect(throws: issue("has no column 'x3', which the training features need, and has a column 'alcohol' that \(trainPath) lacks")) {
                try Self.prepare(scratch, train: train, test: renamed, dev: dev)
            }
        }
        // Only missing, only extra: each named on its own.
        let fewer = "x1,x2,x4,quality\n" + Self.wine(rows: 20, offset: 1, header: false).split(separator: "\n").map {
            let fields = $0.split(separator: ",")
            return [fields[0], fields[1], fields[3], fields[4]].joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        #expect(throws: issue("has no column 'x3', which the training features need")) {
            try Self.prepare(scratch, train: train, test: fewer)
        }
        let extra = Self.wine(rows: 20, offset: 1).split(separator: "\n").enumerated().map { "\($1),\($0 == 0 ? "batch" : "1")" }
            .joined(separator: "\n") + "\n"
        #expect(throws: issue("has a column 'batch' that \(trainPath) lacks")) {
            try Self.prepare(scratch, train: train, test: extra)
        }
    }

    @Test("files without a header, all numbers, are matched by position: header-less test files, with or without a header in training")
    func headerlessFilesMatchByPosition() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let withHeader = try Self.prepare(scratch, train: Self.wine(rows: 90, offset: 0), test: Self.wine(rows: 30, offset: 1))
        let headerless = try Self.prepare(scratch, train: Self.wine(rows: 90, offset: 0, header: false),
                                          test: Self.wine(rows: 30, offset: 1, header: false))
        #expect(headerless.featureNames == ["column 1", "column 2", "column 3", "column 4"])
        #expect(headerless.test == withHeader.test && headerless.train == withHeader.train)
        let headerlessTest = try Self.prepare(scratch, train: Self.wine(rows: 90, offset: 0), test: Self.wine(rows: 30, offset: 1, header: false))
        #expect(headerlessTest.test == withHeader.test)
        #expect(Self.testAccuracy(headerless) == Self.testAccuracy(withHeader))
    }
}
