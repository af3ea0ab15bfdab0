import Descent
import Foundation

/// The `csv-table` workload: preparing an MNIST-shaped table with 10 word columns and 2 % missing
/// cells (read as it comes, kinds learned, one-hot, imputed, standardized — `PreparedData`, as
/// `descent train` does) against an all-numeric file of the same shape prepared the same way.
struct CSVTableResult {
    var rows: Int
    var numericSeconds: [Double]
    var tableSeconds: [Double]
    /// The prepared table's inputs (784 − 10 + 10 × 12 one-hot columns).
    var tableInputs: Int

    var ratio: Double { median(tableSeconds) / median(numericSeconds) }

    static func run(rows: Int, repetitions: Int) throws -> CSVTableResult {
        let directory = FileManager.default.temporaryDirectory
        let numeric = directory.appendingPathComponent("descent-bench-\(getpid())-numeric.csv")
        let table = directory.appendingPathComponent("descent-bench-\(getpid())-table.csv")
        defer { for url in [numeric, table] { try? FileManager.default.removeItem(at: url) } }
        try CSVLoadResult.writeMNISTShaped(to: numeric, rows: rows)
        try CSVLoadResult.writeMNISTShaped(to: table, rows: rows, table: true)
        let clock = ContinuousClock()
        var result = CSVTableResult(rows: rows, numericSeconds: [], tableSeconds: [], tableInputs: 0)
        for _ in 0..<repetitions {
            for (url, isTable) in [(numeric, false), (table, true)] {
                let start = clock.now
                let prepared = try PreparedData(DataConfiguration(source: .file(path: url.path), labelColumn: "label"), seed: 0)
                let seconds = (clock.now - start).seconds
                if isTable {
                    result.tableSeconds.append(seconds)
                    result.tableInputs = prepared.featureCount
                } else {
                    result.numericSeconds.append(seconds)
                }
            }
        }
        return result
    }

    var json: JSONValue {
        .object([
            ("workload", .string("csv-table")), ("rows", .integer(rows)), ("columns", .integer(785)),
            ("numeric_median_s", .number(median(numericSeconds))), ("table_median_s", .number(median(tableSeconds))),
            ("ratio", .number(ratio)), ("table_inputs", .integer(tableInputs)),
        ])
    }

    var line: String {
        "csv-table        \(rows)×785 prepared: all numeric \(formatFixed(median(numericSeconds), digits: 3)) s, "
            + "10 word columns + 2 % missing \(formatFixed(median(tableSeconds), digits: 3)) s (\(tableInputs) inputs) "
            + "= \(formatFixed(ratio, digits: 2))× (median of \(tableSeconds.count))"
    }
}
