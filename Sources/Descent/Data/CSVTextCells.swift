#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The spellings of a missing cell for reading a table as it comes (`CSVLoadingOptions.InvalidCells.tabular`):
/// the empty cell always, and by default `NA`, `N/A`, `NaN`, `nan`, `null` and `?` (pandas' and
/// R's common markers), compared after trimming spaces and tabs.
public struct MissingValueTokens: Sendable, Equatable, Codable {
    /// The default markers besides the empty cell.
    public static let defaults = ["NA", "N/A", "NaN", "nan", "null", "?"]

    /// Every marker besides the empty cell.
    public var tokens: [String]

    /// The defaults plus `extra` (`--na-values`).
    public init(adding extra: [String] = []) {
        tokens = Self.defaults + extra.filter { !Self.defaults.contains($0) && !$0.isEmpty }
    }
}

/// `MissingValueTokens` as bytes, for the reader's inner loop.
struct CSVMissingTokens: Sendable {
    let tokens: [[UInt8]]

    init(_ tokens: MissingValueTokens) { self.tokens = tokens.tokens.map { Array($0.utf8) } }

    /// Whether the trimmed bytes `text` are empty or one of the tokens.
    func contains(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.isEmpty { return true }
        for token in tokens where token.count == text.count {
            if token.withUnsafeBytes({ memcmp($0.baseAddress!, text.baseAddress!, text.count) }) == 0 { return true }
        }
        return false
    }
}

/// Distinct cell texts in first-seen order, interned by bytes: a short linear probe of the first 64
/// (labels and categories are few), a dictionary behind it. Used for class labels and, in tabular
/// reading, for each text column of a chunk.
struct CSVInterner {
    private(set) var names: [String] = []
    private var bytes: [[UInt8]] = []
    private var index: [String: Int32] = [:]

    /// The id of `text`, added when new.
    mutating func id(_ text: UnsafeRawBufferPointer) -> Int32 {
        let probe = min(bytes.count, 64)
        for position in 0..<probe where bytes[position].count == text.count {
            let same = text.isEmpty || bytes[position].withUnsafeBytes { known in memcmp(known.baseAddress!, text.baseAddress!, text.count) == 0 }
            if same { return Int32(position) }
        }
        // Strings compare by canonical equivalence, so another spelling of a known name is that name.
        let name = String(decoding: text, as: UTF8.self)
        if let id = index[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        bytes.append(Array(text))
        index[name] = id
        return id
    }
}

/// One field's text cells in one chunk: the interned texts and, per text cell, its record and id.
struct CSVChunkText {
    /// The line of the chunk's first text cell in this field.
    var firstLine: Int
    var interner = CSVInterner()
    var records: [Int32] = []
    var ids: [Int32] = []
}

/// A feature column's text cells over a whole table read as it comes: the distinct texts in
/// first-seen order and, per example, the index of its text (−1 where the cell is a number or
/// missing; those examples hold the number or NaN in the feature matrix, text cells hold NaN).
public struct CSVTextColumn: Sendable, Equatable {
    /// The distinct texts, in the order they first occur in the file.
    public var vocabulary: [String]
    /// Per example, an index into `vocabulary`, or −1.
    public var codes: [Int32]
    /// The line and column (1-based) of the first text cell, `vocabulary[0]`.
    public var firstLine: Int
    /// See `firstLine`.
    public var firstColumn: Int

    /// A column of `codes` into `vocabulary`.
    public init(vocabulary: [String], codes: [Int32], firstLine: Int, firstColumn: Int) {
        self.vocabulary = vocabulary
        self.codes = codes
        self.firstLine = firstLine
        self.firstColumn = firstColumn
    }
}

/// A feature column's missing cells over a table read as it comes: how many and the first one's
/// line and spelling.
public struct CSVMissingCells: Sendable, Equatable {
    /// The feature's name.
    public var feature: String
    /// How many cells.
    public var count: Int
    /// The line and column (1-based) of the first missing cell, and its spelling.
    public var firstLine: Int
    /// See `firstLine`.
    public var firstColumn: Int
    /// See `firstLine`.
    public var firstValue: String

    /// A tally of `count` missing cells of `feature`.
    public init(feature: String, count: Int, firstLine: Int, firstColumn: Int, firstValue: String) {
        self.feature = feature
        self.count = count
        self.firstLine = firstLine
        self.firstColumn = firstColumn
        self.firstValue = firstValue
    }

    /// `file:line:column`.
    func location(_ fileName: String) -> String { "\(fileName):\(firstLine):\(firstColumn)" }
}
