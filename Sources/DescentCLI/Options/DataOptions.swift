import ArgumentParser
import Descent
import Foundation

/// `--task classification|regression`.
extension DataConfiguration.Task: ExpressibleByArgument {}

/// `--normalize standard|minmax|none`.
extension FeatureScaler.Method: ExpressibleByArgument {}

/// Where the data comes from and how it is split and normalized.
struct DataOptions: ParsableArguments {
    @Option(help: "A built-in dataset (the course's moons, circles, football; the playground's spiral, blobs), a CSV / .npy file of examples (gzip-compressed too: .csv.gz), or - for CSV on standard input.")
    var data: String = "circles"

    @Option(help: "A separate test file (same format as --data; - for standard input).")
    var test: String?

    @Option(help: "The label column of a CSV (default: a column named 'label', else the last column).")
    var label: String?

    @Option(help: "A separate dev file (same format as --data): dev cost and accuracy per epoch, early stopping, descent tune's judge.")
    var dev: String?

    @Option(help: "Labels for a .npy --data file (one per example).")
    var labels: String?

    @Option(help: "Labels for a .npy --test file.")
    var testLabels: String?

    @Option(help: delimiterHelp)
    var delimiter: String?

    @Option(help: "Hold out this fraction of the training data as a test set (stratified, seeded).")
    var testFraction: Double?

    @Option(help: "Hold out this fraction of the training data as a dev set (stratified, seeded): dev cost and accuracy per epoch, early stopping.")
    var devFraction: Double?

    @Option(help: "Input normalization fitted on the training split (default: standard for files, none for the course datasets, which the labs train raw).")
    var normalize: FeatureScaler.Method?

    @Option(help: "Classification (sigmoid for two classes, softmax for more) or regression (linear output, mean squared error).")
    var task: DataConfiguration.Task = .classification

    @OptionGroup(title: "Table columns")
    var table: TableOptions

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
        if dev != nil && devFraction != nil {
            throw ValidationError("--dev and --dev-fraction: give one or the other")
        }
        if let dev, isNPY(dev) || dev == "-" {
            throw ValidationError("--dev: a CSV file (a .npy dev set or standard input is not supported)")
        }
        if test != nil && testFraction != nil {
            throw ValidationError("--test and --test-fraction: give one or the other")
        }
        try validateDelimiter(delimiter)
        if CourseDataset(rawValue: data) != nil && (label != nil || labels != nil) {
            throw ValidationError("--label/--labels: only apply to CSV or .npy files, not the course dataset '\(data)'")
        }
        if CourseDataset(rawValue: data) == nil && !data.contains(".") && !data.contains("/") && data != "-" {
            throw ValidationError("--data: unknown dataset '\(data)'; use moons, circles, football, spiral, blobs, a path to a .csv or .npy file, or - for standard input")
        }
        if data == "-" && test == "-" {
            throw ValidationError("--data - and --test -: standard input can hold only one of them")
        }
        if isNPY(data) && labels == nil {
            throw ValidationError("--labels: a .npy --data file (\(data)) needs its labels: add --labels FILE.npy")
        }
        if let test, isNPY(test) && testLabels == nil {
            throw ValidationError("--test-labels: a .npy --test file (\(test)) needs its labels: add --test-labels FILE.npy")
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

    var resolvedDelimiter: Unicode.Scalar? { csvDelimiter(delimiter, file: data) }
}

extension DataOptions {
    /// The options as the library's data configuration.
    var configuration: DataConfiguration {
        DataConfiguration(
            source: DataSource(data, labels: labels), test: test.map { DataSource($0, labels: testLabels) }, dev: dev.map { DataSource($0) },
            labelColumn: label,
            delimiter: resolvedDelimiter.map { String($0) } ?? ",", testFraction: testFraction, devFraction: devFraction,
            normalization: normalize, task: task, tabular: table.configuration)
    }

    /// Loads, splits and normalizes the data (`PreparedData`; splits draw from a generator seeded
    /// with `seed`) and prints its warnings on stderr.
    func prepare(seed: UInt32) throws -> PreparedData {
        let prepared: PreparedData
        do {
            prepared = try PreparedData(configuration, seed: seed)
        } catch {
            throw CommandFailure(message: error.commandLineText)
        }
        prepared.printNotes()
        return prepared
    }

    /// Whether `--data` names a course dataset (the labs' defaults apply) rather than a file.
    var isCourseDataset: Bool { configuration.isCourseData }
}

extension PreparedData {
    /// Prints the notes and warnings of the preparation on stderr (`note: …`, `warning: …`).
    func printNotes() {
        for note in notes { Console.standardError("note: \(note)\n") }
        for warning in warnings { Console.standardError("warning: \(warning.commandLineText)\n") }
    }
}
