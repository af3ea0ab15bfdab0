import Foundation

/// A numeric CSV file read into its final matrix: the features as `Float`s or `Double`s in the
/// course's (n_x, m) layout, the labels as class indices or targets. Training's front end: it reads
/// the first record, decides the header and the label column, and leaves the records to
/// `CSVRecords` (shared with a saved model's input reader).
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
        var tokenizer = CSVTokenizer(input: input, delimiter: UInt8(options.delimiter.value))

        func failure(_ kind: DataLoadingError.Kind, line: Int? = nil, column: Int? = nil) -> DataLoadingError {
            DataLoadingError(kind, file: fileName, line: line, column: column)
        }
        func nextRecord(_ tokenizer: inout CSVTokenizer) throws(DataLoadingError) -> Bool {
            try tokenizer.nextRecord(file: fileName)
        }

        guard try nextRecord(&tokenizer) else { throw failure(.emptyFile) }

        // Header detection and the label column.
        func isLabelName(_ name: String) -> Bool { name.lowercased() == "label" }
        let columnCount = tokenizer.fields.count
        let firstRow = CSVColumnNames.unique((0..<columnCount).map { tokenizer.string($0) })
        let hasHeader: Bool
        switch options.header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .automatic:
            switch options.labelColumn {
            case .named: hasHeader = true
            case .automatic, .index:
                var candidate = columnCount - 1
                if case .index(let index) = options.labelColumn { candidate = index }
                hasHeader = firstRow.contains(where: isLabelName) || (0..<columnCount).contains { column in
                    column != candidate && DecimalParsing.double(tokenizer.trimmedBytes(column)) == nil
                }
            }
        }
        let labelIndex: Int
        switch options.labelColumn {
        case .automatic:
            labelIndex = hasHeader ? (firstRow.firstIndex(where: isLabelName) ?? columnCount - 1) : columnCount - 1
        case .index(let index):
            guard index >= 0 && index < columnCount else {
                throw failure(.missingLabelColumn("at index \(index) (0-based; the rows have \(columnCount) field\(columnCount == 1 ? "" : "s"))"),
                              line: tokenizer.recordLine)
            }
            labelIndex = index
        case .named(let name):
            guard hasHeader else { throw failure(.missingLabelColumn("named \(quoted(name)): the file has no header")) }
            guard let index = firstRow.firstIndex(of: name) else {
                throw failure(.missingLabelColumn("named \(quoted(name)) (the header has \(firstRow.map(quoted).joined(separator: ", ")))"),
                              line: tokenizer.recordLine)
            }
            labelIndex = index
        }
        guard columnCount > 1 else { throw failure(.noFeatureColumns, line: tokenizer.recordLine) }
        let featureColumns = (0..<columnCount).filter { $0 != labelIndex }
        let featureNames = featureColumns.map { hasHeader ? firstRow[$0] : "column \($0 + 1)" }
        let labelName = hasHeader ? firstRow[labelIndex] : "column \(labelIndex + 1)"

        if hasHeader {
            guard try nextRecord(&tokenizer) else { throw failure(.noExamples) }
        }
        var layout = CSVLayout(columnCount: columnCount, labelIndex: labelIndex, labels: options.labels == .classes ? .classes : .targets,
                               delimiter: tokenizer.delimiter, float32: float32, fileName: fileName)
        switch options.invalidCells {
        case .fail: layout.cells = .numbers
        case .tabular(let tokens): layout.cells = .tabular(CSVMissingTokens(tokens))
        }
        let records = try CSVRecords.read(input, from: tokenizer.recordStart, line: tokenizer.recordLine, layout: layout,
                                          availableBytes: availableBytes, parts: parts, minimumChunkBytes: minimumChunkBytes,
                                          releasingPages: releasingPages)
        var parsed = ParsedCSV(features: records.features, labels: records.targets, featureNames: featureNames, labelName: labelName,
                               classNames: nil)
        for (field, column) in records.texts { parsed.textColumns[Int(layout.roles[field])] = column }
        parsed.missingCells = records.missingCells.sorted { $0.key < $1.key }.map { field, tally in
            CSVMissingCells(feature: featureNames[Int(layout.roles[field])], count: tally.count, firstLine: tally.firstLine,
                            firstColumn: field + 1, firstValue: tally.firstText)
        }
        parsed.missingLabels = records.missingLabels.map {
            CSVMissingCells(feature: labelName, count: $0.count, firstLine: $0.firstLine, firstColumn: labelIndex + 1, firstValue: $0.firstText)
        }
        guard layout.labels == .classes else { return parsed }
        let (classNames, indexOfID) = sortedClasses(records.labelNames)
        parsed.labels = records.labelIDs.map { $0 < 0 ? .nan : Double(indexOfID[Int($0)]) }
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

extension CSVTable {
    /// Parses `input` into the course's layout in `Scalar` precision.
    /// `releasingPages`: `input` is a memory map whose pages may be dropped once parsed.
    static func parse(_ input: UnsafeRawBufferPointer, fileName: String, options: CSVLoadingOptions,
                      releasingPages: Bool = false) throws(DataLoadingError) -> CSVTable {
        let parsed = try ParsedCSV.parse(input, fileName: fileName, options: options, float32: Scalar.self == Float.self,
                                         releasingPages: releasingPages)
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
        var table = CSVTable(features: Matrix(rows: featureCount, columns: m, elements: features),
                             labels: Matrix(rows: 1, columns: m, elements: labels),
                             featureNames: parsed.featureNames, labelName: parsed.labelName, classNames: parsed.classNames)
        table.textColumns = parsed.textColumns
        table.missingCells = parsed.missingCells
        table.missingLabels = parsed.missingLabels
        return table
    }
}
