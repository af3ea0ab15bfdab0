import Foundation

/// Where examples come from: a course dataset, or a file (CSV — gzip-compressed too, `-` for
/// standard input — or `.npy` with its labels in a second `.npy`).
public enum DataSource: Sendable, Equatable, Codable {
    case course(CourseDataset)
    case file(path: String, labels: String? = nil)

    /// `moons`, `circles` or `football` name a course dataset; anything else is a path.
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
    /// Classification (labels are classes) or regression (labels are numeric targets).
    public enum Task: String, Sendable, Equatable, Codable, CaseIterable {
        case classification, regression
    }

    /// The training data (and the course datasets' own test set).
    public var source: DataSource
    /// A separate test file, in the same format as `source`.
    public var test: DataSource?
    /// A CSV's label column (default: one named `label`, else the last column).
    public var labelColumn: String?
    /// A CSV's field delimiter, one ASCII character other than a quote or a line break.
    public var delimiter: String
    /// Hold out this fraction of the training data as the test set, in (0, 1).
    public var testFraction: Double?
    /// Hold out this fraction of the (remaining) training data as the dev set, in (0, 1).
    public var devFraction: Double?
    /// Input normalization fitted on the training split (`nil`: standard for files, none for the
    /// course datasets, which the labs train raw).
    public var normalization: FeatureScaler.Method?
    public var task: Task

    public init(source: DataSource, test: DataSource? = nil, labelColumn: String? = nil, delimiter: String = ",",
                testFraction: Double? = nil, devFraction: Double? = nil, normalization: FeatureScaler.Method? = nil,
                task: Task = .classification) {
        self.source = source
        self.test = test
        self.labelColumn = labelColumn
        self.delimiter = delimiter
        self.testFraction = testFraction
        self.devFraction = devFraction
        self.normalization = normalization
        self.task = task
    }

    /// Whether the training data is a course dataset (the labs' defaults apply).
    public var isCourseData: Bool {
        if case .course = source { return true }
        return false
    }
}

/// Why data could not be prepared (thrown), or something about it worth telling the user that does
/// not stop the run (`PreparedData.warnings`). `field` names the `DataConfiguration` property
/// concerned (when one is), so a command line can say which option to change.
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
    public var train: Dataset<Double>
    public var dev: Dataset<Double>?
    public var test: Dataset<Double>?
    /// Class names in index order (`nil` for regression).
    public var classNames: [String]?
    public var featureNames: [String]
    /// The normalization fitted on the training split (applied to every split already).
    public var scaler: FeatureScaler
    public var loss: Loss
    /// Things worth telling the user that do not stop the run (e.g. a held-out split missing a
    /// class), one sentence each.
    public var warnings: [DataPreparationIssue] = []

    /// Output units: 1 for binary (sigmoid) and regression with one target; k for k classes.
    public var outputSize: Int {
        switch loss {
        case .binaryCrossEntropy: 1
        case .categoricalCrossEntropy: classNames?.count ?? 2
        case .meanSquaredError: train.labels.rows
        }
    }

    /// Loads `configuration`'s data and prepares it. The held-out splits draw from numpy's
    /// generator seeded with `seed` (test first, then dev). Degenerate data is an error: no
    /// examples, a single training class, a test class the training data lacks, a held-out fraction
    /// that leaves no example.
    public init(_ configuration: DataConfiguration, seed: UInt32) throws(DataPreparationIssue) {
        let task = configuration.task
        var split: TrainTestSplit<Double>
        var classNames: [String]?
        let featureNames: [String]
        let trainName = configuration.source.displayName
        switch configuration.source {
        case .course(let dataset):
            do {
                split = try dataset.load(as: Double.self)
            } catch {
                throw DataPreparationIssue(message: "\(dataset.rawValue): \(error)")
            }
            classNames = ["0", "1"]
            featureNames = ["x1", "x2"]
        case .file:
            let loaded = try Self.load(configuration.source, configuration: configuration)
            split = TrainTestSplit(train: loaded.data)
            classNames = loaded.classNames
            featureNames = loaded.featureNames
        }
        if let test = configuration.test {
            let loaded = try Self.load(test, configuration: configuration)
            guard loaded.data.featureCount == split.train.featureCount else {
                throw DataPreparationIssue(message: "\(test.displayName): has \(loaded.data.featureCount) feature columns, "
                    + "but \(trainName) has \(split.train.featureCount)")
            }
            split.test = try Self.remap(loaded.data, from: loaded.classNames, to: classNames, task: task, file: test.displayName)
        }
        guard split.train.count > 0 else { throw DataPreparationIssue(message: "\(trainName): no examples") }
        if task == .classification, let classNames {
            let present = Set(split.train.labels.elements)
            if present.count < 2 {
                let only = present.first.map { classNames[Int($0)] } ?? "?"
                throw DataPreparationIssue(message: "\(trainName): every training label is '\(only)': classification needs at least "
                    + "two classes (for a numeric target use the regression task)")
            }
        }

        var warnings: [DataPreparationIssue] = []
        var random = NumpyRandom(seed: seed)
        let stratified = task == .classification
        func holdOut(_ fraction: Double, field: String, name: String) throws(DataPreparationIssue) -> Dataset<Double> {
            let parts = split.train.split(heldOutFraction: fraction, stratified: stratified, using: &random)
            guard parts.heldOut.count > 0 else {
                throw DataPreparationIssue(field: field, value: "\(fraction)",
                                           message: "the \(split.train.count) training examples of \(trainName) leave no \(name) examples")
            }
            if task == .classification, let classNames {
                // The stratified split leaves every class a training example; the held-out part can miss one.
                let missing = Set(parts.kept.labels.elements).subtracting(parts.heldOut.labels.elements).sorted()
                    .map { "'\(classNames[Int($0)])'" }
                if !missing.isEmpty {
                    warnings.append(DataPreparationIssue(field: field, value: "\(fraction)", message: "the \(parts.heldOut.count)-example \(name) "
                        + "split has no example of class\(missing.count == 1 ? "" : "es") \(missing.prefix(5).joined(separator: ", "))"
                        + "\(missing.count > 5 ? ", …" : ""); its accuracy leaves \(missing.count == 1 ? "that class" : "those classes") out"))
                }
            }
            split.train = parts.kept
            return parts.heldOut
        }
        if let fraction = configuration.testFraction { split.test = try holdOut(fraction, field: "testFraction", name: "test") }
        let dev = try configuration.devFraction.map { (fraction) throws(DataPreparationIssue) in
            try holdOut(fraction, field: "devFraction", name: "dev")
        }

        let scaler = FeatureScaler(method: configuration.normalization ?? (configuration.isCourseData ? .none : .standard),
                                   fittedOn: split.train.features)
        let loss: Loss
        switch task {
        case .regression:
            loss = .meanSquaredError
            classNames = nil
        case .classification:
            loss = (classNames?.count ?? 2) > 2 ? .categoricalCrossEntropy : .binaryCrossEntropy
        }
        train = scaler.transform(split.train)
        self.dev = dev.map { scaler.transform($0) }
        test = split.test.map { scaler.transform($0) }
        self.classNames = classNames
        self.featureNames = featureNames
        self.scaler = scaler
        self.loss = loss
        self.warnings = warnings
    }

    /// Reads a file source: CSV (any delimiter, gzip, standard input) or `.npy` with its labels.
    static func load(_ source: DataSource, configuration: DataConfiguration) throws(DataPreparationIssue)
        -> (data: Dataset<Double>, classNames: [String]?, featureNames: [String]) {
        guard case .file(let path, let labelsPath) = source else {
            preconditionFailure("A course dataset is not a file.")
        }
        let url = URL(fileURLWithPath: path)
        if path.lowercased().hasSuffix(".npy") {
            guard let labelsPath else {
                throw DataPreparationIssue(message: "\(path): a .npy feature file needs its labels in a second .npy file")
            }
            let features: Matrix<Double>, values: [Double]
            do throws(DataLoadingError) {
                let featureFile = try NPYFile(contentsOf: url)
                try featureFile.requireFiniteValues(file: path)
                features = featureFile.courseLayout()
                let labelFile = try NPYFile(contentsOf: URL(fileURLWithPath: labelsPath))
                values = labelFile.values
                if values.count == features.columns { try labelFile.requireFiniteValues(file: labelsPath, entry: "label") }
            } catch {
                throw DataPreparationIssue(message: error.description)
            }
            guard values.count == features.columns else {
                throw DataPreparationIssue(message: "\(labelsPath): has \(values.count) labels for \(features.columns) examples in \(path)")
            }
            let names = (0..<features.rows).map { "x\($0 + 1)" }
            if configuration.task == .regression {
                return (Dataset(features: features, labels: Matrix(rows: 1, columns: values.count, elements: values)), nil, names)
            }
            let distinct = Array(Set(values)).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Double($0)) })
            return (Dataset(features: features, labels: Matrix(rows: 1, columns: values.count, elements: values.map { index[$0]! })),
                    distinct.map(NPYFile.className), names)
        }
        let delimiter = configuration.delimiter.unicodeScalars
        precondition(delimiter.count == 1, "The delimiter must be one character.")
        var options = CSVLoadingOptions(labels: configuration.task == .regression ? .targets : .classes, delimiter: delimiter.first!)
        if let label = configuration.labelColumn { options.labelColumn = .named(label) }
        do throws(DataLoadingError) {
            let table = try CSVTable<Double>(contentsOf: url, options: options)
            return (table.dataset, table.classNames, table.featureNames)
        } catch {
            throw DataPreparationIssue(message: error.description)
        }
    }

    /// Re-indexes a test set's labels from its own class names to the training set's, by
    /// `ClassIndex`'s rule (by name, or by value when both are numbers).
    static func remap(_ data: Dataset<Double>, from names: [String]?, to trainNames: [String]?, task: DataConfiguration.Task,
                      file: String) throws(DataPreparationIssue) -> Dataset<Double> {
        guard task == .classification, let names, let trainNames else { return data }
        let index = ClassIndex(classNames: trainNames)
        var labels = data.labels
        for j in 0..<labels.count {
            let name = names[Int(labels.elements[j])]
            guard let position = index.index(of: name) else {
                let shown = trainNames.prefix(10).joined(separator: ", ") + (trainNames.count > 10 ? ", …" : "")
                throw DataPreparationIssue(message: "\(file): class '\(name)' does not occur in the training data (its classes: \(shown))")
            }
            labels.elements[j] = Double(position)
        }
        return Dataset(features: data.features, labels: labels)
    }
}
