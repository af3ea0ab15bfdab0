import Foundation

/// A numeric CSV file read into its final matrix: the features as `Float`s or `Double`s in the
/// course's (n_x, m) layout, the labels as class indices or targets. Training's front end: the
/// first record, header and label column come from `CSVFirstRecord`, the examples from
/// `CSVRecords` (both shared with a saved model's input reader), every other column a feature.
///
/// The reader is deliberately not generic: a generic function called from another module runs
/// unspecialized (metadata look-ups per element), which measured 2× slower.
struct ParsedCSV {
    enum Features {
        case float([Float])
        case double([Double])
    }

    /// The features, (n_x, m) row-major.
    var features: Features
    /// Class indices or targets, one per example.
    var labels: [Double]
    var featureNames: [String]
    var labelName: String
    var classNames: [String]?
    /// Whether the first record was a header.
    var hasHeader = true
    /// Tabular reading: text cells by feature index, missing cells, missing labels.
    var textColumns: [Int: CSVTextColumn] = [:]
    var missingCells: [CSVMissingCells] = []
    var missingLabels: CSVMissingCells?

    /// Reads `input`: detects the header and label column, converts every feature to a finite
    /// number and maps labels to class indices; see `CSVTable` for the rules. With `float32`, the
    /// features are stored as `Float`s and values that overflow `Float` count as non-finite.
    /// `availableBytes` (default: what the system has) bounds the matrix; `parts` chunks of at
    /// least `minimumChunkBytes` bytes are parsed at once (the result never depends on them);
    /// `releasingPages`: `input` is a memory map whose pages may be handed back once parsed.
    static func parse(_ input: UnsafeRawBufferPointer, fileName: String, options: CSVLoadingOptions, float32: Bool,
                      availableBytes: Int? = nil, parts: Int = ParallelLoop.cores,
                      minimumChunkBytes: Int = 1 << 20, releasingPages: Bool = false) throws(DataLoadingError) -> ParsedCSV {
        var first = try CSVFirstRecord(input, fileName: fileName, options: options)
        let columnCount = first.columnCount, labelIndex = first.labelIndex
        guard columnCount > 1 else { throw DataLoadingError(.noFeatureColumns, file: fileName, line: first.line) }
        let names = first.columnNames
        let featureNames = (0..<columnCount).filter { $0 != labelIndex }.map { names[$0] }
        var layout = CSVLayout(columnCount: columnCount, labelIndex: labelIndex, labels: options.labels == .classes ? .classes : .targets,
                               delimiter: first.delimiter, float32: float32, fileName: fileName)
        switch options.invalidCells {
        case .fail: layout.cells = .numbers
        case .tabular(let tokens): layout.cells = .tabular(CSVMissingTokens(tokens))
        }
        let records = try first.records(layout, availableBytes: availableBytes, parts: parts, minimumChunkBytes: minimumChunkBytes,
                                        releasingPages: releasingPages)
        var parsed = ParsedCSV(records, layout: layout, featureNames: featureNames, labelName: names[labelIndex])
        parsed.hasHeader = first.hasHeader
        guard layout.labels == .classes else { return parsed }
        let (classNames, indexOfID) = sortedClasses(records.labelNames)
        for j in parsed.labels.indices where !parsed.labels[j].isNaN { parsed.labels[j] = Double(indexOfID[Int(parsed.labels[j])]) }
        parsed.classNames = classNames
        return parsed
    }

    /// The sorted distinct class names and, for each first-seen id, its class index. When every
    /// label is a number the order is numeric (`"2" < "10"`) and spellings of the same number
    /// (`"1"`, `"1.0"`) are one class, named by its first spelling; otherwise the order is the
    /// strings' order.
    static func sortedClasses(_ namesInOrder: [String]) -> (names: [String], indexOfID: [Int]) {
        let values = namesInOrder.map { name in Double(name).flatMap { $0.isFinite ? $0 : nil } }
        if values.allSatisfy({ $0 != nil }) {
            let numbers = values.map { $0! }
            var distinct: [Double] = []
            var nameOfValue: [Double: String] = [:]
            for (name, value) in zip(namesInOrder, numbers) where nameOfValue[value] == nil {
                nameOfValue[value] = name
                distinct.append(value)
            }
            distinct.sort()
            var indexOfValue: [Double: Int] = [:]
            for (index, value) in distinct.enumerated() { indexOfValue[value] = index }
            return (distinct.map { nameOfValue[$0]! }, numbers.map { indexOfValue[$0]! })
        }
        let sorted = namesInOrder.sorted()
        var indexOfName: [String: Int] = [:]
        for (index, name) in sorted.enumerated() { indexOfName[name] = index }
        return (sorted, namesInOrder.map { indexOfName[$0]! })
    }
}

extension ParsedCSV {
    /// `records` as `layout` read them, features named `featureNames` and the label `labelName`:
    /// the targets, or for classes each record's first-seen class id (NaN for a missing label)
    /// with the names in first-seen order (`parse` sorts them), or NaN without a label field; the
    /// text columns by feature, and the missing cells and labels located in the file.
    init(_ records: CSVRecords, layout: CSVLayout, featureNames: [String], labelName: String) {
        let labels: [Double]
        switch layout.labels {
        case .targets: labels = records.targets
        case .classes: labels = records.labelIDs.map { $0 < 0 ? .nan : Double($0) }
        case .none: labels = [Double](repeating: .nan, count: records.count)
        }
        self.init(features: records.features, labels: labels, featureNames: featureNames, labelName: labelName,
                  classNames: layout.labels == .classes ? records.labelNames : nil)
        for (field, column) in records.texts { textColumns[Int(layout.roles[field])] = column }
        missingCells = records.missingCells.sorted { $0.key < $1.key }.map { field, tally in
            CSVMissingCells(feature: featureNames[Int(layout.roles[field])], count: tally.count, firstLine: tally.firstLine,
                            firstColumn: field + 1, firstValue: tally.firstText)
        }
        missingLabels = records.missingLabels.map {
            CSVMissingCells(feature: labelName, count: $0.count, firstLine: $0.firstLine, firstColumn: (layout.labelIndex ?? 0) + 1,
                            firstValue: $0.firstText)
        }
    }
}

extension CSVTable {
    /// Parses `input` into the course's layout in `Scalar` precision.
    /// `releasingPages`: `input` is a memory map whose pages may be dropped once parsed.
    static func parse(_ input: UnsafeRawBufferPointer, fileName: String, options: CSVLoadingOptions,
                      releasingPages: Bool = false) throws(DataLoadingError) -> CSVTable {
        CSVTable(try ParsedCSV.parse(input, fileName: fileName, options: options, float32: Scalar.self == Float.self,
                                     releasingPages: releasingPages))
    }

    /// The table of what a CSV reader parsed, in `Scalar` precision.
    init(_ parsed: ParsedCSV) {
        let featureCount = parsed.featureNames.count
        let m = parsed.labels.count
        func converted<Source: BinaryFloatingPoint>(_ values: [Source]) -> [Scalar] {
            Source.self == Scalar.self ? unsafeBitCast(values, to: [Scalar].self) : values.map { Scalar($0) }
        }
        let features: [Scalar]
        switch parsed.features {
        case .float(let values): features = converted(values)
        case .double(let values): features = converted(values)
        }
        let labels = converted(parsed.labels)
        self.init(features: Matrix(rows: featureCount, columns: m, elements: features), labels: Matrix(rows: 1, columns: m, elements: labels),
                  featureNames: parsed.featureNames, labelName: parsed.labelName, classNames: parsed.classNames)
        hasHeader = parsed.hasHeader
        textColumns = parsed.textColumns
        missingCells = parsed.missingCells
        missingLabels = parsed.missingLabels
    }
}
