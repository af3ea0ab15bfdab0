import ArgumentParser
import Descent
import Foundation

/// `descent describe`: what to check in a data file before training on it.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a CSV file: rows, features, the label's classes (or target range), column kinds, missing cells, per-feature statistics.",
        discussion: """
            Reads the file as `descent train` does (the same header, label, number and missing-cell rules; \
            gzip and standard input too) and shows how train would encode its columns over all rows: \
            numeric, categorical (one-hot), left out (constant, identifier-like), with the missing cells \
            and text columns per feature and the first one's line. The statistics cover the numbers.
            Example:
              descent describe --data train.csv --label digit
            """)

    @Option(help: "A CSV file (gzip-compressed too), or - for standard input.")
    var data: String

    @Option(help: "The label column (default: a column named 'label', else the last column).")
    var label: String?

    @Option(help: delimiterHelp)
    var delimiter: String?

    @Option(help: "Classification (class counts) or regression (target statistics).")
    var task: DataConfiguration.Task = .classification

    @Option(help: "Feature rows printed in the text table (0: all).")
    var limit: Int = 20

    @Flag(help: "Print one JSON object {rows, features, label, classes | target, encoding, missing_cells, text_columns, columns, constant} instead of text.")
    var json = false

    @OptionGroup(title: "Table columns")
    var table: TableOptions

    func validate() throws {
        try validateDelimiter(delimiter)
        if limit < 0 { throw ValidationError("--limit: must be non-negative, got \(limit)") }
    }

    func run() throws {
        var options = CSVLoadingOptions(labels: task == .regression ? .targets : .classes, delimiter: csvDelimiter(delimiter, file: data) ?? ",")
        let tabular = table.configuration
        options.invalidCells = .tabular(tabular.missingValues)
        if let label { options.labelColumn = .named(label) }
        let name = DataSource.file(path: data).displayName
        let loaded = try CSVTable<Double>(contentsOf: URL(fileURLWithPath: data), options: options)
        let description = DataDescription(loaded)
        // How train would encode the columns (learned on every row here; train uses its training split).
        let encoding = Result { () throws(DataPreparationIssue) in try TabularEncoder(fittedOn: loaded, options: tabular, fileName: name) }
        if json {
            print(jsonObject(description, encoding: encoding).text)
            return
        }
        print("\(name): \(description.rows) rows, \(description.features.count) features, label column '\(description.labelName)'")
        if let classes = description.classes {
            print("classes (\(classes.count)): " + classes.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
        }
        if let target = description.target {
            print("target: min \(target.minimum)  max \(target.maximum)  mean \(target.mean)  std \(target.standardDeviation)")
        }
        if let missing = description.missingLabels {
            print("missing labels: \(missing.count), first at line \(missing.firstLine) (train stops unless --drop-missing-labels)")
        }
        switch encoding {
        case .success(let encoder): print("columns as train encodes them:\n" + encoder.summary.map { "  " + $0 }.joined(separator: "\n"))
        case .failure(let issue): print("columns: train would stop: \(issue.optionText)")
        }
        let shown = limit == 0 ? Int.max : limit
        if !description.missingCells.isEmpty {
            let total = description.missingCells.reduce(0) { $0 + $1.count }
            print("missing cells (\(total) in \(description.missingCells.count) feature\(description.missingCells.count == 1 ? "" : "s")):")
            for cells in description.missingCells.prefix(shown) {
                print("  \(cells.feature): \(cells.count), first at line \(cells.firstLine): \"\(cells.firstValue)\"")
            }
        }
        if !description.textColumns.isEmpty {
            print("text columns (\(description.textColumns.count)):")
            for column in description.textColumns.prefix(shown) {
                print("  \(column.name): \(column.distinct) distinct, first at line \(column.firstLine): \"\(column.firstValue)\"")
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

    func jsonObject(_ description: DataDescription, encoding: Result<TabularEncoder, DataPreparationIssue>) -> JSON {
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
        switch encoding {
        case .success(let encoder):
            members.append(("encoding", .object([("inputs", .integer(encoder.featureNames.count)),
                                                 ("summary", .array(encoder.summary.map { .string($0) }))])))
        case .failure(let issue):
            members.append(("encoding", .object([("error", .string(issue.optionText))])))
        }
        members.append(("missing_cells", .array(description.missingCells.map { cells in
            .object([("feature", .string(cells.feature)), ("count", .integer(cells.count)), ("first_line", .integer(cells.firstLine)),
                     ("first_value", .string(cells.firstValue))])
        })))
        members.append(("text_columns", .array(description.textColumns.map { column in
            .object([("feature", .string(column.name)), ("distinct", .integer(column.distinct)), ("first_line", .integer(column.firstLine)),
                     ("first_value", .string(column.firstValue))])
        })))
        members.append(("columns", .array(description.features.map(summary))))
        return .object(members)
    }
}
