import Foundation

/// Where examples come from: a course dataset, or a file (CSV — gzip-compressed too, `-` for
/// standard input — or `.npy` with its labels in a second `.npy`).
public enum DataSource: Sendable, Equatable, Codable {
    case course(CourseDataset)
    case file(path: String, labels: String? = nil)

    /// `moons`, `circles`, `football`, `spiral` or `blobs` name a built-in dataset; anything else is a path.
    public init(_ text: String, labels: String? = nil) {
        if let course = CourseDataset(rawValue: text) { self = .course(course) } else { self = .file(path: text, labels: labels) }
    }

    /// The name errors use: the dataset's name, the path, or `<stdin>` for `-`.
    public var displayName: String {
        switch self {
        case .course(let dataset): dataset.rawValue
        case .file(let path, _): URL(fileURLWithPath: path).displayName
        }
    }
}

/// What the data of a run is and how it is prepared: the sources, the label column, the held-out
/// splits, the normalization and the task. `descent train` builds one from its options; library
/// users build one directly.
public struct DataConfiguration: Sendable, Equatable, Codable {
    /// Classification (labels are classes), regression (labels are numeric targets), or `auto`:
    /// what the labels imply (`TaskInference`; the course datasets are classification).
    public enum Task: String, Sendable, Equatable, Codable, CaseIterable {
        case classification, regression, auto
    }

    /// How a regression's target is scaled for training. `standard`: the network fits
    /// y' = (y − mean) / std, the mean and (population) standard deviation of the training split's
    /// targets (std 1 for a constant target), and every output is mapped back, ŷ = ŷ' · std + mean,
    /// so predictions and RMSE are in the target's units; `none`: the network fits y as it is.
    /// Classification ignores it.
    public enum TargetScaling: String, Sendable, Equatable, Codable, CaseIterable {
        case standard, none
    }

    /// The training data (and the course datasets' own test set).
    public var source: DataSource
    /// A separate test file, in the same format as `source`. When both are CSV files with a header,
    /// its columns are matched to the training file's by name, in any order (as a saved model's
    /// input is); otherwise by position.
    public var test: DataSource?
    /// A separate dev file, in the same format as `source` (instead of `devFraction`), matched to
    /// it as `test` is.
    public var dev: DataSource?
    /// A CSV's label column (default: one named `label`, else the last column).
    public var labelColumn: String?
    /// A CSV's field delimiter, one ASCII character other than a quote or a line break.
    public var delimiter: String
    /// Hold out this fraction of the training data as the test set, in (0, 1).
    public var testFraction: Double?
    /// Hold out this fraction of the (remaining) training data as the dev set, in (0, 1).
    public var devFraction: Double?
    /// Input normalization fitted on the training split (`nil`: standard for files, none for the
    /// course datasets, which the labs train raw). One-hot columns are left 0/1.
    public var normalization: FeatureScaler.Method?
    public var task: Task
    /// How a regression's target is scaled for training (standardized on the training split by default).
    public var targetScaling: TargetScaling
    /// How a CSV's columns become features: kinds, categories, missing cells.
    public var tabular: TabularOptions

    public init(source: DataSource, test: DataSource? = nil, dev: DataSource? = nil, labelColumn: String? = nil, delimiter: String = ",",
                testFraction: Double? = nil, devFraction: Double? = nil, normalization: FeatureScaler.Method? = nil,
                task: Task = .classification, targetScaling: TargetScaling = .standard, tabular: TabularOptions = TabularOptions()) {
        self.source = source
        self.test = test
        self.dev = dev
        self.labelColumn = labelColumn
        self.delimiter = delimiter
        self.testFraction = testFraction
        self.devFraction = devFraction
        self.normalization = normalization
        self.task = task
        self.targetScaling = targetScaling
        self.tabular = tabular
    }

    /// How a CSV source is read: the label column (`labelColumn`), the labels as classes or targets
    /// (`task`), the delimiter, and the tabular missing-cell spellings kept as missing cells.
    var csvLoadingOptions: CSVLoadingOptions {
        let delimiter = delimiter.unicodeScalars
        precondition(delimiter.count == 1, "The delimiter must be one character.")
        var options = CSVLoadingOptions(labels: task == .regression ? .targets : .classes, delimiter: delimiter.first!)
        if let labelColumn { options.labelColumn = .named(labelColumn) }
        options.invalidCells = .tabular(tabular.missingValues)
        return options
    }

    /// Whether the training data is a course dataset (the labs' defaults apply).
    public var isCourseData: Bool {
        if case .course = source { return true }
        return false
    }
}

/// Why data could not be prepared (thrown), or something about it worth telling the user that does
/// not stop the run (`PreparedData.warnings`). `field` names the `DataConfiguration` (or
/// `TabularOptions`) property concerned, when one is, so a command line can say which option to
/// change: with `value`, the setting at fault; without, the setting that would change the outcome.
public struct DataPreparationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration field at fault (`testFraction`, `devFraction`, …), if any.
    public var field: String?
    /// The field's value as given.
    public var value: String?
    /// What went wrong, starting with the file where there is one.
    public var message: String

    public init(field: String? = nil, value: String? = nil, message: String) {
        self.field = field
        self.value = value
        self.message = message
    }

    /// `field value: message`, or the message alone.
    public var description: String {
        guard let field else { return message }
        return "\(field)\(value.map { " \($0)" } ?? ""): \(message)"
    }
}

/// Data ready for training: loaded, split (stratified and seeded), normalized with statistics of the
/// training split, with its class names, loss and output size.
///
/// ```swift
/// let data = try PreparedData(DataConfiguration(source: .file(path: "train.csv"), devFraction: 0.1), seed: 0)
/// data.train      // Dataset<Double>, standardized
/// data.classNames // ["cat", "dog"]
/// data.loss       // .binaryCrossEntropy
/// ```
public struct PreparedData: Sendable {
    /// The training split in float64 (converted when the data was prepared in float32:
    /// `train(as:)` gives a split in its own precision without a copy).
    public var train: Dataset<Double> { storedTrain.dataset(as: Double.self) }
    /// The dev split in float64 (see `train`).
    public var dev: Dataset<Double>? { storedDev?.dataset(as: Double.self) }
    /// The test split in float64 (see `train`).
    public var test: Dataset<Double>? { storedTest?.dataset(as: Double.self) }
    /// The splits as prepared, in the precision `init(_:seed:precision:)` was given.
    var storedTrain: StoredSplit
    var storedDev: StoredSplit?
    var storedTest: StoredSplit?
    /// Class names in index order (`nil` for regression).
    public var classNames: [String]?
    public var featureNames: [String]
    /// A CSV's label column as read (its header name, or `column k`); `nil` for other sources.
    public var labelName: String?
    /// The normalization fitted on the training split (applied to every split already).
    public var scaler: FeatureScaler
    /// A regression target's standardization fitted on the training split (`DataConfiguration.TargetScaling.standard`):
    /// every split's labels hold y' = (y − mean) / std already, which the network fits; `inTargetUnits` maps outputs
    /// back. `nil` for classification and for an unscaled target.
    public var targetScaler: FeatureScaler?
    /// A CSV's column encoding learned on the training split (`nil` for the course datasets, `.npy`,
    /// and a CSV whose columns are all complete numbers, used as they are).
    public var encoder: TabularEncoder?
    public var loss: Loss
    /// Things worth telling the user that do not stop the run (e.g. a held-out split missing a
    /// class), one sentence each.
    public var warnings: [DataPreparationIssue] = []
    /// What was done to the data that the user should know (columns left out, cells imputed,
    /// examples dropped), one sentence each.
    public var notes: [String] = []

    /// Output units: 1 for binary (sigmoid) and regression with one target; k for k classes.
    public var outputSize: Int {
        switch loss {
        case .binaryCrossEntropy: 1
        case .categoricalCrossEntropy: classNames?.count ?? 2
        case .meanSquaredError: storedTrain.labelRows
        }
    }

    /// The number of input features n_x.
    public var featureCount: Int { storedTrain.featureCount }
    /// The number of training examples m.
    public var trainCount: Int { storedTrain.count }
    /// The number of dev examples (`nil`: no dev split).
    public var devCount: Int? { storedDev?.count }
    /// The number of test examples (`nil`: no test split).
    public var testCount: Int? { storedTest?.count }

    /// The training split in `Scalar` precision: the prepared one itself when it is in that
    /// precision (no copy), converted otherwise.
    public func train<Scalar: DescentFloat>(as _: Scalar.Type) -> Dataset<Scalar> { storedTrain.dataset(as: Scalar.self) }
    /// The dev split in `Scalar` precision (see `train(as:)`).
    public func dev<Scalar: DescentFloat>(as _: Scalar.Type) -> Dataset<Scalar>? { storedDev?.dataset(as: Scalar.self) }
    /// The test split in `Scalar` precision (see `train(as:)`).
    public func test<Scalar: DescentFloat>(as _: Scalar.Type) -> Dataset<Scalar>? { storedTest?.dataset(as: Scalar.self) }
    /// The training labels in float64 (the features left as they are).
    public var trainLabels: Matrix<Double> { storedTrain.labels }

    /// A split kept in the precision it was prepared in. A float32 split converted from float64
    /// keeps its float64 labels too (`exactLabels`: 8 bytes an example), so a regression's metrics
    /// compare with the targets as prepared, not as float32 rounded them.
    enum StoredSplit: Sendable {
        case float64(Dataset<Double>)
        case float32(Dataset<Float>, exactLabels: Matrix<Double>?)

        init<Scalar: DescentFloat>(_ split: Dataset<Scalar>) {
            if let split = split as? Dataset<Float> { self = .float32(split, exactLabels: nil) } else { self = .float64(split.converted()) }
        }

        /// `split` (the `name` split) converted to float32, its labels kept in float64 as well. A
        /// held-out value far outside the training split's range can pass float32's ±3.4e38 even
        /// standardized with its statistics: an issue naming its feature.
        init(converting split: Dataset<Double>, name: String, featureNames: [String]) throws(DataPreparationIssue) {
            let features = split.features.converted(to: Float.self)
            if !features.isFinite, let index = features.elements.firstIndex(where: { !$0.isFinite }) {
                let feature = featureNames[index / Swift.max(features.columns, 1)]
                throw DataPreparationIssue(field: "precision", value: "float32", message: "the \(name) split's '\(feature)' holds "
                    + "\(split.features.elements[index]) once standardized, beyond float32's range (±3.4e38): train in float64 (--precision float64)")
            }
            self = .float32(Dataset(features: features, labels: split.labels.converted()), exactLabels: split.labels)
        }

        /// The split in `Scalar` precision (itself, without a copy, in its own).
        func dataset<Scalar: DescentFloat>(as _: Scalar.Type) -> Dataset<Scalar> {
            switch self {
            case .float64(let split): split.converted()
            case .float32(let split, _): split.converted()
            }
        }

        /// The split's examples m, features n_x and label rows, whatever its precision.
        private var shape: (examples: Int, features: Int, labelRows: Int) {
            switch self {
            case .float64(let split): (split.count, split.featureCount, split.labels.rows)
            case .float32(let split, _): (split.count, split.featureCount, split.labels.rows)
            }
        }

        var count: Int { shape.examples }
        var featureCount: Int { shape.features }
        var labelRows: Int { shape.labelRows }

        var labels: Matrix<Double> {
            switch self {
            case .float64(let split): split.labels
            case .float32(let split, let exactLabels): exactLabels ?? split.labels.converted()
            }
        }
    }

    /// Loads `configuration`'s data and prepares it. The held-out splits draw from numpy's
    /// generator seeded with `seed` (test first, then dev). A CSV is read as it comes: its columns'
    /// kinds, categories and missing-cell fills are learned on the training split
    /// (`TabularEncoder`, configured by `configuration.tabular`) and applied to every split and to
    /// the test and dev files, whose columns are matched to the training file's by name when both
    /// have a header (`columnPositions`), by position otherwise. Degenerate data is an error: no
    /// examples, a single training class, a test class the training data lacks, a held-out
    /// fraction that leaves no example, a missing label (unless such examples are dropped).
    ///
    /// `precision` is the splits' precision, the one training uses (`train(as:)` then makes no
    /// copy). In float32 a CSV whose columns hold numbers (complete or missing, no text, none
    /// declared categorical) is read straight into float32 when `readsFloat32` allows: the matrix
    /// is parsed once, at half the size, with no float64 copy (its numbers rounded to float32 as
    /// they are read, where float64 training rounds them to float64; integers are exact in both).
    /// Other data — and every file with `readsFloat32` false — is prepared in float64 and
    /// converted once normalized (the float64 splits then freed), so no raw value is rounded to
    /// float32, nor overflows it, before it is standardized.
    public init(_ configuration: DataConfiguration, seed: UInt32, precision: Precision = .float64,
                readsFloat32: Bool = true) throws(DataPreparationIssue) {
        if precision == .float32, readsFloat32, let prepared = try PreparedData(preparing: configuration, seed: seed, as: Float.self) {
            self = prepared
            return
        }
        guard let prepared = try PreparedData(preparing: configuration, seed: seed, as: Double.self) else {
            preconditionFailure("Any data can be prepared in float64.")
        }
        self = prepared
        if precision == .float32 {
            let names = featureNames
            storedTrain = try StoredSplit(converting: train(as: Double.self), name: "training", featureNames: names)
            storedDev = try dev(as: Double.self).map { split throws(DataPreparationIssue) in try StoredSplit(converting: split, name: "dev", featureNames: names) }
            storedTest = try test(as: Double.self).map { split throws(DataPreparationIssue) in try StoredSplit(converting: split, name: "test", featureNames: names) }
        }
    }

    /// `init(_:seed:precision:)` in `Scalar` precision; `nil` when the data must be prepared in
    /// float64 first (a float32 request for a course dataset, a `.npy` file, or a CSV with text
    /// cells or a declared categorical column, whose category names come from the float64 numbers).
    private init?<Scalar: DescentFloat>(preparing configuration: DataConfiguration, seed: UInt32,
                                        as _: Scalar.Type) throws(DataPreparationIssue) {
        var configuration = configuration
        let trainName = configuration.source.displayName
        var notes: [String] = []
        var warnings: [DataPreparationIssue] = []
        var courseTest: Dataset<Scalar>?
        var loaded: Loaded<Scalar>
        switch configuration.source {
        case .course(let dataset):
            guard Scalar.self == Double.self else { return nil }
            let split: TrainTestSplit<Double>
            do {
                split = try dataset.load(as: Double.self)
            } catch {
                throw DataPreparationIssue(message: "\(dataset.rawValue): \(error)")
            }
            loaded = Loaded(features: split.train.features.converted(), labels: split.train.labels.converted(),
                            classNames: (0..<dataset.classCount).map(String.init), featureNames: ["x1", "x2"])
            courseTest = split.test?.converted()
        case .file:
            loaded = try Self.load(configuration.source, configuration: configuration, notes: &notes, as: Scalar.self)
            guard Scalar.self == Double.self || Self.readsDirectly(loaded, configuration: configuration) else { return nil }
        }
        let m = loaded.labels.columns
        guard m > 0 else { throw DataPreparationIssue(message: "\(trainName): no examples") }
        if configuration.task == .auto {
            configuration.task = try Self.inferTask(of: &loaded, file: trainName, notes: &notes)
        }
        let task = configuration.task
        var classNames = loaded.classNames
        if task == .classification, let classNames {
            let present = Set(loaded.labels.elements)
            if present.count < 2 {
                let only = present.first.map { classNames[Int($0)] } ?? "?"
                throw DataPreparationIssue(message: "\(trainName): every training label is '\(only)': classification needs at least "
                    + "two classes (for a numeric target use the regression task)")
            }
        }

        // A column numbering the rows (pandas' to_csv writes one unless index=False) tells the
        // network nothing about new examples; from 10 rows on, one reading 0, 1, 2, … is called one.
        if case .file = configuration.source, m >= 10 {
            let tabular = configuration.tabular
            for (row, name) in loaded.featureNames.enumerated()
            where !tabular.ignore.contains(name) && (tabular.features?.contains(name) ?? true) && Self.numbersRows(loaded.features, row: row) {
                let first = Int(loaded.features[row, 0])
                warnings.append(DataPreparationIssue(field: "ignore", message: "\(trainName): column '\(name)' numbers the rows "
                    + "\(first), \(first + 1), \(first + 2), …: a row index tells the network nothing about new examples; leave it out"))
            }
        }

        // The held-out splits, as example indices (the features are encoded once the training rows are known).
        let rows = try HeldOutRows(labels: loaded.labels, testFraction: configuration.testFraction, devFraction: configuration.devFraction,
                                   seed: seed, classNames: classNames, classifying: task == .classification, fileName: trainName)
        warnings += rows.warnings
        let (trainRows, devRows, testRows) = (rows.train, rows.dev, rows.test)

        // A table's columns encoded as its training rows show them; other data as it is.
        var encoder: TabularEncoder?
        var features = loaded.features
        var featureNames = loaded.featureNames
        if let table = loaded.table {
            let fitted = try TabularEncoder(fittedOn: table, rows: trainRows, options: configuration.tabular, fileName: trainName)
            let (encoded, found) = try fitted.transform(table, fileName: trainName)
            warnings += found.map { DataPreparationIssue(message: "\(trainName): \($0)") }
            // A table of complete numeric columns, all kept, needs no encoding: its model reads files as before.
            if !fitted.passesThrough(table) {
                notes += fitted.summary
                encoder = fitted
            }
            features = encoded
            featureNames = fitted.featureNames
        }
        // The raw table's matrix and every other copy of the features end here, so the training
        // split is the only one left and is normalized in place (peak memory: one matrix, plus the
        // encoded one for a table that needs encoding).
        let labelName = loaded.table?.labelName
        // The training file's columns by name, when a header named them.
        let trainColumns = loaded.table.flatMap { $0.hasHeader ? $0.featureNames : nil }
        let all = Dataset(features: consume features, labels: loaded.labels)
        _ = consume loaded
        var dev = devRows.map { all.selecting(columns: $0) }
        var test = testRows.map { all.selecting(columns: $0) }
        let train = trainRows.map { all.selecting(columns: $0) } ?? all
        _ = consume all
        /// A separate file's examples, read and encoded as the training data (its columns by name when
        /// both files have a header), labels matched to its classes.
        func heldOut(_ source: DataSource) throws(DataPreparationIssue) -> Dataset<Scalar> {
            let name = source.displayName
            var fileNotes: [String] = []
            var loaded = try Self.load(source, configuration: configuration, notes: &fileNotes, as: Scalar.self)
            var positions: [Int]?
            if let trainColumns, let labelName, let table = loaded.table, table.hasHeader {
                if table.labelName != labelName && table.featureNames.contains(labelName) {
                    // The label is not where the rule looks in this file: read it again, the training label's column by name.
                    var byName = configuration
                    byName.labelColumn = labelName
                    fileNotes = []
                    loaded = try Self.load(source, configuration: byName, notes: &fileNotes, as: Scalar.self)
                }
                positions = try Self.columnPositions(of: loaded.table?.featureNames ?? [], matching: trainColumns, labelName: labelName,
                                                     needed: encoder?.inputColumns ?? trainColumns, ignored: configuration.tabular.ignore,
                                                     file: name, trainingFile: trainName)
            }
            notes += fileNotes
            var features = loaded.features
            if let table = loaded.table {
                if let encoder {
                    let (encoded, found) = try encoder.transform(table, fileName: name)
                    warnings += found.map { DataPreparationIssue(message: "\(name): \($0)") }
                    features = encoded
                } else if let cells = table.missingCells.first {
                    throw DataPreparationIssue(message: "\(cells.location(name)): missing value \(quoted(cells.firstValue)) in column "
                        + "'\(cells.feature)', but the training data has none to learn a fill from")
                } else if let (feature, text) = table.textColumns.min(by: { $0.value.firstLine < $1.value.firstLine }) {
                    throw DataPreparationIssue(message: "\(name):\(text.firstLine):\(text.firstColumn): text \(quoted(text.vocabulary[0])) "
                        + "in column '\(table.featureNames[feature])', which is numeric in the training data")
                } else if let positions, positions != Array(positions.indices) {
                    // Numbers used as they are: the rows in the training file's column order.
                    let m = features.columns
                    features = Matrix(rows: positions.count, columns: m,
                                      elements: positions.flatMap { features.elements[($0 * m)..<(($0 + 1) * m)] })
                }
            }
            guard features.rows == train.featureCount else {
                throw DataPreparationIssue(message: "\(name): has \(features.rows) feature columns, but \(trainName) has \(train.featureCount)")
            }
            return try Self.remap(Dataset(features: features, labels: loaded.labels), from: loaded.classNames, to: classNames,
                                  task: task, file: name)
        }
        if test == nil, let source = configuration.test { test = try heldOut(source) }
        if dev == nil, let source = configuration.dev { dev = try heldOut(source) }
        if test == nil { test = courseTest }

        var scaler = FeatureScaler(method: configuration.normalization ?? (configuration.isCourseData ? .none : .standard),
                                   fittedOn: train.features)
        if let feature = scaler.unusableFeature {
            let row = train.features.elements[(feature * train.count)..<((feature + 1) * train.count)]
            throw DataPreparationIssue(message: "\(trainName): feature '\(featureNames[feature])' spans \(row.min()!) to \(row.max()!), "
                + "too wide to normalize in float64 (the difference overflows); rescale or drop the column")
        }
        if let encoder {
            // One-hot and missing-indicator columns stay 0/1 (an unseen category stays all zeros).
            let indicator = encoder.isIndicator
            scaler = FeatureScaler(method: scaler.method, offsets: zip(scaler.offsets, indicator).map { $1 ? 0 : $0 },
                                   scales: zip(scaler.scales, indicator).map { $1 ? 1 : $0 })
        }
        let loss: Loss
        var targetScaler: FeatureScaler?
        switch task {
        case .regression:
            loss = .meanSquaredError
            classNames = nil
            if configuration.targetScaling == .standard {
                let fitted = FeatureScaler(method: .standard, fittedOn: train.labels)
                if fitted.unusableFeature != nil {
                    throw DataPreparationIssue(field: "targetScaling", value: "standard", message: "\(trainName): the target "
                        + "'\(labelName ?? "label")' spans \(train.labels.elements.min()!) to \(train.labels.elements.max()!), "
                        + "too wide to standardize in float64 (the difference overflows); rescale it")
                }
                targetScaler = fitted
                let constant = train.labels.elements.allSatisfy { $0 == train.labels.elements[0] }
                notes.append("\(trainName): the target '\(labelName ?? "label")' is standardized with the training split's mean "
                    + "\(Markup.significant(fitted.offsets[0], digits: 6)) and standard deviation "
                    + (constant ? "0 (constant: only the mean is subtracted)" : Markup.significant(fitted.scales[0], digits: 6)) + ": "
                    + "the network's cost is on the standardized target; predictions, RMSE and R² are in its units "
                    + "(--target-scaling none trains on it as it is)")
            }
        case .classification, .auto:
            // (`auto` was resolved above.)
            loss = (classNames?.count ?? 2) > 2 ? .categoricalCrossEntropy : .binaryCrossEntropy
        }
        /// The split with its features normalized and (a scaled regression) its targets standardized.
        func scaled(_ split: consuming Dataset<Scalar>) -> Dataset<Scalar> {
            var result = scaler.transform(consume split)
            if let targetScaler { result.labels = targetScaler.transform(result.labels) }
            return result
        }
        self.storedTrain = StoredSplit(scaled(consume train))
        self.storedDev = dev.map { StoredSplit(scaled($0)) }
        self.storedTest = test.map { StoredSplit(scaled($0)) }
        self.targetScaler = targetScaler
        self.classNames = classNames
        self.featureNames = featureNames
        self.labelName = labelName
        self.scaler = scaler
        self.encoder = encoder
        self.loss = loss
        self.warnings = warnings
        self.notes = notes
    }

    /// Network outputs (or standardized targets) in the target's units: ŷ' · std + mean with a scaled
    /// regression target (`targetScaler`), `outputs` unchanged otherwise.
    public func inTargetUnits(_ outputs: Matrix<Double>) -> Matrix<Double> {
        targetScaler?.inverseTransform(outputs) ?? outputs
    }

    /// The task `loaded`'s labels imply (`TaskInference`; classification for labels without class
    /// names); a regression's labels become the numbers their classes name, with a note.
    static func inferTask<Scalar: DescentFloat>(of loaded: inout Loaded<Scalar>, file: String, notes: inout [String]) throws(DataPreparationIssue)
        -> DataConfiguration.Task {
        guard let names = loaded.classNames else { return .classification }
        let inference = try TaskInference(classNames: names, examples: loaded.labels.columns, labelName: loaded.table?.labelName ?? "label",
                                          file: file)
        if inference.task == .regression {
            let targets = names.map { Scalar(Double($0.trimmingCharacters(in: .whitespaces))!) }
            loaded.labels = Matrix(rows: 1, columns: loaded.labels.columns, elements: loaded.labels.elements.map { targets[Int($0)] })
            loaded.classNames = nil
            loaded.table?.labels = loaded.labels
            loaded.table?.classNames = nil
            notes.append("\(file): \(inference.reason): training a regression (--task classification treats them as classes)")
        }
        return inference.task
    }

    /// Whether feature `row` of `features` reads 0, 1, 2, … or 1, 2, 3, … in file order.
    static func numbersRows<Scalar: DescentFloat>(_ features: Matrix<Scalar>, row: Int) -> Bool {
        guard features.columns > 0, case let first = features[row, 0], first == 0 || first == 1 else { return false }
        return (0..<features.columns).allSatisfy { features[row, $0] == first + Scalar($0) }
    }

    /// A file's examples as read: the raw features (for a CSV, `table` holds its text and missing
    /// cells too), the labels as class indices or targets, the class names.
    struct Loaded<Scalar: DescentFloat> {
        var features: Matrix<Scalar>
        var labels: Matrix<Scalar>
        var classNames: [String]?
        var featureNames: [String]
        var table: CSVTable<Scalar>?
    }

    /// Whether a training file read in float32 (`loaded`) is prepared as it is: a CSV whose columns
    /// the encoder reads as numbers (no text cell, none declared categorical). A `.npy` file (read
    /// in float64) and a table with text are prepared in float64 instead.
    static func readsDirectly<Scalar: DescentFloat>(_ loaded: Loaded<Scalar>, configuration: DataConfiguration) -> Bool {
        guard let table = loaded.table else { return false }
        return table.textColumns.isEmpty && configuration.tabular.categorical.isEmpty
    }

    /// Reads a file source: CSV as it comes (any delimiter, gzip, standard input) or `.npy` with
    /// its labels. Examples whose label is missing are an error naming the first one's line, or —
    /// with `TabularOptions.dropsMissingLabels` — dropped with a note.
    static func load<Scalar: DescentFloat>(_ source: DataSource, configuration: DataConfiguration, notes: inout [String],
                                           as _: Scalar.Type) throws(DataPreparationIssue) -> Loaded<Scalar> {
        guard case .file(let path, let labelsPath) = source else {
            preconditionFailure("A course dataset is not a file.")
        }
        let url = URL(fileURLWithPath: path)
        if path.lowercased().hasSuffix(".npy") {
            guard let labelsPath else {
                throw DataPreparationIssue(message: "\(path): a .npy feature file needs its labels in a second .npy file")
            }
            let examples: NPYExamples
            do throws(DataLoadingError) {
                examples = try NPYExamples(features: url, labels: URL(fileURLWithPath: labelsPath))
            } catch {
                throw DataPreparationIssue(message: error.description)
            }
            let features: Matrix<Scalar> = examples.features.converted()
            guard let labels = examples.labels else { preconditionFailure("A labels file was given.") }
            guard labels.count == features.columns else {
                throw DataPreparationIssue(message: "\(labelsPath): has \(labels.count) labels for \(features.columns) examples in \(path)")
            }
            let names = (0..<features.rows).map { "x\($0 + 1)" }
            guard case .numbers(let file) = labels else {
                guard case .text(let texts) = labels, configuration.task != .regression else {
                    throw DataPreparationIssue(field: "task", value: "regression", message: "\(labelsPath): holds text labels, not numeric targets")
                }
                if let empty = texts.firstIndex(of: "") { throw DataPreparationIssue(message: "\(labelsPath): label \(empty) is empty") }
                let distinct = Array(Set(texts)).sorted()
                let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Scalar($0)) })
                return Loaded(features: features, labels: Matrix(rows: 1, columns: texts.count, elements: texts.map { index[$0]! }),
                              classNames: distinct, featureNames: names)
            }
            let values = file.values
            if configuration.task == .regression {
                return Loaded(features: features, labels: Matrix(rows: 1, columns: values.count, elements: values.map { Scalar($0) }), classNames: nil,
                              featureNames: names)
            }
            let distinct = Array(Set(values)).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Scalar($0)) })
            return Loaded(features: features, labels: Matrix(rows: 1, columns: values.count, elements: values.map { index[$0]! }),
                          classNames: distinct.map(NPYFile.className), featureNames: names)
        }
        var table: CSVTable<Scalar>
        do throws(DataLoadingError) {
            table = try CSVTable<Scalar>(contentsOf: url, options: configuration.csvLoadingOptions)
        } catch {
            throw DataPreparationIssue(message: error.description)
        }
        if let missing = table.missingLabels {
            guard configuration.tabular.dropsMissingLabels else {
                throw DataPreparationIssue(field: "dropsMissingLabels", message: "\(missing.location(source.displayName)): the label is missing "
                    + "(\(quoted(missing.firstValue)) in column '\(missing.feature)'; \(missing.count) row\(missing.count == 1 ? "" : "s") in all)")
            }
            let kept = (0..<table.count).filter { !table.labels.elements[$0].isNaN }
            notes.append("\(source.displayName): dropped \(missing.count) example\(missing.count == 1 ? "" : "s") whose label is missing "
                + "(first on line \(missing.firstLine))")
            table = table.selecting(examples: kept)
        }
        return Loaded(features: table.features, labels: table.labels, classNames: table.classNames, featureNames: table.featureNames,
                      table: table)
    }

    /// Where each column of `needed` (those the training features are made from) is among a second
    /// file's feature columns `names`, both files having a header: the file must have every one of
    /// them and no column the training file's `trainingColumns` lack (unless `ignored`); otherwise
    /// the error names the missing and the unknown columns and says how to name them.
    static func columnPositions(of names: [String], matching trainingColumns: [String], labelName: String, needed: [String],
                                ignored: [String], file: String, trainingFile: String) throws(DataPreparationIssue) -> [Int] {
        let missing = needed.filter { !names.contains($0) }
        let unknown = names.filter { !trainingColumns.contains($0) && !ignored.contains($0) }
        guard missing.isEmpty && unknown.isEmpty else {
            func listed(_ columns: [String]) -> String {
                "column\(columns.count == 1 ? "" : "s") " + TabularEncoder.shortList(columns.map { "'\($0)'" })
            }
            let problems = [missing.isEmpty ? nil : "has no \(listed(missing)), which the training features need",
                            unknown.isEmpty ? nil : "has \(unknown.count == 1 ? "a " : "")\(listed(unknown)) that \(trainingFile) lacks"]
            throw DataPreparationIssue(message: "\(file): its columns are matched to \(trainingFile)'s by name, but it "
                + problems.compactMap { $0 }.joined(separator: ", and ") + "; name its columns as \(trainingFile) does, in any order ("
                + TabularEncoder.shortList(trainingColumns + [labelName]) + ")")
        }
        return needed.compactMap { names.firstIndex(of: $0) }
    }

    /// Re-indexes a test set's labels from its own class names to the training set's, by
    /// `ClassIndex`'s rule (by name, or by value when both are numbers).
    static func remap<Scalar: DescentFloat>(_ data: Dataset<Scalar>, from names: [String]?, to trainNames: [String]?, task: DataConfiguration.Task,
                                            file: String) throws(DataPreparationIssue) -> Dataset<Scalar> {
        guard task == .classification, let names, let trainNames else { return data }
        let index = ClassIndex(classNames: trainNames)
        var labels = data.labels
        for j in 0..<labels.count {
            let name = names[Int(labels.elements[j])]
            guard let position = index.index(of: name) else {
                let shown = trainNames.prefix(10).joined(separator: ", ") + (trainNames.count > 10 ? ", …" : "")
                throw DataPreparationIssue(message: "\(file): class '\(name)' does not occur in the training data (its classes: \(shown))")
            }
            labels.elements[j] = Scalar(position)
        }
        return Dataset(features: data.features, labels: labels)
    }
}
