import ArgumentParser
import Descent

/// `descent describe`: what to check in a data file before training on it.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a CSV file: rows, features, the label's classes (or target range), column kinds, missing cells, per-feature statistics.",
        discussion: """
            Reads the file as `descent train` does (the same header, label, number and missing-cell rules; \
            gzip and standard input too) and shows how train would encode its columns over its training rows: \
            numeric, categorical (one-hot), left out (constant, identifier-like), with the missing cells \
            and text columns per feature and the first one's line. The statistics cover the numbers. \
            With --test-fraction, --dev-fraction (and --seed) the encoding and its fill values are \
            learned on the training rows those leave, as train learns them.
            Example:
              descent describe --data train.csv --label digit
            """)

    @Option(help: "A CSV file (gzip-compressed too), or - for standard input.")
    var data: String

    @Option(help: "The label column (default: a column named 'label', else the last column).")
    var label: String?

    @Option(help: delimiterHelp)
    var delimiter: String?

    @Option(help: "Classification (class counts), regression (target statistics), or auto: what train infers from the labels, shown with its reason.")
    var task: DataConfiguration.Task = .auto

    @Option(help: "Feature rows printed in the text table (0: all).")
    var limit: Int = 20

    @Flag(help: "Print one JSON object {rows, features, label, classes | target, encoding, missing_cells, text_columns, columns, constant} instead of text.")
    var json = false

    /// The table settings (`--categorical`, `--impute`, …), read by the settings vocabulary as
    /// `descent train` reads them; `--help` lists them from there.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var tableArguments: [String] = []

    func validate() throws {
        try validateDelimiter(delimiter)
        if limit < 0 { throw ValidationError("--limit: must be non-negative, got \(limit)") }
        _ = try tableSettings()
    }

    /// The settings that choose the training rows, whose fill values describe then shows.
    static let splitSettings = ["test-fraction", "dev-fraction", "seed"]

    /// The table and split settings given; any other training setting is refused.
    func tableSettings() throws -> TrainingSettings {
        do {
            let settings = try TrainingSettings(arguments: tableArguments)
            if let other = settings.given.first(where: { TrainingSettings.setting(named: $0)?.group != .table && !Self.splitSettings.contains($0) }) {
                throw ValidationError("--\(other): a descent train setting, not one of describe's (it takes the table settings, e.g. --categorical, "
                    + "and the split's, \(Self.splitSettings.map { "--" + $0 }.joined(separator: ", ")))")
            }
            return settings
        } catch let error as SettingError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let separator = csvDelimiter(delimiter, file: data) ?? ","
        let settings = try tableSettings()
        var configuration = DataConfiguration(source: .file(path: data), labelColumn: label, delimiter: String(separator), task: task,
                                              tabular: settings.tabularOptions)
        configuration.testFraction = settings.testFraction
        configuration.devFraction = settings.devFraction
        let file = try DataFileDescription(configuration, seed: settings.seed)
        print(json ? file.json(issueText: \.optionText).text : file.text(limit: limit, issueText: \.optionText))
    }
}
