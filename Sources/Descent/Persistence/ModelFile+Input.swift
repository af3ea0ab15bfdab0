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
    /// Reads a CSV file of examples for this model, by the rules training reads its data with
    /// (`CSVFirstRecord`: a text file, gzip-compressed or `-` for standard input; the same header
    /// detection, the same label column), choosing the columns the model reads.
    ///
    /// The label column is `labelColumn`, else the model's own label column (`labelName`) when the
    /// first row names it, each implying a header as training's `--label` does (a `labelColumn`
    /// the file lacks is an error); else, as training decides, the first row is a header when it
    /// has a column named `label` (any case), then the label column, or a non-numeric field
    /// outside the last column. With a header holding every feature name the model was trained on,
    /// those columns are taken by name (in any order; without a label column by name, a single
    /// column left over is the label, more are ignored). Otherwise every column except the label
    /// column is a feature, in order. Without a header, n_x columns are all features and n_x + 1
    /// columns end with the label (the training convention). A model of a table (`encoder`) needs
    /// the header and takes its columns by name.
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

    /// Reads `bytes` (see `input(csv:delimiter:labelColumn:)`); `releasingPages`: they are a memory
    /// map whose pages may be handed back once parsed.
    func readCSV(_ bytes: UnsafeRawBufferPointer, fileName: String, delimiter: Unicode.Scalar, labelColumn: String?,
                 releasingPages: Bool = false) throws(ModelInputError) -> ModelInput {
        func data<T: ~Copyable>(_ body: () throws(DataLoadingError) -> T) throws(ModelInputError) -> T {
            do { return try body() } catch { throw ModelInputError(.data(error), file: fileName) }
        }
        var options = CSVLoadingOptions(delimiter: delimiter)
        if let labelColumn { options.labelColumn = .named(labelColumn) }
        if encoder != nil { options.header = .present }
        var first = try data { () throws(DataLoadingError) in try CSVFirstRecord(bytes, fileName: fileName, options: options) }
        if labelColumn == nil, let labelName, first.fields.contains(labelName) {
            // The model's own label column, as its training read it (`--label`), when the first row names it.
            options.labelColumn = .named(labelName)
            first = try data { () throws(DataLoadingError) in try CSVFirstRecord(bytes, fileName: fileName, options: options) }
        }
        let columnCount = first.columnCount, columns = first.fields, names = first.columnNames
        var labelIndex = first.chosenLabelIndex
        var roles = [Int32](repeating: CSVLayout.ignoredRole, count: columnCount)
        let readNames: [String]
        if let encoder {
            // A table: its columns by name, read as they come, then encoded.
            let missing = encoder.inputColumns.filter { !columns.contains($0) }
            guard missing.isEmpty else {
                throw ModelInputError(.missingColumns(missing, modelColumns: encoder.inputColumns), file: fileName)
            }
            for (slot, name) in encoder.inputColumns.enumerated() { roles[columns.firstIndex(of: name)!] = Int32(slot) }
            readNames = encoder.inputColumns
        } else {
            let n = network.inputSize
            var featureIndices: [Int]
            let byName = featureNames.map { columns.firstIndex(of: $0) }
            if first.hasHeader, Set(featureNames).count == n, byName.allSatisfy({ $0 != nil && $0 != labelIndex }) {
                featureIndices = byName.map { $0! }
                if labelIndex == nil {
                    // The one column left over is the label, whatever its name.
                    let rest = (0..<columnCount).filter { !featureIndices.contains($0) }
                    if rest.count == 1 { labelIndex = rest[0] }
                }
            } else {
                // Without a header, n_x + 1 columns end with the label (training's rule); n_x are all features.
                if !first.hasHeader && columnCount == n + 1 { labelIndex = first.labelIndex }
                featureIndices = (0..<columnCount).filter { $0 != labelIndex }
            }
            guard featureIndices.count == n else {
                throw ModelInputError(.featureCountMismatch(found: featureIndices.count, expected: n, featureNames: featureNames), file: fileName)
            }
            for (slot, column) in featureIndices.enumerated() { roles[column] = Int32(slot) }
            readNames = featureIndices.map { names[$0] }
        }
        if let index = labelIndex, roles[index] == CSVLayout.ignoredRole { roles[index] = CSVLayout.labelRole } else { labelIndex = nil }
        var layout = CSVLayout(columnCount: columnCount, roles: roles, labels: .classes, delimiter: first.delimiter,
                               storesFloat: false, requiresFloatRange: Scalar.self == Float.self, fileName: fileName)
        if let encoder { layout.cells = .tabular(CSVMissingTokens(encoder.missingValues)) }
        let parsed = try data { () throws(DataLoadingError) in
            ParsedCSV(try first.records(layout, releasingPages: releasingPages), layout: layout, featureNames: readNames,
                      labelName: labelIndex.map { names[$0] } ?? labelName ?? "label")
        }
        let labels = labelIndex == nil ? nil : parsed.labels.map { $0.isNaN ? "" : parsed.classNames![Int($0)] }
        guard let encoder else {
            guard case .double(let values) = parsed.features else { preconditionFailure("The layout stores doubles.") }
            return ModelInput(features: Matrix(rows: readNames.count, columns: parsed.labels.count, elements: values), labels: labels)
        }
        let encoded: (features: Matrix<Double>, warnings: [TabularWarning])
        do {
            encoded = try encoder.transform(CSVTable<Double>(parsed), fileName: fileName)
        } catch {
            throw ModelInputError(.table(error), file: fileName)
        }
        var input = ModelInput(features: encoded.features, labels: labels)
        input.warnings = encoded.warnings.map { "\(fileName): \($0)" }
        return input
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
        let examples: NPYExamples
        do {
            examples = try NPYExamples(features: url, labels: labelsURL)
        } catch {
            throw ModelInputError(.data(error), file: error.file)
        }
        let features = examples.features
        guard features.rows == network.inputSize else {
            throw ModelInputError(.featureCountMismatch(found: features.rows, expected: network.inputSize, featureNames: featureNames),
                                  file: url.displayName)
        }
        guard let labelsURL, let labels = examples.labels else { return ModelInput(features: features, labels: nil) }
        guard labels.count == features.columns else {
            throw ModelInputError(.labelCountMismatch(labels: labels.count, examples: features.columns), file: labelsURL.displayName)
        }
        switch labels {
        case .numbers(let file): return ModelInput(features: features, labels: file.values.map(NPYFile.className))
        case .text(let texts): return ModelInput(features: features, labels: texts)
        }
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
