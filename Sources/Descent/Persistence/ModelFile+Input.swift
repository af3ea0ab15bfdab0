import Foundation

/// Examples read for a saved model: raw features in the model's input order, and the labels as
/// written when the file has a label column.
public struct ModelInput: Sendable, Equatable {
    /// The raw (unnormalized) features X, shape (n_x, m).
    public var features: Matrix<Double>
    /// The label of each example as written in the file (`nil` when the file has no label column).
    public var labels: [String]?
    /// What encoding a table met that does not stop it (unseen categories, …), one sentence each.
    public var warnings: [String] = []

    /// Input of `features` and optional `labels` (one per column).
    public init(features: Matrix<Double>, labels: [String]?) {
        precondition(labels == nil || labels!.count == features.columns, "Give one label per example.")
        self.features = features
        self.labels = labels
    }

    /// The number of examples m.
    public var count: Int { features.columns }
}

/// Why data could not be used with a saved model; the description names the data file.
public struct ModelInputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file could not be read or parsed.
        case data(DataLoadingError)
        /// The file's feature count differs from the model's input size.
        case featureCountMismatch(found: Int, expected: Int, featureNames: [String])
        /// Labels are needed (evaluation) but the file has none.
        case missingLabels
        /// A label that is not one of the model's classes.
        case unknownClass(String, classNames: [String])
        /// A regression target that is not a finite number.
        case invalidTarget(String)
        /// A separate label file whose length differs from the number of examples.
        case labelCountMismatch(labels: Int, examples: Int)
        /// A table without columns the model's encoding needs.
        case missingColumns([String], modelColumns: [String])
        /// A table the model's encoding refuses (a missing cell under `MissingPolicy.error`).
        case table(DataPreparationIssue)
    }

    /// What went wrong.
    public var kind: Kind
    /// The data file, as the caller named it.
    public var file: String

    /// An error of `kind` about `file`.
    public init(_ kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    /// The explanation without the file prefix.
    public var message: String {
        switch kind {
        case .data(let error): return error.message
        case .featureCountMismatch(let found, let expected, let names):
            let shown = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
            return "has \(found) feature column\(found == 1 ? "" : "s"), but the model expects \(expected) (\(shown))"
        case .missingLabels: return "has no label column to evaluate against"
        case .unknownClass(let name, let classNames):
            return "label \(quoted(name)) is not one of the model's classes (\(classNames.joined(separator: ", ")))"
        case .invalidTarget(let text): return "regression target \(quoted(text)) is not a finite number"
        case .labelCountMismatch(let labels, let examples): return "has \(labels) labels for \(examples) examples"
        case .missingColumns(let missing, let columns):
            return "has no column named \(missing.map(quoted).joined(separator: ", ")) (the model reads \(TabularEncoder.shortList(columns)))"
        case .table(let issue): return issue.message
        }
    }

    /// `file: message` (a data error keeps its own `file:line:column` location, a table error names the file itself).
    public var description: String {
        if case .data(let error) = kind { return error.description }
        if case .table(let issue) = kind { return issue.message }
        return "\(file): \(message)"
    }
}

extension ModelFile {
    /// Reads a CSV file of examples for this model.
    ///
    /// The first row is a header when it names the label column, `label` (any case) or one of
    /// the model's features, or has a non-numeric field outside the last column. With a header
    /// holding every feature name the model was trained on, those columns are taken by name (in
    /// any order; a single column left over is the label, more are ignored). Otherwise every
    /// column except the label column — the one named `labelColumn`, the model's label name or
    /// `label` — is a feature, in order. Without a header, n_x columns are all features and
    /// n_x + 1 columns end with the label (the training convention).
    public func input(csv url: URL, delimiter: Unicode.Scalar = ",", labelColumn: String? = nil) throws(ModelInputError) -> ModelInput {
        let name = url.displayName
        let file: FileBytes
        do {
            file = try FileBytes.read(url, name: name)
        } catch {
            throw ModelInputError(.data(error), file: name)
        }
        return try file.withBytes { (bytes) throws(ModelInputError) in
            try readCSV(bytes, fileName: name, delimiter: delimiter, labelColumn: labelColumn, releasingPages: file.isMapped)
        }
    }

    /// Parses CSV text held in memory (see `input(csv:delimiter:labelColumn:)`).
    public func input(csvText text: String, fileName: String = "<memory>", delimiter: Unicode.Scalar = ",", labelColumn: String? = nil) throws(ModelInputError) -> ModelInput {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ModelInputError) in try readCSV(buffer, fileName: fileName, delimiter: delimiter, labelColumn: labelColumn) }
        }
        return try result.get()
    }

    func readCSV(_ bytes: UnsafeRawBufferPointer, fileName: String, delimiter: Unicode.Scalar, labelColumn: String?,
                 releasingPages: Bool = false) throws(ModelInputError) -> ModelInput {
        func failure(_ kind: DataLoadingError.Kind, line: Int? = nil, column: Int? = nil) -> ModelInputError {
            ModelInputError(.data(DataLoadingError(kind, file: fileName, line: line, column: column)), file: fileName)
        }
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "The CSV delimiter must be an ASCII character other than a quote or a line break.")
        var tokenizer = CSVTokenizer(input: bytes, delimiter: UInt8(delimiter.value))
        func data<T>(_ body: () throws(DataLoadingError) -> T) throws(ModelInputError) -> T {
            do { return try body() } catch { throw ModelInputError(.data(error), file: fileName) }
        }
        func nextRecord(_ tokenizer: inout CSVTokenizer) throws(ModelInputError) -> Bool {
            try data { () throws(DataLoadingError) in try tokenizer.nextRecord(file: fileName) }
        }
        guard try nextRecord(&tokenizer) else { throw failure(.emptyFile) }
        let columnCount = tokenizer.fields.count
        let firstRow = CSVColumnNames.unique((0..<columnCount).map { tokenizer.string($0).trimmingCharacters(in: .whitespaces) })
        let labelCandidates = [labelColumn, labelName].compactMap { $0 }
        func isLabelName(_ text: String) -> Bool { labelCandidates.contains(text) || text.lowercased() == "label" }
        if let encoder {
            // A table: its columns by name (the header is required), read as it comes, then encoded.
            let missing = encoder.inputColumns.filter { !firstRow.contains($0) }
            guard missing.isEmpty else {
                throw ModelInputError(.missingColumns(missing, modelColumns: encoder.inputColumns), file: fileName)
            }
            guard try nextRecord(&tokenizer) else { throw failure(.noExamples) }
            let labelIndex = labelCandidates.lazy.compactMap { firstRow.firstIndex(of: $0) }.first
                ?? firstRow.firstIndex { $0.lowercased() == "label" }
            var roles = [Int32](repeating: CSVLayout.ignoredRole, count: columnCount)
            for (slot, name) in encoder.inputColumns.enumerated() { roles[firstRow.firstIndex(of: name)!] = Int32(slot) }
            if let labelIndex, roles[labelIndex] == CSVLayout.ignoredRole { roles[labelIndex] = CSVLayout.labelRole }
            var layout = CSVLayout(columnCount: columnCount, roles: roles, labels: .classes, delimiter: tokenizer.delimiter,
                                   storesFloat: false, requiresFloatRange: Scalar.self == Float.self, fileName: fileName)
            layout.cells = .tabular(CSVMissingTokens(encoder.missingValues))
            let records = try data { () throws(DataLoadingError) in
                try CSVRecords.read(bytes, from: tokenizer.recordStart, line: tokenizer.recordLine, layout: layout, releasingPages: releasingPages)
            }
            guard case .double(let values) = records.features else { preconditionFailure("The layout stores doubles.") }
            var table = CSVTable(features: Matrix(rows: encoder.inputColumns.count, columns: records.count, elements: values),
                                 labels: Matrix(rows: 1, columns: records.count), featureNames: encoder.inputColumns,
                                 labelName: labelName ?? "label", classNames: nil)
            for (field, column) in records.texts { table.textColumns[Int(roles[field])] = column }
            table.missingCells = records.missingCells.sorted { $0.key < $1.key }.map { field, tally in
                CSVMissingCells(feature: encoder.inputColumns[Int(roles[field])], count: tally.count, firstLine: tally.firstLine,
                                firstColumn: field + 1, firstValue: tally.firstText)
            }
            let encoded: (features: Matrix<Double>, warnings: [TabularWarning])
            do {
                encoded = try encoder.transform(table, fileName: fileName)
            } catch {
                throw ModelInputError(.table(error), file: fileName)
            }
            var input = ModelInput(features: encoded.features, labels: labelIndex == nil ? nil : records.labelIDs.map {
                $0 < 0 ? "" : records.labelNames[Int($0)]
            })
            input.warnings = encoded.warnings.map { "\(fileName): \($0)" }
            return input
        }
        let knownFeatures = Set(featureNames)
        let hasHeader = firstRow.contains(where: isLabelName) || firstRow.contains(where: knownFeatures.contains)
            || (0..<(columnCount - 1)).contains { DecimalParsing.double(tokenizer.trimmedBytes($0)) == nil }

        let n = network.inputSize
        var labelIndex: Int?
        var featureIndices: [Int]
        if hasHeader {
            labelIndex = labelCandidates.lazy.compactMap { firstRow.firstIndex(of: $0) }.first
                ?? firstRow.firstIndex { $0.lowercased() == "label" }
            let byName = featureNames.map { firstRow.firstIndex(of: $0) }
            if Set(featureNames).count == n, byName.allSatisfy({ $0 != nil && $0 != labelIndex }) {
                featureIndices = byName.map { $0! }
                if labelIndex == nil {
                    // The one column left over is the label, whatever its name.
                    let rest = (0..<columnCount).filter { !featureIndices.contains($0) }
                    if rest.count == 1 { labelIndex = rest[0] }
                }
            } else {
                featureIndices = (0..<columnCount).filter { $0 != labelIndex }
            }
        } else if columnCount == n + 1 {
            labelIndex = columnCount - 1
            featureIndices = Array(0..<n)
        } else {
            featureIndices = Array(0..<columnCount)
        }
        guard featureIndices.count == n else {
            throw ModelInputError(.featureCountMismatch(found: featureIndices.count, expected: n, featureNames: featureNames), file: fileName)
        }

        if hasHeader {
            guard try nextRecord(&tokenizer) else { throw failure(.noExamples) }
        }
        var roles = [Int32](repeating: CSVLayout.ignoredRole, count: columnCount)
        for (slot, column) in featureIndices.enumerated() { roles[column] = Int32(slot) }
        if let labelIndex { roles[labelIndex] = CSVLayout.labelRole }
        let layout = CSVLayout(columnCount: columnCount, roles: roles, labels: .classes, delimiter: tokenizer.delimiter,
                               storesFloat: false, requiresFloatRange: Scalar.self == Float.self, fileName: fileName)
        let records = try data { () throws(DataLoadingError) in
            try CSVRecords.read(bytes, from: tokenizer.recordStart, line: tokenizer.recordLine, layout: layout, releasingPages: releasingPages)
        }
        guard case .double(let values) = records.features else { preconditionFailure("The layout stores doubles.") }
        let features = Matrix(rows: n, columns: records.count, elements: values)
        return ModelInput(features: features, labels: labelIndex == nil ? nil : records.labelIDs.map { records.labelNames[Int($0)] })
    }

    /// A course dataset's held-out examples with their labels: its test set, or its training set
    /// for a dataset without one (moons, spiral, blobs) — the second value says which.
    public func input(course dataset: CourseDataset) throws(ModelInputError) -> (input: ModelInput, split: String) {
        let split: TrainTestSplit<Double>
        do {
            split = try dataset.load(as: Double.self)
        } catch {
            throw ModelInputError(.data(error as? DataLoadingError ?? DataLoadingError(.unreadable("\(error)"), file: dataset.rawValue)),
                                  file: dataset.rawValue)
        }
        let (examples, name) = split.test.map { ($0, "test") } ?? (split.train, "training")
        guard examples.featureCount == network.inputSize else {
            throw ModelInputError(.featureCountMismatch(found: examples.featureCount, expected: network.inputSize, featureNames: featureNames),
                                  file: dataset.rawValue)
        }
        let labels = examples.labels.elements.map { NPYFile.className($0) }
        return (ModelInput(features: examples.features, labels: labels), name)
    }

    /// Reads a `.npy` array of examples, one per row (m, n_x), with optional labels from a second
    /// `.npy` file (one per example).
    public func input(npy url: URL, labels labelsURL: URL? = nil) throws(ModelInputError) -> ModelInput {
        let name = url.displayName
        let features: Matrix<Double>
        do {
            let file = try NPYFile(contentsOf: url)
            try file.requireFiniteValues(file: name)
            features = file.courseLayout()
        } catch {
            throw ModelInputError(.data(error), file: name)
        }
        guard features.rows == network.inputSize else {
            throw ModelInputError(.featureCountMismatch(found: features.rows, expected: network.inputSize, featureNames: featureNames), file: name)
        }
        guard let labelsURL else { return ModelInput(features: features, labels: nil) }
        let labelsName = labelsURL.displayName
        let labels: [String]
        do {
            switch try NPYLabels(contentsOf: labelsURL) {
            case .numbers(let file):
                try file.requireFiniteValues(file: labelsName, entry: "label")
                labels = file.values.map(NPYFile.className)
            case .text(let texts):
                labels = texts
            }
        } catch {
            throw ModelInputError(.data(error), file: labelsName)
        }
        guard labels.count == features.columns else {
            throw ModelInputError(.labelCountMismatch(labels: labels.count, examples: features.columns), file: labelsName)
        }
        return ModelInput(features: features, labels: labels)
    }

    /// The labels as class indices (1, m) into `classNames` for a classifier — matched by
    /// `ClassIndex`'s rule: by name, or by value when both are numbers (`1` and `1.0`) — or as
    /// regression targets.
    public func labelMatrix(_ input: ModelInput, fileName: String) throws(ModelInputError) -> Matrix<Double> {
        guard let labels = input.labels else { throw ModelInputError(.missingLabels, file: fileName) }
        var result = Matrix<Double>(rows: 1, columns: labels.count)
        guard let classNames else {
            for (j, text) in labels.enumerated() {
                guard let value = Double(text), value.isFinite else { throw ModelInputError(.invalidTarget(text), file: fileName) }
                result.elements[j] = value
            }
            return result
        }
        let index = ClassIndex(classNames: classNames)
        for (j, text) in labels.enumerated() {
            guard let k = index.index(of: text) else {
                throw ModelInputError(.unknownClass(text, classNames: classNames), file: fileName)
            }
            result.elements[j] = Double(k)
        }
        return result
    }
}
