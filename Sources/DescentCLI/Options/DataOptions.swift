import ArgumentParser
import Descent
import Foundation

/// `--task classification|regression`.
enum TaskOption: String, ExpressibleByArgument, CaseIterable, Sendable {
    case classification, regression
}

/// `--normalize standard|minmax|none`.
extension FeatureScaler.Method: ExpressibleByArgument {}

/// Where the data comes from and how it is split and normalized.
struct DataOptions: ParsableArguments {
    @Option(help: "A course dataset (moons, circles, football), a CSV / .npy file of examples (gzip-compressed too: .csv.gz), or - for CSV on standard input.")
    var data: String = "circles"

    @Option(help: "A separate test file (same format as --data; - for standard input).")
    var test: String?

    @Option(help: "The label column of a CSV (default: a column named 'label', else the last column).")
    var label: String?

    @Option(help: "Labels for a .npy --data file (one per example).")
    var labels: String?

    @Option(help: "Labels for a .npy --test file.")
    var testLabels: String?

    @Option(help: "CSV field delimiter (one ASCII character; use '\\t' for tabs).")
    var delimiter: String = ","

    @Option(help: "Hold out this fraction of the training data as a test set (stratified, seeded).")
    var testFraction: Double?

    @Option(help: "Hold out this fraction of the training data as a dev set (stratified, seeded): dev cost and accuracy per epoch, early stopping.")
    var devFraction: Double?

    @Option(help: "Input normalization fitted on the training split (default: standard for files, none for the course datasets, which the labs train raw).")
    var normalize: FeatureScaler.Method?

    @Option(help: "Classification (sigmoid for two classes, softmax for more) or regression (linear output, mean squared error).")
    var task: TaskOption = .classification

    func validate() throws {
        if let testFraction, !(testFraction > 0 && testFraction < 1) {
            throw ValidationError("--test-fraction: must be in (0, 1), got \(testFraction)")
        }
        if let devFraction, !(devFraction > 0 && devFraction < 1) {
            throw ValidationError("--dev-fraction: must be in (0, 1), got \(devFraction)")
        }
        if (testFraction ?? 0) + (devFraction ?? 0) >= 1 {
            throw ValidationError("--test-fraction and --dev-fraction: together they must leave training data")
        }
        if test != nil && testFraction != nil {
            throw ValidationError("--test and --test-fraction: give one or the other")
        }
        try validateDelimiter(delimiter)
        if CourseDataset(rawValue: data) != nil && (label != nil || labels != nil) {
            throw ValidationError("--label/--labels: only apply to CSV or .npy files, not the course dataset '\(data)'")
        }
        if CourseDataset(rawValue: data) == nil && !data.contains(".") && !data.contains("/") && data != "-" {
            throw ValidationError("--data: unknown dataset '\(data)'; use moons, circles, football, a path to a .csv or .npy file, or - for standard input")
        }
        if data == "-" && test == "-" {
            throw ValidationError("--data - and --test -: standard input can hold only one of them")
        }
        if testLabels != nil && !(test.map(isNPY) ?? false) {
            throw ValidationError("--test-labels: only applies with a .npy --test file")
        }
        if labels != nil && CourseDataset(rawValue: data) == nil && !isNPY(data) {
            throw ValidationError("--labels: only applies to a .npy --data file; a CSV's labels are one of its columns (see --label)")
        }
        if label != nil && isNPY(data) && !(test.map { !isNPY($0) } ?? false) {
            throw ValidationError("--label: names a CSV column; a .npy --data file takes its labels from --labels FILE.npy")
        }
        if CourseDataset(rawValue: data) != nil && task == .regression {
            throw ValidationError("--task regression: the course datasets are classification problems")
        }
    }

    var resolvedDelimiter: Unicode.Scalar? { csvDelimiter(delimiter) }

    /// Whether `--data` names a course dataset (the labs' defaults apply) rather than a file.
    var isCourseDataset: Bool { CourseDataset(rawValue: data) != nil }
}

/// Data ready for training: split, normalized, with its class names.
struct PreparedData: Sendable {
    var train: Dataset<Double>
    var dev: Dataset<Double>?
    var test: Dataset<Double>?
    /// Class names in index order (nil for regression).
    var classNames: [String]?
    var featureNames: [String]
    var scaler: FeatureScaler
    var loss: Loss

    /// Output units: 1 for binary (sigmoid) and regression with one target; k for k classes.
    var outputSize: Int {
        switch loss {
        case .binaryCrossEntropy: 1
        case .categoricalCrossEntropy: classNames?.count ?? 2
        case .meanSquaredError: train.labels.rows
        }
    }
}

extension DataOptions {
    /// Loads, splits and normalizes the data. Splits draw from a generator seeded with `seed`.
    func prepare(seed: UInt32) throws -> PreparedData {
        var split: TrainTestSplit<Double>
        var classNames: [String]?
        var featureNames: [String]
        let isCourse: Bool
        if let course = CourseDataset(rawValue: data) {
            split = try course.load(as: Double.self)
            classNames = ["0", "1"]
            featureNames = ["x1", "x2"]
            isCourse = true
            if let test {
                let (loaded, names, _) = try load(path: test, labelsPath: testLabels)
                split.test = try remap(loaded, from: names, to: classNames, file: test)
            }
        } else {
            let (train, names, features) = try load(path: data, labelsPath: labels)
            split = TrainTestSplit(train: train)
            classNames = names
            featureNames = features
            isCourse = false
            if let test {
                let (loaded, testNames, _) = try load(path: test, labelsPath: testLabels)
                guard loaded.featureCount == train.featureCount else {
                    throw CommandFailure(message: "\(test): has \(loaded.featureCount) feature columns, but \(data) has \(train.featureCount)")
                }
                split.test = try remap(loaded, from: testNames, to: classNames, file: test)
            }
        }
        guard split.train.count > 0 else { throw CommandFailure(message: "\(data): no examples") }
        var random = NumpyRandom(seed: seed)
        let stratified = task == .classification
        if task == .classification, let classNames {
            try requireTwoClasses(split.train, classNames: classNames)
        }
        if let testFraction {
            let parts = split.train.split(heldOutFraction: testFraction, stratified: stratified, using: &random)
            guard parts.heldOut.count > 0 else {
                throw CommandFailure(message: "--test-fraction \(testFraction): the \(split.train.count) examples of \(data) leave no test examples")
            }
            checkSplit(parts, option: "--test-fraction \(testFraction)", heldOutName: "test", classNames: classNames)
            split = TrainTestSplit(train: parts.kept, test: parts.heldOut)
        }
        var dev: Dataset<Double>?
        if let devFraction {
            let parts = split.train.split(heldOutFraction: devFraction, stratified: stratified, using: &random)
            guard parts.heldOut.count > 0 else {
                throw CommandFailure(message: "--dev-fraction \(devFraction): the \(split.train.count) training examples of \(data) leave no dev examples")
            }
            checkSplit(parts, option: "--dev-fraction \(devFraction)", heldOutName: "dev", classNames: classNames)
            split.train = parts.kept
            dev = parts.heldOut
        }
        let scaler = FeatureScaler(method: normalize ?? (isCourse ? .none : .standard), fittedOn: split.train.features)
        let loss: Loss
        switch task {
        case .regression:
            loss = .meanSquaredError
            classNames = nil
        case .classification:
            loss = (classNames?.count ?? 2) > 2 ? .categoricalCrossEntropy : .binaryCrossEntropy
        }
        return PreparedData(
            train: scaler.transform(split.train), dev: dev.map { scaler.transform($0) }, test: split.test.map { scaler.transform($0) },
            classNames: classNames, featureNames: featureNames, scaler: scaler, loss: loss)
    }

    /// Reads a CSV or .npy file (with labels from `labelsPath` for .npy).
    func load(path: String, labelsPath: String?) throws -> (Dataset<Double>, [String]?, [String]) {
        let url = URL(fileURLWithPath: path)
        if isNPY(path) {
            guard let labelsPath else {
                throw CommandFailure(message: "\(path): a .npy feature file needs its labels: add --labels FILE.npy (or --test-labels for --test)", exitCode: 64)
            }
            let featureFile = try NPYFile(contentsOf: url)
            try featureFile.requireFiniteValues(file: path)
            let features: Matrix<Double> = featureFile.courseLayout()
            let labelFile = try NPYFile(contentsOf: URL(fileURLWithPath: labelsPath))
            let values = labelFile.values
            guard values.count == features.columns else {
                throw CommandFailure(message: "\(labelsPath): has \(values.count) labels for \(features.columns) examples in \(path)")
            }
            try labelFile.requireFiniteValues(file: labelsPath, entry: "label")
            if task == .regression {
                return (Dataset(features: features, labels: Matrix(rows: 1, columns: values.count, elements: values)), nil,
                        (0..<features.rows).map { "x\($0 + 1)" })
            }
            let distinct = Array(Set(values)).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Double($0)) })
            let names = distinct.map(NPYFile.className)
            return (Dataset(features: features, labels: Matrix(rows: 1, columns: values.count, elements: values.map { index[$0]! })),
                    names, (0..<features.rows).map { "x\($0 + 1)" })
        }
        var options = CSVLoadingOptions(labels: task == .regression ? .targets : .classes, delimiter: resolvedDelimiter ?? ",")
        if let label { options.labelColumn = .named(label) }
        let table = try CSVTable<Double>(contentsOf: url, options: options)
        return (table.dataset, table.classNames, table.featureNames)
    }

    /// Re-indexes a test set's labels from its own class names to the training set's, by name or,
    /// when both are numbers, by value (`1.0` is class `1`), as `evaluate` matches a saved model's
    /// classes.
    func remap(_ data: Dataset<Double>, from names: [String]?, to trainNames: [String]?, file: String) throws -> Dataset<Double> {
        guard task == .classification, let names, let trainNames else { return data }
        let position = Dictionary(uniqueKeysWithValues: trainNames.enumerated().map { ($1, $0) })
        var numeric: [Double: Int] = [:]
        for (index, name) in trainNames.enumerated() {
            if let value = Double(name), value.isFinite, numeric[value] == nil { numeric[value] = index }
        }
        var labels = data.labels
        for j in 0..<labels.count {
            let name = names[Int(labels.elements[j])]
            guard let index = position[name] ?? Double(name).flatMap({ numeric[$0] }) else {
                let shown = trainNames.prefix(10).joined(separator: ", ") + (trainNames.count > 10 ? ", …" : "")
                throw CommandFailure(message: "\(file): class '\(name)' does not occur in the training data (its classes: \(shown))")
            }
            labels.elements[j] = Double(index)
        }
        return Dataset(features: data.features, labels: labels)
    }

    /// Refuses training labels that are all one class: a classifier would learn nothing.
    func requireTwoClasses(_ train: Dataset<Double>, classNames: [String]) throws {
        let present = Set(train.labels.elements)
        guard present.count < 2 else { return }
        let only = present.first.map { classNames[Int($0)] } ?? "?"
        throw CommandFailure(message: "\(data == "-" ? "<stdin>" : data): every training label is '\(only)': classification needs at least two classes"
            + " (for a numeric target use --task regression)")
    }

    /// Warns when a held-out split is too small to hold every class (the stratified split always
    /// leaves each class at least one training example, so only the held-out part can miss one).
    func checkSplit(_ parts: (kept: Dataset<Double>, heldOut: Dataset<Double>), option: String, heldOutName: String,
                    classNames: [String]?) {
        guard task == .classification, let classNames else { return }
        let heldOut = Set(parts.heldOut.labels.elements)
        let missing = Set(parts.kept.labels.elements).subtracting(heldOut).sorted().map { "'\(classNames[Int($0)])'" }
        if !missing.isEmpty {
            Console.standardError("warning: \(option): the \(parts.heldOut.count)-example \(heldOutName) split has no example of class"
                + "\(missing.count == 1 ? "" : "es") \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : ""); "
                + "its accuracy leaves \(missing.count == 1 ? "that class" : "those classes") out\n")
        }
    }
}
