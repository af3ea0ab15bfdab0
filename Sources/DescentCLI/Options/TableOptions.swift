import ArgumentParser
import Descent

extension TabularOptions.Imputation: ExpressibleByArgument {}
extension TabularOptions.MissingPolicy: ExpressibleByArgument {}

/// How a CSV's columns become features (`TabularOptions`): kinds, categories and missing cells.
struct TableOptions: ParsableArguments {
    @Option(help: "Comma-separated columns to treat as categorical even when they hold numbers.")
    var categorical: String?

    @Option(help: "Comma-separated columns that must be numeric (text in them is an error).")
    var numeric: String?

    @Option(help: "Comma-separated columns to leave out.")
    var ignore: String?

    @Option(help: "Comma-separated columns to use as features (default: every column but the label).")
    var features: String?

    @Option(help: "The most categories a categorical column may have; more is an error (suggesting --ignore).")
    var maxCategories: Int = 50

    @Option(help: "Comma-separated extra spellings of a missing cell (always: empty, NA, N/A, NaN, nan, null, ?).")
    var naValues: String?

    @Option(help: "How missing numeric cells are filled, from the training split.")
    var impute: TabularOptions.Imputation = .mean

    @Flag(help: "Add a 0/1 column 'name (missing)' for every numeric column with missing training cells.")
    var missingIndicators = false

    @Option(help: "impute: fill missing cells (categorical ones become the category 'missing'); error: refuse them.")
    var missing: TabularOptions.MissingPolicy = .impute

    @Flag(help: "Skip examples whose label is missing (counted in a note) instead of stopping with an error.")
    var dropMissingLabels = false

    func validate() throws {
        if maxCategories < 1 { throw ValidationError("--max-categories: must be at least 1, got \(maxCategories)") }
        for (flag, value) in [("--categorical", categorical), ("--numeric", numeric), ("--ignore", ignore), ("--features", features)] {
            if let value, Self.list(value).isEmpty { throw ValidationError("\(flag): give at least one column name") }
        }
    }

    /// `a, b,c` as `["a", "b", "c"]`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The options as the library's `TabularOptions`.
    var configuration: TabularOptions {
        TabularOptions(
            categorical: categorical.map(Self.list) ?? [], numeric: numeric.map(Self.list) ?? [], ignore: ignore.map(Self.list) ?? [],
            features: features.map(Self.list), maxCategories: maxCategories,
            missingValues: MissingValueTokens(adding: naValues.map(Self.list) ?? []), imputation: impute,
            missingIndicators: missingIndicators, missing: missing, dropsMissingLabels: dropMissingLabels)
    }

    /// The settings for a checkpoint's fingerprint, by option name.
    var settings: [(name: String, value: String)] {
        [("categorical", categorical ?? ""), ("numeric", numeric ?? ""), ("ignore", ignore ?? ""), ("features", features ?? ""),
         ("max-categories", "\(maxCategories)"), ("na-values", naValues ?? ""), ("impute", impute.rawValue),
         ("missing-indicators", "\(missingIndicators)"), ("missing", missing.rawValue), ("drop-missing-labels", "\(dropMissingLabels)")]
    }
}
