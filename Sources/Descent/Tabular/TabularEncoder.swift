/// The preprocessing of a table as it comes — column kinds, one-hot categories, imputed missing
/// cells — learned on the training split and applied to any table with the same columns (in any
/// order). It encodes to JSON and is stored in the model file, so `predict` takes raw rows.
///
/// ```swift
/// var options = CSVLoadingOptions(); options.invalidCells = .tabular(MissingValueTokens())
/// let table = try CSVTable<Double>(contentsOf: url, options: options)
/// let encoder = try TabularEncoder(fittedOn: table, rows: trainRows, options: TabularOptions(), fileName: "passengers.csv")
/// let (features, warnings) = try encoder.transform(table, fileName: "passengers.csv")  // (featureNames.count, m)
/// ```
///
/// Column kinds, inferred on the training rows unless `TabularOptions` says otherwise:
/// - **numeric**: every cell a number or missing. Missing cells are filled with the training mean
///   (or median, or 0), optionally with a 0/1 indicator column `name (missing)`.
/// - **categorical**: any text cell (`male`, `yes`, `3rd`), or named in `categorical`. One 0/1
///   column `name=category` per category of the training rows, sorted, plus `name=missing` when
///   the training rows had missing cells. A category the training rows lacked encodes as all zeros
///   and is reported in a warning (count and first row), never an error.
/// - **constant** (one value and no missing cell in the training rows) and **identifier-like**
///   columns (a distinct text per row, or distinct integers named like an id or an index or
///   reading as row numbers in any order or subset, more than `maxCategories` of them —
///   `looksLikeIdentifier`) are left out with a note saying how to keep one; a text column with
///   more than `maxCategories` categories is an error suggesting `ignore`.
public struct TabularEncoder: Sendable, Equatable, Codable {
    /// How one input column becomes output columns.
    public enum Encoding: Sendable, Equatable, Codable {
        /// One column: the value, or `fill` where missing; plus a 0/1 missing-indicator column.
        case numeric(fill: Double, indicator: Bool)
        /// One 0/1 column per category, plus `name=missing` when `missingCategory`.
        case categorical(categories: [String], missingCategory: Bool)
    }

    /// An input column and its encoding.
    public struct Column: Sendable, Equatable, Codable {
        /// The column's header name.
        public var name: String
        /// How it becomes output columns.
        public var encoding: Encoding
        /// Missing cells among the training rows (for the summary).
        public var missingCount: Int
    }

    /// A column of the training table that is not a feature, and why.
    public struct ExcludedColumn: Sendable, Equatable, Codable {
        /// Why a column is not a feature.
        public enum Reason: String, Sendable, Equatable, Codable {
            /// Named in `TabularOptions.ignore`.
            case ignored
            /// Not in `TabularOptions.features`.
            case notSelected
            /// One value and no missing cell in the training rows.
            case constant
            /// A distinct value per row (names, ids).
            case identifier
            /// Every training cell missing.
            case empty
        }
        /// The column's header name.
        public var name: String
        /// Why it is left out.
        public var reason: Reason
    }

    /// The input columns used, in output order.
    public var columns: [Column]
    /// The training table's other columns.
    public var excluded: [ExcludedColumn]
    /// Impute or refuse missing cells.
    public var missing: TabularOptions.MissingPolicy
    /// The spellings of a missing cell (to read prediction files the same way).
    public var missingValues: MissingValueTokens

    /// The output columns' names: `age`, `age (missing)`, `sex=female`, `sex=male`, ….
    public var featureNames: [String] {
        columns.flatMap { column -> [String] in
            switch column.encoding {
            case .numeric(_, let indicator): indicator ? [column.name, "\(column.name) (missing)"] : [column.name]
            case .categorical(let categories, let missing):
                (categories + (missing ? ["missing"] : [])).map { "\(column.name)=\($0)" }
            }
        }
    }

    /// Per output column: whether it is a 0/1 column (a category or a missing indicator), which
    /// normalization leaves as it is.
    public var isIndicator: [Bool] {
        columns.flatMap { column -> [Bool] in
            switch column.encoding {
            case .numeric(_, let indicator): indicator ? [false, true] : [false]
            case .categorical(let categories, let missing): Array(repeating: true, count: categories.count + (missing ? 1 : 0))
            }
        }
    }

    /// The names of the input columns a table must have.
    public var inputColumns: [String] { columns.map(\.name) }

    /// Learns the encoding of `table` (read with `CSVLoadingOptions.InvalidCells.tabular`) from the
    /// examples `rows` (`nil`: all). Errors (unknown column names, a text cell in a column declared
    /// numeric, too many categories, a missing cell under `MissingPolicy.error`) name the column,
    /// and the file where a line is known; the field is the `TabularOptions` property concerned.
    public init<Scalar: DescentFloat>(fittedOn table: CSVTable<Scalar>, rows: [Int]? = nil, options: TabularOptions,
                                      fileName: String) throws(DataPreparationIssue) {
        let names = table.featureNames
        for (field, list) in [("features", options.features ?? []), ("categorical", options.categorical), ("numeric", options.numeric),
                              ("ignore", options.ignore)] {
            if let unknown = list.first(where: { !names.contains($0) }) {
                throw DataPreparationIssue(field: field, value: unknown, message: "\(fileName) has no feature column named '\(unknown)' "
                    + "(its columns: \(Self.shortList(names)))")
            }
        }
        if let both = options.categorical.first(where: options.numeric.contains) {
            throw DataPreparationIssue(field: "categorical", value: both, message: "'\(both)' is also declared numeric")
        }
        guard options.maxCategories >= 1 else {
            throw DataPreparationIssue(field: "maxCategories", value: "\(options.maxCategories)", message: "must be at least 1")
        }
        let m = table.count
        let trainRows = rows ?? Array(0..<m)
        var columns: [Column] = []
        var excluded: [ExcludedColumn] = []
        var tooMany: [(name: String, count: Int)] = []
        var textInNumeric: (name: String, text: CSVTextColumn)?
        // The columns fitted on every core for a large table, a contiguous run of columns per core,
        // each with one scratch buffer for its columns' numbers (a fresh 0.5 MB array per column of a
        // 60,000-row table cost more in page clearing than the scans). Each fit reads its own column
        // alone: the same result whichever thread made it.
        let parts = names.count * trainRows.count >= ParallelLoop.parallelWork ? min(ParallelLoop.cores, names.count) : 1
        let fits = table.features.elements.withUnsafeBufferPointer { values in
            let shared = UnsafeSendable(values)
            return ParallelLoop.map(count: parts) { part in
                var numbers: [Double] = []
                return (part * names.count / parts ..< (part + 1) * names.count / parts).map { feature -> ColumnFit? in
                    let name = names[feature]
                    if options.ignore.contains(name) || !(options.features?.contains(name) ?? true) { return nil }
                    return Self.fit(name, values: UnsafeBufferPointer(rebasing: shared.value[(feature * m)..<((feature + 1) * m)]),
                                    text: table.textColumns[feature], rows: trainRows, options: options, numbers: &numbers)
                }
            }.flatMap { $0 }
        }
        for (feature, fit) in fits.enumerated() {
            let name = names[feature]
            switch fit {
            case nil:
                excluded.append(ExcludedColumn(name: name, reason: options.ignore.contains(name) ? .ignored : .notSelected))
            case .encoded(let column)?: columns.append(column)
            case .excluded(let reason)?: excluded.append(ExcludedColumn(name: name, reason: reason))
            case .tooManyCategories(let count)?: tooMany.append((name, count))
            case .textInNumericColumn?: if textInNumeric == nil { textInNumeric = (name, table.textColumns[feature]!) }
            }
        }
        if let (name, text) = textInNumeric {
            throw DataPreparationIssue(field: "numeric", value: name, message: "\(fileName):\(text.firstLine):\(text.firstColumn): column '\(name)' "
                + "is declared numeric but holds text: \(quoted(text.vocabulary[0]))")
        }
        if !tooMany.isEmpty {
            let listed = tooMany.map { "'\($0.name)' (\($0.count))" }.joined(separator: ", ")
            throw DataPreparationIssue(field: "maxCategories", value: "\(options.maxCategories)", message: "\(fileName): "
                + "\(tooMany.count == 1 ? "column" : "columns") \(listed) \(tooMany.count == 1 ? "has" : "have") more categories than "
                + "\(options.maxCategories); leave \(tooMany.count == 1 ? "it" : "them") out (ignore: \(tooMany.map(\.name).joined(separator: ",")))"
                + " or raise the limit")
        }
        if options.missing == .error, let first = table.missingCells.first(where: { cells in columns.contains { $0.name == cells.feature } }) {
            throw Self.missingCellError(first, fileName: fileName)
        }
        guard !columns.isEmpty else {
            throw DataPreparationIssue(message: "\(fileName): no feature column is left (\(excluded.map { "\($0.name): \($0.reason.rawValue)" }.joined(separator: ", ")))")
        }
        self.columns = columns
        self.excluded = excluded
        self.missing = options.missing
        self.missingValues = options.missingValues
    }

    /// What fitting one column found.
    enum ColumnFit {
        case encoded(Column)
        case excluded(ExcludedColumn.Reason)
        case tooManyCategories(Int)
        case textInNumericColumn
    }

    /// Fits the column `name` on the training `rows` of its `values` (NaN where a cell is text or
    /// missing) and `text` cells; `numbers` is scratch space for its numbers.
    ///
    /// A column without text cells (every column of a numeric file) is read once for its count,
    /// range and pairwise sum (as numpy sums); its numbers are gathered
    /// only for a rule that needs them all: a categorical declaration, the median, or an
    /// identifier's check once its range allows one.
    static func fit<Scalar: DescentFloat>(_ name: String, values: UnsafeBufferPointer<Scalar>, text: CSVTextColumn?, rows: [Int],
                                          options: TabularOptions, numbers: inout [Double]) -> ColumnFit {
        var texts: Set<Int32> = [], missing = 0
        var low = Double.infinity, high = -Double.infinity, sum = 0.0
        numbers.removeAll(keepingCapacity: true)
        if let text {
            for j in rows {
                if text.codes[j] >= 0 { texts.insert(text.codes[j]) } else if values[j].isNaN { missing += 1 } else { numbers.append(Double(values[j])) }
            }
            for number in numbers {
                low = Swift.min(low, number)
                high = Swift.max(high, number)
            }
            sum = numbers.withUnsafeBufferPointer { PairwiseSum.sum($0) }
        } else {
            (low, high, missing) = range(of: values, rows: rows)
            // Pairwise, as numpy sums (a missing cell adds 0): independent running sums, not one chain.
            sum = rows.withUnsafeBufferPointer { rows in
                PairwiseSum.sum(count: rows.count) { let value = Double(values[rows[$0]]); return value.isNaN ? 0 : value }
            }
        }
        let count = text == nil ? rows.count - missing : numbers.count
        /// The column's numbers in row order, gathered once when a rule needs them.
        func allNumbers() -> [Double] {
            if numbers.count != count {
                numbers.removeAll(keepingCapacity: true)
                for j in rows where !values[j].isNaN { numbers.append(Double(values[j])) }
            }
            return numbers
        }
        if count == 0 && texts.isEmpty { return .excluded(.empty) }
        let declaredNumeric = options.numeric.contains(name), declaredCategorical = options.categorical.contains(name)
        if declaredCategorical || (!declaredNumeric && !texts.isEmpty) {
            var categories = Set(texts.map { text!.vocabulary[Int($0)] })
            for number in Set(allNumbers()) { categories.insert(categoryName(number)) }
            if categories.count <= 1 && missing == 0 { return .excluded(.constant) }
            if categories.count > options.maxCategories {
                return !declaredCategorical && categories.count == rows.count - missing ? .excluded(.identifier) : .tooManyCategories(categories.count)
            }
            return .encoded(Column(name: name, encoding: .categorical(categories: categories.sorted(), missingCategory: missing > 0),
                                   missingCount: missing))
        }
        if !texts.isEmpty { return .textInNumericColumn }
        if low == high && missing == 0 { return .excluded(.constant) }
        if !declaredNumeric && looksLikeIdentifier(name: name, count: count, range: low...high, maxCategories: options.maxCategories,
                                                   numbers: allNumbers) {
            return .excluded(.identifier)
        }
        let fill: Double
        switch options.imputation {
        case .mean:
            // Values near ±1.8e308 can overflow a pairwise sum the mean itself fits in.
            fill = sum.isFinite ? sum / Double(count) : FeatureScaler.moments(ofHuge: allNumbers()).mean
        case .median:
            numbers = allNumbers()
            numbers.sort()
            let middle = numbers.count / 2
            fill = numbers.count % 2 == 1 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2
        case .zero: fill = 0
        }
        return .encoded(Column(name: name, encoding: .numeric(fill: fill, indicator: options.missingIndicators && missing > 0), missingCount: missing))
    }

    /// The smallest and largest number among `values[rows]` and how many are NaN (missing), four
    /// rows at a time in independent lanes, so no comparison waits on the one before.
    static func range<Scalar: DescentFloat>(of values: UnsafeBufferPointer<Scalar>, rows: [Int]) -> (low: Double, high: Double, missing: Int) {
        var lows = SIMD4<Double>(repeating: .infinity), highs = SIMD4<Double>(repeating: -.infinity)
        var missingLanes = SIMD4<Int64>(repeating: 0)
        var low = Double.infinity, high = -Double.infinity, missing = 0
        rows.withUnsafeBufferPointer { rows in
            var i = 0
            while i + 4 <= rows.count {
                let quad = SIMD4(Double(values[rows[i]]), Double(values[rows[i + 1]]), Double(values[rows[i + 2]]), Double(values[rows[i + 3]]))
                // Comparisons with NaN are false: a missing cell moves neither bound.
                lows.replace(with: quad, where: quad .< lows)
                highs.replace(with: quad, where: quad .> highs)
                missingLanes &+= SIMD4(repeating: 0).replacing(with: 1, where: quad .!= quad)
                i += 4
            }
            low = lows.min()
            high = highs.max()
            missing = Int(missingLanes.wrappedSum())
            for j in rows[i...] {
                let value = Double(values[j])
                if value.isNaN { missing += 1 } else { low = Swift.min(low, value); high = Swift.max(high, value) }
            }
        }
        return (low, high, missing)
    }

    /// Whether `table` needs no encoding: its columns are exactly this encoder's, in order, all
    /// numeric without indicators, with no text or missing cell — its matrix is used as it is.
    public func passesThrough<Scalar: DescentFloat>(_ table: CSVTable<Scalar>) -> Bool {
        inputColumns == table.featureNames && table.textColumns.isEmpty && table.missingCells.isEmpty
            && columns.allSatisfy { if case .numeric(_, false) = $0.encoding { true } else { false } }
    }

    /// The error for a missing cell under `MissingPolicy.error`, at the first one.
    static func missingCellError(_ cells: CSVMissingCells, fileName: String) -> DataPreparationIssue {
        DataPreparationIssue(field: "missing", value: "error", message: "\(cells.location(fileName)): missing value \(quoted(cells.firstValue)) "
            + "in column '\(cells.feature)' (\(cells.count) in all)")
    }

    /// A category's name for a number in a categorical column: integers without a decimal point.
    static func categoryName(_ value: Double) -> String {
        value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A numeric column is identifier-like — an id or a row index — when its values are distinct
    /// integers, more than `maxCategories` of them, and either
    /// - it is named like one: `id`, `…_id`, `…Id`; or as pandas (`Unnamed: 0`), R (`rownames`,
    ///   `row.names`, `X` before renaming is not enough) and spreadsheets name an index (`index`,
    ///   `row`, `rowid`, `row_id`, `#`, a blank header, read as `column 1`);
    /// - or its values are row numbers in any order or subset, as a file split from a numbered one
    ///   holds them: consecutive, or within a span of at most 10 × their count that starts near 0
    ///   (at most 5 × span / count: a random subset of 0…N starts at about N / count). A quantity
    ///   with as many distinct whole values in so narrow a range from 0 is rare: with n values in a
    ///   span of 10n, two would coincide about n/20 times on average.
    static func looksLikeIdentifier(name: String, count: Int, range: ClosedRange<Double>, maxCategories: Int,
                                    numbers: () -> [Double]) -> Bool {
        guard count > maxCategories else { return false }
        let lower = name.lowercased().trimmingCharacters(in: .whitespaces)
        let named = lower == "id" || lower.hasSuffix("_id") || lower.hasSuffix(" id") || name.hasSuffix("Id") || name.hasSuffix("ID")
            || indexNames.contains(lower) || lower.hasPrefix("unnamed:")
        let span = range.upperBound - range.lowerBound + 1
        let consecutive = span == Double(count)
        let rowNumbers = range.lowerBound >= 0 && span <= 10 * Double(count) && range.lowerBound <= 5 * span / Double(count)
        // `count` distinct integers need a span of at least `count` (a column of pixels, 0-255 in
        // 60,000 rows, stops here); the scans and the set only for the few columns that get past it.
        guard (named || consecutive || rowNumbers) && span >= Double(count) else { return false }
        let values = numbers()
        return values.allSatisfy({ $0 == $0.rounded() }) && Set(values).count == values.count
    }

    /// How pandas, R and spreadsheets name a column of row numbers (lowercased).
    static let indexNames: Set = ["index", "rownames", "row.names", "row", "rowid", "row_id", "row id", "#", "column 1"]

    /// At most 10 names, then "…".
    static func shortList(_ names: [String]) -> String {
        names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
    }
}
