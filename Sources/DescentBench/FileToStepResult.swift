import Descent
import Foundation

/// The `file-to-step` workload (issue 27): what `descent train` and `descent describe` do with an
/// MNIST-shaped CSV (`CSVLoadResult.writeMNISTShaped`), timed in this process from the file's path
/// to the result — train: the settings made, the file read, split and standardized, one
/// full-batch step of every example (float32 and float64, no hidden layer, as
/// `Benchmarks/datapath_peers.py` runs it) and the final metrics; describe: the file read and every
/// column described. `Benchmarks/datapath_peers.py` times the same commands as processes, with
/// their peak memory, against `pandas.read_csv` (+ `describe()`) in the same run.
struct FileToStepResult {
    /// One command's timings.
    struct Row {
        var command: String
        var seconds: [Double]
        var median: Double { DescentBench.median(seconds) }
    }
    var rows: Int
    var bytes: Int
    var results: [Row]

    /// Generates the file (`rows` rows, removed afterwards) and times each command `repetitions` times, alternating.
    static func run(rows: Int, repetitions: Int) throws -> FileToStepResult {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-bench-\(getpid())-file-to-step.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try CSVLoadResult.writeMNISTShaped(to: url, rows: rows)
        let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        func train(_ precision: Precision) throws {
            let settings = try TrainingSettings(values: [("data", url.path), ("hidden", ""), ("epochs", "1"), ("batch-size", "\(rows)"),
                                                         ("precision", precision.rawValue)])
            let configuration = try settings.runConfiguration()
            let data = try PreparedData(configuration.data, seed: configuration.model.seed, precision: configuration.model.precision)
            switch precision {
            case .float32:
                var run = try TrainingRun<Float>(configuration, data: data)
                _ = run.fit()
            case .float64:
                var run = try TrainingRun<Double>(configuration, data: data)
                _ = run.fit()
            }
        }
        let commands: [(String, () throws -> Void)] = [
            ("train --hidden \"\" --epochs 1 --batch-size \(rows) --precision float32", { try train(.float32) }),
            ("train … --precision float64", { try train(.float64) }),
            ("describe", { _ = try DataFileDescription(DataConfiguration(source: .file(path: url.path))) }),
        ]
        var seconds = commands.map { _ in [Double]() }
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            for (index, command) in commands.enumerated() {
                let start = clock.now
                try command.1()
                seconds[index].append((clock.now - start).seconds)
            }
        }
        return FileToStepResult(rows: rows, bytes: bytes, results: zip(commands, seconds).map { Row(command: $0.0, seconds: $1) })
    }

    var json: JSONValue {
        .object([
            ("workload", .string("file-to-step")), ("rows", .integer(rows)), ("bytes", .integer(bytes)),
            ("commands", .array(results.map { .object([("command", .string($0.command)), ("median_s", .number($0.median)),
                                                        ("all_s", .array($0.seconds.map { .number($0) }))]) })),
        ])
    }

    var lines: [String] {
        ["file-to-step     \(rows)×785 MNIST-shaped CSV (\(formatFixed(Double(bytes) / 1e6, digits: 1)) MB), file to result in this process:"]
            + results.map { "  \($0.command.padding(toLength: 70, withPad: " ", startingAt: 0))median \(formatFixed($0.median, digits: 3)) s (n=\($0.seconds.count))" }
    }
}
