import DescentCLI
import Foundation
import Testing
@testable import Descent

@Suite struct SearchDimensionTests {
    /// `count` draws of `spec`, from a study-like generator.
    func draws(_ spec: String, count: Int = 20_000) throws -> [String] {
        let dimension = try SearchDimension("x=\(spec)")
        var random = FastRandom(seed: 11)
        return (0..<count).map { _ in dimension.sample(using: &random) }
    }

    /// Counts of `values` in `bins` equal bins of [low, high).
    func histogram(_ values: [Double], low: Double, high: Double, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[min(bins - 1, Int((value - low) / (high - low) * Double(bins)))] += 1 }
        return counts
    }

    @Test func logUniformIsUniformInTheExponent() throws {
        let values = try draws("log:1e-4..1e-1").map { Double($0)! }
        #expect(values.allSatisfy { $0 >= 1e-4 && $0 <= 1e-1 })
        // Each decade gets a third of the draws (a linear-uniform draw would put 90 % in the last one).
        let decades = histogram(values.map(log10), low: -4, high: -1, bins: 3)
        #expect(decades.allSatisfy { abs(Double($0) / 20_000 - 1.0 / 3) < 0.02 }, "\(decades)")
        let fine = histogram(values.map(log10), low: -4, high: -1, bins: 10)
        #expect(fine.allSatisfy { abs(Double($0) - 2_000) < 200 }, "\(fine)")
    }

    @Test func theOtherFormsDrawWhatTheySay() throws {
        let uniform = try draws("0.5..1").map { Double($0)! }
        #expect(histogram(uniform, low: 0.5, high: 1, bins: 5).allSatisfy { abs($0 - 4_000) < 300 })
        let integers = try draws("int:16..20").map { Int($0)! }
        #expect(Set(integers) == Set(16...20))
        #expect(Dictionary(grouping: integers, by: { $0 }).values.allSatisfy { abs($0.count - 4_000) < 300 })
        let betas = try draws("1-log:0.001..0.1").map { Double($0)! }
        #expect(betas.allSatisfy { $0 >= 0.9 && $0 <= 0.999 })
        let exponents = betas.map { log10(1 - $0) }
        #expect(histogram(exponents, low: -3, high: -1, bins: 4).allSatisfy { abs($0 - 5_000) < 350 })
        let choices = try draws("64|128,64|256,128")
        #expect(Set(choices) == ["64", "128,64", "256,128"])
        // Printed values read back as the same doubles.
        for text in try draws("log:1e-5..1", count: 100) { #expect("\(Double(text)!)" == text) }
    }

    @Test func gridValuesAndStudyTrialsAreFunctionsOfTheIndex() throws {
        #expect(try SearchDimension("a=log:1e-3..1e-1").gridValues(points: 3).map { Double($0)! }.map { ($0 * 1e6).rounded() / 1e6 } == [0.001, 0.01, 0.1])
        #expect(try SearchDimension("b=int:1..3").gridValues(points: 5) == ["1", "2", "3"])
        #expect(try SearchDimension("c=x|y").gridValues(points: 3) == ["x", "y"])
        let grid = try StudyDefinition(method: .grid, space: [try SearchDimension("batch-size=int:1..3"), try SearchDimension("activation=x|y")], fixed: TrainingSettings(), seed: 0)
        #expect(grid.gridSize == 6)
        #expect((0..<6).map { grid.values(forTrial: $0).map(\.value) } == [["1", "x"], ["1", "y"], ["2", "x"], ["2", "y"], ["3", "x"], ["3", "y"]])
        let random = try StudyDefinition(method: .random, space: [try SearchDimension("learning-rate=log:1e-4..1")], fixed: TrainingSettings(), seed: 7)
        let first = (0..<50).map { random.values(forTrial: $0)[0].value }
        #expect((0..<50).reversed().map { random.values(forTrial: $0)[0].value } == first.reversed(), "any order, the same values")
        #expect(Set(first).count == 50)
        let other = try StudyDefinition(method: .random, space: random.space, fixed: TrainingSettings(), seed: 8)
        #expect(other.values(forTrial: 0)[0].value != first[0])
    }

    @Test func refiningNarrowsAroundTheBestValuesInsideTheOldRange() throws {
        #expect(try SearchDimension("lr=log:1e-4..1").refinedSpec(around: ["0.001", "0.01"]) == "log:0.00039810717055349735..0.025118864315095794")
        #expect(try SearchDimension("p=0..1").refinedSpec(around: ["0.5", "0.6"]) == "0.4..0.7")
        #expect(try SearchDimension("p=0..1").refinedSpec(around: ["0.02"]) == "0.0..0.12000000000000001")
        #expect(try SearchDimension("n=int:10..100").refinedSpec(around: ["40", "50"]) == "int:31..59")
        #expect(try SearchDimension("o=gd|momentum|adam").refinedSpec(around: ["adam", "gd"]) == "gd|adam")
        let beta = try SearchDimension("b=1-log:0.001..0.1").refinedSpec(around: ["0.99"])
        let refined = try SearchDimension("b=\(beta)")
        var random = FastRandom(seed: 1)
        for _ in 0..<100 { let value = Double(refined.sample(using: &random))!; #expect(value > 0.97 && value < 0.997) }
    }

    @Test func badSpecsAreNamed() {
        func error(_ text: String) -> String? {
            do { _ = try SearchDimension(text); return nil } catch { return error.description }
        }
        #expect(error("learning-rate") == "learning-rate: write NAME=SPEC, e.g. learning-rate=log:1e-4..1e-1")
        #expect(error("=log:1..2") == "=log:1..2: the name is empty")
        #expect(error("l2=") == "l2=: the spec is empty")
        #expect(error("l2=0.1..0.1") == "l2=0.1..0.1: the range is empty or inverted (0.1 ≥ 0.1)")
        #expect(error("l2=1..0") == "l2=1..0: the range is empty or inverted (1.0 ≥ 0.0)")
        #expect(error("lr=log:0..1") == "lr=log:0..1: a log range must be above 0")
        #expect(error("lr=log:-1..1") == "lr=log:-1..1: a log range must be above 0")
        #expect(error("beta=1-log:0.1..1") != nil)
        #expect(error("batch-size=int:1.5..4") == "batch-size=int:1.5..4: an int range needs whole numbers")
        #expect(error("optimizer=adam||gd") == "optimizer=adam||gd: a choice has no value (A|B|C)")
        #expect(error("l2=a..b") == "l2=a..b: expected LOW..HIGH with two finite numbers")
        // A misspelt prefix is named, with the known ones (it used to read as a uniform range of non-numbers).
        #expect(error("learning-rate=lgo:1e-4..1e-1")
            == "learning-rate=lgo:1e-4..1e-1: unknown prefix \"lgo:\": the known ones are log:, 1-log:, int: (none for a uniform LOW..HIGH)")
        #expect(error("batch-size=Int:1..4")?.contains("unknown prefix \"Int:\"") == true)
        #expect((try? SearchDimension("activation=relu|leaky:0.1"))?.distribution == .choice(["relu", "leaky:0.1"]))
        #expect((try? StudyDefinition(method: .random, space: [], fixed: TrainingSettings(), seed: 0)) == nil)
        #expect((try? StudyDefinition(method: .random, space: [try! SearchDimension("l2=1..2"), try! SearchDimension("l2=3..4")], fixed: TrainingSettings(), seed: 0)) == nil)
    }

    @Test("a flag is searched as on|off: a grid's trials train with and without it, and the best's command names it only when on")
    func flagsAreSearchedOnAndOff() throws {
        let definition = try StudyDefinition(method: .grid, space: [try SearchDimension("batch-norm=on|off")],
                                             fixed: try TrainingSettings(values: [("data", "moons"), ("batch-size", "64")]), seed: 0)
        let trials = try (0..<definition.gridSize).map { try definition.settings(for: definition.task(trial: $0)) }
        #expect(trials.map(\.batchNorm) == [true, false])
        #expect(trials.map(\.command) == ["descent train --data moons --batch-size 64 --batch-norm", "descent train --data moons --batch-size 64"])
        #expect(try trials[0].runConfiguration().model.normalization == .batch)
    }

    @Test func theJournalDropsATornLineAndKeepsTheFirstOfDuplicates() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-study-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let definition = try StudyDefinition(method: .random, space: [try SearchDimension("learning-rate=log:1e-3..1")], fixed: try TrainingSettings(arguments: ["--data", "moons"]), seed: 1)
        try StudyJournal.create(url, definition: definition)
        func record(_ trial: Int, _ accuracy: Double) -> TrialRecord {
            TrialRecord(trial: trial, values: [.init(name: "lr", value: "0.1")], metrics: ["dev_accuracy": accuracy, "dev_cost": .nan],
                        epochs: 3, seconds: 0.5, stopped: "completed")
        }
        try StudyJournal.append(record(0, 0.5), to: url)
        try StudyJournal.append(record(1, 0.75), to: url)
        try StudyJournal.append(record(0, 0.9), to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"trial":{"trial":2,"val"#.utf8))
        try handle.close()
        let read = try #require(try StudyJournal.read(url))
        #expect(read.definition == definition)
        #expect(read.records.map(\.trial) == [0, 1] && read.records[0].metrics["dev_accuracy"] == 0.5)
        #expect(read.records[0].metrics["dev_cost"]!.isNaN)
        // The torn line is gone from the file, so the next append starts a line of its own.
        try StudyJournal.append(record(2, 0.6), to: url)
        #expect(try #require(try StudyJournal.read(url)).records.map(\.trial) == [0, 1, 2])
        #expect(TrialRecord.ranked(try #require(try StudyJournal.read(url)).records).map(\.trial) == [1, 2, 0])
    }

    @Test("ranking: equal scores by dev cost, a NaN or missing cost last, whatever order the records come in")
    func rankingIsATotalOrderWithNaNCosts() {
        func record(_ trial: Int, _ cost: Double?) -> TrialRecord {
            TrialRecord(trial: trial, values: [], metrics: ["dev_accuracy": 0.9].merging(cost.map { ["dev_cost": $0] } ?? [:]) { a, _ in a },
                        epochs: 1, seconds: 0, stopped: "completed")
        }
        let records = [record(0, .nan), record(1, 0.3), record(2, nil), record(3, 0.1), record(4, .nan)]
        var random = FastRandom(seed: 3)
        for _ in 0..<20 {
            var shuffled = records
            for i in shuffled.indices.reversed() { shuffled.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            #expect(TrialRecord.ranked(shuffled).map(\.trial) == [3, 1, 0, 2, 4])
        }
    }
}
