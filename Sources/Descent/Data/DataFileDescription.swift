import Foundation

/// A data file described as training would read it (`descent describe`): the table read with the
/// configuration's CSV rules (`PreparedData`'s: label column, task, delimiter, missing-cell
/// spellings; gzip and `-` for standard input too), its `DataDescription`, and how the tabular
/// encoder would encode its columns, learned on the rows `train` learns it on: every row, or with
/// `testFraction`/`devFraction` the training split `PreparedData` makes with the same seed.
public struct DataFileDescription: Sendable {
    /// The file as messages name it (`<stdin>` for `-`).
    public var name: String
    /// Rows, classes or target, per-feature statistics, missing cells and text columns.
    public var description: DataDescription
    /// The encoder fitted with the configuration's `TabularOptions`, or why training would stop.
    public var encoding: Result<TabularEncoder, DataPreparationIssue>
    /// With the `auto` task: the task train would infer and why, or why it would stop and ask.
    public var inferredTask: Result<TaskInference, DataPreparationIssue>?

    /// The number of training rows the encoding was learned on (all rows without held-out fractions).
    public var trainingRows: Int

    /// Reads `configuration.source` (a CSV file; a course dataset is not a file) and describes it;
    /// `seed` draws the held-out splits as `train --seed` does (`TrainingSettings.seed`'s default).
    public init(_ configuration: DataConfiguration, seed: UInt32 = TrainingSettings().seed) throws(DataLoadingError) {
        guard case .file(let path, _) = configuration.source else { preconditionFailure("A course dataset is not a file.") }
        name = configuration.source.displayName
        var table = try CSVTable<Double>(contentsOf: URL(fileURLWithPath: path), options: configuration.csvLoadingOptions)
        if configuration.task == .auto, let names = table.classNames {
            let name = name
            let inference = Result { () throws(DataPreparationIssue) in
                try TaskInference(classNames: names, examples: table.count, labelName: table.labelName, file: name)
            }
            inferredTask = inference
            if case .success(let inferred) = inference, inferred.task == .regression {
                // Read again as train then reads it: the labels as numeric targets.
                var regression = configuration
                regression.task = .regression
                table = try CSVTable<Double>(contentsOf: URL(fileURLWithPath: path), options: regression.csvLoadingOptions)
            }
        }
        description = DataDescription(table)
        let name = name
        // The table holds class names exactly when train classifies it (a regression's labels are read as numbers).
        let rows = Result { () throws(DataPreparationIssue) in
            try HeldOutRows(labels: table.labels, testFraction: configuration.testFraction, devFraction: configuration.devFraction, seed: seed,
                            classNames: table.classNames, classifying: table.classNames != nil, fileName: name).train
        }
        trainingRows = (try? rows.get())??.count ?? table.count
        encoding = Result { () throws(DataPreparationIssue) in
            try TabularEncoder(fittedOn: table, rows: rows.get(), options: configuration.tabular, fileName: name)
        }
    }

    /// The report `descent describe` prints: size and label, the task train infers, classes or target
    /// (with the standardization train fits a regression's target with), missing labels, the
    /// columns as encoded, missing cells and text columns (at most `limit` of each, 0: all), the
    /// constant features and a table of the first `limit` features' min, max, mean μ and population
    /// standard deviation σ = √(Σ(x − μ)²/m). `issueText` words an encoding issue (default: its description).
    public func text(limit: Int, issueText: (DataPreparationIssue) -> String = \.description) -> String {
        var lines = ["\(name): \(description.rows) rows, \(description.features.count) features, label column '\(description.labelName)'"]
        switch inferredTask {
        case .success(let inferred)?: lines.append("task: \(inferred.task.rawValue), as train infers it: \(inferred.reason) (--task sets it)")
        case .failure(let issue)?: lines.append("task: train would stop and ask: \(issueText(issue))")
        case nil: break
        }
        if let classes = description.classes {
            lines.append("classes (\(classes.count)): " + classes.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
        }
        if let target = description.target {
            lines.append("target: min \(target.minimum)  max \(target.maximum)  mean \(target.mean)  std \(target.standardDeviation)")
            // What train fits by default (PreparedData's target scaling), with these rows' statistics.
            let scale = target.standardDeviation > 0 ? Markup.significant(target.standardDeviation, digits: 6) : "1 (constant)"
            lines.append("train fits the target standardized, (y − \(Markup.significant(target.mean, digits: 6))) / \(scale) with every row here "
                + "(its training split's mean and std when rows are held out), and reports predictions and RMSE in its units "
                + "(--target-scaling none fits it as it is)")
        }
        if let missing = description.missingLabels {
            lines.append("missing labels: \(missing.count), first at line \(missing.firstLine) (train stops unless --drop-missing-labels)")
        }
        switch encoding {
        case .success(let encoder):
            let learned = trainingRows == description.rows ? "" : " (learned on the \(trainingRows) training rows that the held-out fractions leave)"
            lines.append("columns as train encodes them\(learned):\n" + encoder.summary.map { "  " + $0 }.joined(separator: "\n"))
        case .failure(let issue): lines.append("columns: train would stop: \(issueText(issue))")
        }
        let shown = limit == 0 ? Int.max : limit
        if !description.missingCells.isEmpty {
            let total = description.missingCells.reduce(0) { $0 + $1.count }
            lines.append("missing cells (\(total) in \(description.missingCells.count) feature\(description.missingCells.count == 1 ? "" : "s")):")
            for cells in description.missingCells.prefix(shown) {
                lines.append("  \(cells.feature): \(cells.count), first at line \(cells.firstLine): \"\(cells.firstValue)\"")
            }
        }
        if !description.textColumns.isEmpty {
            lines.append("text columns (\(description.textColumns.count)):")
            for column in description.textColumns.prefix(shown) {
                lines.append("  \(column.name): \(column.distinct) distinct, first at line \(column.firstLine): \"\(column.firstValue)\"")
            }
        }
        let constant = description.constantFeatures
        if !constant.isEmpty {
            let names = constant.prefix(12).joined(separator: ", ") + (constant.count > 12 ? ", …" : "")
            lines.append("constant features (\(constant.count), no information; they standardize to 0): \(names)")
        }
        let width = max(7, description.features.prefix(shown).map(\.name.count).max() ?? 0)
        lines.append("feature".padding(toLength: width, withPad: " ", startingAt: 0) + "  min           max           mean          std")
        let text = Dictionary(description.textColumns.map { ($0.name, $0.distinct) }, uniquingKeysWith: { first, _ in first })
        for feature in description.features.prefix(shown) {
            // A text column has no statistics to show: its distinct values instead of NaN.
            let cells = text[feature.name].map { "text, \($0) distinct values" } ?? [feature.minimum, feature.maximum, feature.mean,
                                                                                    feature.standardDeviation]
                .map { String(format: "%-13.6g", $0) }.joined(separator: " ")
            lines.append(feature.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cells)
        }
        if limit > 0 && description.features.count > limit {
            lines.append("… \(description.features.count - limit) more (--limit 0 lists every feature, --json gives them all)")
        }
        return lines.joined(separator: "\n")
    }

    /// The object `descent describe --json` prints: `file`, `rows`, `features`, `label`, `classes`
    /// {name: count} or `target` {name, min, max, mean, std}, `constant`, `encoding` {inputs, training_rows, summary}
    /// or {error}, `missing_cells`, `text_columns` and `columns` (every feature's summary).
    /// `issueText` words an encoding issue (default: its description).
    public func json(issueText: (DataPreparationIssue) -> String = \.description) -> JSONValue {
        func summary(_ column: DataDescription.ColumnSummary) -> JSONValue {
            .object([("name", .string(column.name)), ("min", .number(column.minimum)), ("max", .number(column.maximum)),
                     ("mean", .number(column.mean)), ("std", .number(column.standardDeviation))])
        }
        var members: [(key: String, value: JSONValue)] = [
            ("file", .string(name)), ("rows", .integer(description.rows)),
            ("features", .integer(description.features.count)), ("label", .string(description.labelName)),
        ]
        switch inferredTask {
        case .success(let inferred)?:
            members.append(("task", .object([("inferred", .string(inferred.task.rawValue)), ("reason", .string(inferred.reason))])))
        case .failure(let issue)?: members.append(("task", .object([("error", .string(issueText(issue)))])))
        case nil: break
        }
        if let classes = description.classes {
            members.append(("classes", .object(classes.map { ($0.name, .integer($0.count)) })))
        }
        if let target = description.target { members.append(("target", summary(target))) }
        members.append(("constant", .array(description.constantFeatures.map { .string($0) })))
        switch encoding {
        case .success(let encoder):
            members.append(("encoding", .object([("inputs", .integer(encoder.featureNames.count)), ("training_rows", .integer(trainingRows)),
                                                 ("summary", .array(encoder.summary.map { .string($0) }))])))
        case .failure(let issue):
            members.append(("encoding", .object([("error", .string(issueText(issue)))])))
        }
        members.append(("missing_cells", .array(description.missingCells.map { cells in
            .object([("feature", .string(cells.feature)), ("count", .integer(cells.count)), ("first_line", .integer(cells.firstLine)),
                     ("first_value", .string(cells.firstValue))])
        })))
        members.append(("text_columns", .array(description.textColumns.map { column in
            .object([("feature", .string(column.name)), ("distinct", .integer(column.distinct)), ("first_line", .integer(column.firstLine)),
                     ("first_value", .string(column.firstValue))])
        })))
        // Each column as data: its statistics and, when the encoder could be fitted, how train encodes it
        // (kind, categories or fill value; or why it is left out).
        let encoder = try? encoding.get()
        members.append(("columns", .array(description.features.map { feature in
            guard case .object(var fields) = summary(feature) else { return summary(feature) }
            if let column = encoder?.columns.first(where: { $0.name == feature.name }) {
                switch column.encoding {
                case .numeric(let fill, let indicator):
                    fields += [("kind", .string("numeric")), ("fill", .number(fill)), ("missing_indicator", .bool(indicator))]
                case .categorical(let categories, let missingCategory):
                    fields += [("kind", .string("categorical")), ("categories", .array(categories.map { .string($0) })),
                               ("missing_category", .bool(missingCategory))]
                }
                fields.append(("missing", .integer(column.missingCount)))
            } else if let excluded = encoder?.excluded.first(where: { $0.name == feature.name }) {
                fields += [("kind", .string("left out")), ("reason", .string(excluded.reason.rawValue))]
            }
            return .object(fields)
        })))
        return .object(members)
    }
}
