/// How a table as it comes becomes features: which columns, their kinds, categories and missing
/// cells. `TabularEncoder` learns the rest from the training split.
///
/// By default every column but the label is a feature; its kind is inferred from the training
/// split (see `TabularEncoder`). Column lists name columns by their header names.
public struct TabularOptions: Sendable, Equatable, Codable {
    /// How a missing numeric cell is filled.
    public enum Imputation: String, Sendable, Equatable, Codable, CaseIterable {
        /// The training split's mean of the column (scikit-learn's `SimpleImputer` default).
        case mean
        /// The training split's median.
        case median
        /// 0.
        case zero
    }

    /// What a missing cell does.
    public enum MissingPolicy: String, Sendable, Equatable, Codable, CaseIterable {
        /// Numeric cells are imputed, categorical ones become the category `missing`.
        case impute
        /// Any missing feature cell is an error naming its line (the strict reading).
        case error
    }

    /// Columns that are categorical even when they hold numbers.
    public var categorical: [String]
    /// Columns that must be numeric (a text cell in one is an error).
    public var numeric: [String]
    /// Columns left out.
    public var ignore: [String]
    /// Only these columns are features (`nil`: every column but the label).
    public var features: [String]?
    /// The most categories a categorical column may have (more is an error suggesting `ignore`).
    public var maxCategories: Int
    /// The spellings of a missing cell.
    public var missingValues: MissingValueTokens
    /// How missing numeric cells are filled.
    public var imputation: Imputation
    /// Whether a numeric column with missing training cells gets a 0/1 column `name (missing)`.
    public var missingIndicators: Bool
    /// Impute missing cells, or refuse them.
    public var missing: MissingPolicy
    /// Whether an example whose label is missing is dropped (counted in a note) instead of being an error.
    public var dropsMissingLabels: Bool

    /// Options; the defaults infer every kind, allow 50 categories, fill with the mean and keep no indicators.
    public init(categorical: [String] = [], numeric: [String] = [], ignore: [String] = [], features: [String]? = nil,
                maxCategories: Int = 50, missingValues: MissingValueTokens = MissingValueTokens(), imputation: Imputation = .mean,
                missingIndicators: Bool = false, missing: MissingPolicy = .impute, dropsMissingLabels: Bool = false) {
        self.categorical = categorical
        self.numeric = numeric
        self.ignore = ignore
        self.features = features
        self.maxCategories = maxCategories
        self.missingValues = missingValues
        self.imputation = imputation
        self.missingIndicators = missingIndicators
        self.missing = missing
        self.dropsMissingLabels = dropsMissingLabels
    }
}
