import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// `--task auto`: the task the labels imply, never a silent guess — and silent where the labels are
/// plainly classes.
@Suite struct TaskInferenceTests {
    @Test("numbers that are not whole are a regression; a handful of classes stays classification; many whole numbers stop and ask")
    func rules() throws {
        let mpg = try TaskInference(classNames: ["18", "17.5", "21"], examples: 300, labelName: "mpg", file: "cars.csv")
        #expect(mpg.task == .regression && mpg.reason == "the label 'mpg' holds numbers that are not whole (e.g. 17.5)")
        // Silent on what is plainly classes: digits, text, 0/1 written as 0.0/1.0, 20 classes of 3 examples.
        #expect(try TaskInference(classNames: (0..<10).map(String.init), examples: 1797, labelName: "digit", file: "d.csv").task == .classification)
        #expect(try TaskInference(classNames: ["cat", "dog"], examples: 4, labelName: "y", file: "p.csv").task == .classification)
        #expect(try TaskInference(classNames: ["0.0", "1.0"], examples: 50, labelName: "y", file: "p.csv").task == .classification)
        #expect(try TaskInference(classNames: (0..<20).map(String.init), examples: 60, labelName: "y", file: "p.csv").task == .classification)
        // Many distinct whole numbers (prices in dollars) or text values with few rows each: ask.
        let prices = (0..<400).map { "\(10_000 + $0 * 37)" }
        #expect(throws: DataPreparationIssue.self) { try TaskInference(classNames: prices, examples: 500, labelName: "price", file: "h.csv") }
        do {
            _ = try TaskInference(classNames: prices, examples: 500, labelName: "price", file: "h.csv")
        } catch {
            #expect(error.field == "task")
            #expect(error.message.contains("'price' has 400 distinct whole numbers in 500 rows")
                && error.message.contains("--task regression, or --task classification to train 400 classes"))
        }
        // The same number of classes with enough examples each is classification.
        #expect(try TaskInference(classNames: prices, examples: 4000, labelName: "price", file: "h.csv").task == .classification)
    }

    @Test("a table whose label is a continuous quantity trains a regression by default, in the target's numbers, with a note")
    func preparedDataInfersRegression() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        var random = FastRandom(seed: 3)
        var lines = ["weight,cylinders,mpg"]
        for _ in 0..<200 {
            let weight = 1500 + 3000 * random.nextUniform(), cylinders = [4, 6, 8][Int(random.nextUniform() * 3)]
            let mpg = ((46 - weight / 150 - Double(cylinders)) * 2).rounded() / 2
            lines.append("\(Int(weight)),\(cylinders),\(mpg)")
        }
        let url = try scratch.file("cars.csv", lines.joined(separator: "\n") + "\n")
        let data = try PreparedData(DataConfiguration(source: .file(path: url.path), devFraction: 0.2, task: .auto), seed: 1)
        #expect(data.loss == .meanSquaredError && data.classNames == nil && data.outputSize == 1)
        #expect(data.notes.contains { $0.contains("the label 'mpg' holds numbers that are not whole") && $0.contains("training a regression") })
        // The network fits them standardized; mapped back, they are the mpg values themselves.
        let targets = data.inTargetUnits(data.train.labels).elements + data.inTargetUnits(data.dev!.labels).elements
        #expect(targets.allSatisfy { abs($0 * 2 - ($0 * 2).rounded()) < 1e-9 } && Set(targets.map { ($0 * 2).rounded() }).count > 20,
                "the targets are the mpg values themselves")
        // Asked for classification, it is (every distinct value a class), as before.
        let classes = try PreparedData(DataConfiguration(source: .file(path: url.path), task: .classification), seed: 1)
        #expect(classes.loss == .categoricalCrossEntropy && (classes.classNames?.count ?? 0) > 20)
        // A course dataset is classification under auto.
        #expect(try PreparedData(DataConfiguration(source: .course(.moons), task: .auto), seed: 1).loss == .binaryCrossEntropy)
        // describe says what train infers, and why.
        let described = try DataFileDescription(DataConfiguration(source: .file(path: url.path), task: .auto))
        #expect(described.text(limit: 5).contains("task: regression, as train infers it: the label 'mpg' holds numbers that are not whole"))
        #expect(described.description.target != nil && described.description.classes == nil)
    }
}
