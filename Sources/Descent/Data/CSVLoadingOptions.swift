/// How `CSVTable` reads a CSV file: header, label column, label kind and delimiter.
public struct CSVLoadingOptions: Sendable, Equatable {
    /// Whether the first row names the columns.
    public enum Header: Sendable, Equatable {
        /// A header if the first row has a non-numeric field outside the label column, or a field
        /// named `label` (any case); otherwise the first row is an example.
        case automatic
        /// The first row is a header.
        case present
        /// Every row is an example.
        case absent
    }

    /// Which column holds the labels; every other column is a feature.
    public enum LabelColumn: Sendable, Equatable {
        /// The column named `label` (any case) if the header has one, otherwise the last column.
        case automatic
        /// The column with exactly this header name (implies a header).
        case named(String)
        /// The column at this 0-based position.
        case index(Int)
    }

    /// What the label column means.
    public enum Labels: Sendable, Equatable {
        /// Class labels (integers or strings): the distinct labels are sorted (numerically if they
        /// are all numbers, else as strings), kept as `classNames`, and each label becomes its
        /// index 0..<k in that order.
        case classes
        /// Numeric regression targets, kept as they are (must be finite numbers).
        case targets
    }

    /// What a feature cell that is not a finite number does.
    public enum InvalidCells: Sendable, Equatable {
        /// Ends the read with a `DataLoadingError` at its line and column (a strictly numeric file).
        case fail
        /// A table as it comes: a missing cell (empty or one of the tokens) becomes NaN and is
        /// counted in `CSVTable.missingCells`; any other text becomes NaN and is kept in
        /// `CSVTable.textColumns` (for `TabularEncoder`). A missing label is kept as NaN in the
        /// labels and counted in `CSVTable.missingLabels`.
        case tabular(MissingValueTokens)
    }

    /// Whether the first row is a header (default `.automatic`).
    public var header: Header
    /// Which column holds the labels (default `.automatic`).
    public var labelColumn: LabelColumn
    /// Classes or regression targets (default `.classes`).
    public var labels: Labels
    /// The field separator, an ASCII character (default `,`; `;` and `\t` are common).
    public var delimiter: Unicode.Scalar
    /// What a feature cell that is not a finite number does (default `.fail`).
    public var invalidCells: InvalidCells = .fail

    /// Options; the defaults read `x1,x2,label` files with or without the header line.
    public init(header: Header = .automatic, labelColumn: LabelColumn = .automatic,
                labels: Labels = .classes, delimiter: Unicode.Scalar = ",") {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "The CSV delimiter must be an ASCII character other than a quote or a line break.")
        self.header = header
        self.labelColumn = labelColumn
        self.labels = labels
        self.delimiter = delimiter
    }
}

extension CSVLoadingOptions {
    /// The delimiter a file's name implies: a tab for `.tsv` and `.tab` files (gzipped or not,
    /// any case), else a comma.
    public static func delimiter(impliedBy path: String) -> Unicode.Scalar {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return name.hasSuffix(".tsv") || name.hasSuffix(".tab") ? "\t" : ","
    }
}

extension CSVLoadingOptions {
    /// The delimiter `text` names: one ASCII character other than a quote or a line break, or
    /// `tab` (any case) or `\t` as typed for a tab; `nil` when it names none.
    public static func delimiter(named text: String) -> Unicode.Scalar? {
        let character = text == "\\t" || text.lowercased() == "tab" ? "\t" : text
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first, scalar.isASCII,
              !["\"", "\n", "\r"].contains(scalar) else { return nil }
        return scalar
    }
}
