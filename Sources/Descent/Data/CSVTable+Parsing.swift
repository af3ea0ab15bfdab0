/// A CSV file parsed to `Double`s, row-major, before it becomes a `CSVTable` of either precision.
///
/// The parser is deliberately not generic: a generic function called from another module runs
/// unspecialized (metadata look-ups per element), which measured 2× slower.
struct ParsedCSV {
    /// The features, one example per row: (examples, features), row-major.
    var rowMajor: [Double]
    /// Class indices or targets, one per example.
    var labels: [Double]
    var featureNames: [String]
    var labelName: String
    var classNames: [String]?

    /// Tokenizes `input`, detects the header and label column, converts every feature to a
    /// finite number and maps labels to class indices; see `CSVTable` for the rules. With
    /// `float32`, values that overflow `Float` count as non-finite.
    static func parse(_ input: UnsafeRawBufferPointer, fileName: String, options: CSVLoadingOptions, float32: Bool) throws(DataLoadingError) -> ParsedCSV {
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
        let firstRow = (0..<columnCount).map { tokenizer.string($0) }
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
        let featureCount = featureColumns.count
        let featureNames = featureColumns.map { hasHeader ? firstRow[$0] : "column \($0 + 1)" }
        let labelName = hasHeader ? firstRow[labelIndex] : "column \(labelIndex + 1)"

        // The examples, row-major (m, n_x) while reading; transposed at the end.
        var rowMajor: [Double] = []
        var targets: [Double] = []
        var classIDs: [Int32] = []
        var classIDByName: [String: Int32] = [:]
        var namesInOrder: [String] = []
        var exampleCount = 0
        let classify = options.labels == .classes

        if hasHeader {
            guard try nextRecord(&tokenizer) else { throw failure(.noExamples) }
        }
        let firstDataPosition = tokenizer.position
        repeat {
            try tokenizer.requireFieldCount(columnCount, file: fileName)
            if exampleCount == 0 {
                // Reserve from the first example's length in bytes.
                let recordBytes = max(1, tokenizer.position - max(0, firstDataPosition - 1) )
                let estimate = min(input.count / recordBytes + 1, 1 << 26)
                rowMajor.reserveCapacity(estimate * featureCount)
                if classify { classIDs.reserveCapacity(estimate) } else { targets.reserveCapacity(estimate) }
            }
            for column in featureColumns {
                rowMajor.append(try number(tokenizer, column))
            }
            if classify {
                let name = tokenizer.string(labelIndex)
                guard !name.isEmpty else {
                    throw failure(.emptyLabel, line: tokenizer.fields[labelIndex].line, column: labelIndex + 1)
                }
                if let id = classIDByName[name] {
                    classIDs.append(id)
                } else {
                    let id = Int32(namesInOrder.count)
                    classIDByName[name] = id
                    namesInOrder.append(name)
                    classIDs.append(id)
                }
            } else {
                targets.append(try number(tokenizer, labelIndex))
            }
            exampleCount += 1
        } while try nextRecord(&tokenizer)

        /// Field `column` as a finite `Scalar`, or the error at its line and column.
        func number(_ tokenizer: borrowing CSVTokenizer, _ column: Int) throws(DataLoadingError) -> Double {
            try tokenizer.finiteNumber(column, float32: float32, file: fileName)
        }

        if !classify {
            return ParsedCSV(rowMajor: rowMajor, labels: targets,
                             featureNames: featureNames, labelName: labelName, classNames: nil)
        }
        let (classNames, indexOfID) = sortedClasses(namesInOrder)
        let labels = classIDs.map { Double(indexOfID[Int($0)]) }
        return ParsedCSV(rowMajor: rowMajor, labels: labels,
                         featureNames: featureNames, labelName: labelName, classNames: classNames)
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
    /// Parses `input` and lays it out in the course's layout in `Scalar` precision.
    static func parse(_ input: UnsafeRawBufferPointer, fileName: String, options: CSVLoadingOptions) throws(DataLoadingError) -> CSVTable {
        let float32 = Scalar.self == Float.self
        let parsed = try ParsedCSV.parse(input, fileName: fileName, options: options, float32: float32)
        let featureCount = parsed.featureNames.count
        let m = parsed.labels.count
        let features: [Scalar]
        let labels: [Scalar]
        if float32 {
            features = unsafeBitCast(transposedRowMajor(parsed.rowMajor, rows: m, columns: featureCount, as: Float.self), to: [Scalar].self)
            labels = unsafeBitCast(parsed.labels.map { Float($0) }, to: [Scalar].self)
        } else if Scalar.self == Double.self {
            features = unsafeBitCast(transposedRowMajor(parsed.rowMajor, rows: m, columns: featureCount, as: Double.self), to: [Scalar].self)
            labels = unsafeBitCast(parsed.labels, to: [Scalar].self)
        } else {
            features = transposedRowMajor(parsed.rowMajor, rows: m, columns: featureCount, as: Scalar.self)
            labels = parsed.labels.map { Scalar($0) }
        }
        return CSVTable(features: Matrix(rows: featureCount, columns: m, elements: features),
                        labels: Matrix(rows: 1, columns: m, elements: labels),
                        featureNames: parsed.featureNames, labelName: parsed.labelName, classNames: parsed.classNames)
    }
}
