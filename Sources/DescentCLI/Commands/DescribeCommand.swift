import ArgumentParser
import Descent
import Foundation

/// `descent describe`: what to check in a data file before training on it.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a CSV file: rows, features, the label's classes (or target range), per-feature statistics, constant columns.",
        discussion: """
            Reads the file as `descent train` does (the same header, label and number rules; gzip and \
            standard input too). A feature cell that is not a finite number (text, empty, NaN) is \
            counted per column with the first one's line instead of stopping the read; the statistics \
            cover the finite values.
            Example:
              descent describe --data train.csv --label digit
            """)

    @Option(help: "A CSV file (gzip-compressed too), or - for standard input.")
    var data: String

    @Option(help: "The label column (default: a column named 'label', else the last column).")
    var label: String?

    @Option(help: "CSV field delimiter (one ASCII character; use '\\t' for tabs).")
    var delimiter: String = ","

    @Option(help: "Classification (class counts) or regression (target statistics).")
    var task: DataConfiguration.Task = .classification

    @Option(help: "Feature rows printed in the text table (0: all).")
    var limit: Int = 20

    @Flag(help: "Print one JSON object {rows, features, label, classes | target, columns, constant} instead of text.")
    var json = false

    func validate() throws {
        try validateDelimiter(delimiter)
        if limit < 0 { throw ValidationError("--limit: must be non-negative, got \(limit)") }
    }

    func run() throws {
        var options = CSVLoadingOptions(labels: task == .regression ? .targets : .classes, delimiter: csvDelimiter(delimiter) ?? ",")
        options.invalidCells = .markAsNaN
        if let label { options.labelColumn = .named(label) }
        let table = try CSVTable<Double>(contentsOf: URL(fileURLWithPath: data), options: options)
        let description = DataDescription(table)
        let name = DataSource.file(path: data).displayName
        if json {
            print(jsonObject(description).text)
            return
        }
        print("\(name): \(description.rows) rows, \(description.features.count) features, label column '\(description.labelName)'")
        if let classes = description.classes {
            print("classes (\(classes.count)): " + classes.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
        }
        if let target = description.target {
            print("target: min \(target.minimum)  max \(target.maximum)  mean \(target.mean)  std \(target.standardDeviation)")
        }
        if !description.invalidCells.isEmpty {
            let total = description.invalidCells.reduce(0) { $0 + $1.count }
            print("cells that are not finite numbers (\(total) in \(description.invalidCells.count) feature\(description.invalidCells.count == 1 ? "" : "s"); "
                + "descent train stops at the first):")
            for cells in description.invalidCells.prefix(limit == 0 ? Int.max : limit) {
                print("  \(cells.feature): \(cells.count), first at line \(cells.firstLine): \"\(cells.firstValue)\"")
            }
        }
        let constant = description.constantFeatures
        if !constant.isEmpty {
            let shown = constant.prefix(12).joined(separator: ", ") + (constant.count > 12 ? ", …" : "")
            print("constant features (\(constant.count), no information; they standardize to 0): \(shown)")
        }
        let width = max(7, description.features.prefix(limit == 0 ? Int.max : limit).map(\.name.count).max() ?? 0)
        print("feature".padding(toLength: width, withPad: " ", startingAt: 0) + "  min           max           mean          std")
        for feature in description.features.prefix(limit == 0 ? Int.max : limit) {
            let cells = [feature.minimum, feature.maximum, feature.mean, feature.standardDeviation]
                .map { String(format: "%-13.6g", $0) }.joined(separator: " ")
            print(feature.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cells)
        }
        if limit > 0 && description.features.count > limit {
            print("… \(description.features.count - limit) more (--limit 0 lists every feature, --json gives them all)")
        }
    }

    func jsonObject(_ description: DataDescription) -> JSON {
        func summary(_ column: DataDescription.ColumnSummary) -> JSON {
            .object([("name", .string(column.name)), ("min", .number(column.minimum)), ("max", .number(column.maximum)),
                     ("mean", .number(column.mean)), ("std", .number(column.standardDeviation))])
        }
        var members: [(String, JSON)] = [
            ("file", .string(DataSource.file(path: data).displayName)), ("rows", .integer(description.rows)),
            ("features", .integer(description.features.count)), ("label", .string(description.labelName)),
        ]
        if let classes = description.classes {
            members.append(("classes", .object(classes.map { ($0.name, .integer($0.count)) })))
        }
        if let target = description.target { members.append(("target", summary(target))) }
        members.append(("constant", .array(description.constantFeatures.map { .string($0) })))
        members.append(("invalid_cells", .array(description.invalidCells.map { cells in
            .object([("feature", .string(cells.feature)), ("count", .integer(cells.count)), ("first_line", .integer(cells.firstLine)),
                     ("first_value", .string(cells.firstValue))])
        })))
        members.append(("columns", .array(description.features.map(summary))))
        return .object(members)
    }
}
