/// The start every CSV reader in Descent shares — training's `CSVTable` (and with it
/// `PreparedData`, `describe` and the playground's uploads) and a saved model's input
/// (`ModelFile.input(csv:delimiter:labelColumn:)`): the check that the bytes are text, the first
/// record, whether it is a header and which column is the label, all by `CSVLoadingOptions`' rules;
/// then `records(_:)` reads the examples after it.
///
/// The bytes come from `FileBytes` (a memory map, standard input, gzip inflated) for every reader.
struct CSVFirstRecord: ~Copyable {
    /// The file as errors name it.
    let fileName: String
    /// Fields per record.
    let columnCount: Int
    /// The first record's fields, trimmed of spaces and tabs and made unique (`CSVColumnNames`):
    /// the column names when it is a header.
    let fields: [String]
    /// Whether the first record is a header.
    let hasHeader: Bool
    /// The label column the options choose — by name, by position, or the header's `label` column
    /// (any case) — or `nil` when none does (then the rule is the last column, `labelIndex`).
    let chosenLabelIndex: Int?
    /// The 1-based line of the first record.
    let line: Int
    /// Holds the first record until `records(_:)`.
    private var tokenizer: CSVTokenizer

    /// The label column by the training rule: the chosen one, else the last.
    var labelIndex: Int { chosenLabelIndex ?? columnCount - 1 }

    /// The columns' names: the header's fields, or `column 1`, `column 2`, … without a header.
    var columnNames: [String] { hasHeader ? fields : (0..<columnCount).map { "column \($0 + 1)" } }

    /// Reads the first record of `input` and decides the header and the label column by `options`
    /// (see `CSVLoadingOptions.Header` and `CSVLoadingOptions.LabelColumn`). Bytes that are not
    /// text (`requireText`), an empty file and a label column the options name but the file lacks
    /// are errors.
    init(_ input: UnsafeRawBufferPointer, fileName: String, options: CSVLoadingOptions) throws(DataLoadingError) {
        try Self.requireText(input, fileName: fileName)
        var tokenizer = CSVTokenizer(input: input, delimiter: UInt8(options.delimiter.value))
        guard try tokenizer.nextRecord(file: fileName) else { throw DataLoadingError(.emptyFile, file: fileName) }
        func isLabelName(_ name: String) -> Bool { name.lowercased() == "label" }
        let columnCount = tokenizer.fields.count
        let fields = CSVColumnNames.unique((0..<columnCount).map { tokenizer.string($0) })
        let hasHeader: Bool
        switch options.header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .automatic:
            switch options.labelColumn {
            case .named: hasHeader = true
            case .automatic, .index:
                var candidate = columnCount - 1
                if case .index(let index) = options.labelColumn { candidate = index }
                hasHeader = fields.contains(where: isLabelName)
                    || (0..<columnCount).contains { $0 != candidate && DecimalParsing.double(tokenizer.trimmedBytes($0)) == nil }
            }
        }
        let line = tokenizer.recordLine
        let chosenLabelIndex: Int?
        switch options.labelColumn {
        case .automatic:
            chosenLabelIndex = hasHeader ? fields.firstIndex(where: isLabelName) : nil
        case .index(let index):
            guard index >= 0 && index < columnCount else {
                throw DataLoadingError(.missingLabelColumn("at index \(index) (0-based; the rows have \(columnCount) field\(columnCount == 1 ? "" : "s"))"),
                                       file: fileName, line: line)
            }
            chosenLabelIndex = index
        case .named(let name):
            guard hasHeader else {
                throw DataLoadingError(.missingLabelColumn("named \(quoted(name)): the file has no header"), file: fileName)
            }
            guard let index = fields.firstIndex(of: name) else {
                throw DataLoadingError(.missingLabelColumn("named \(quoted(name)) (the header has \(fields.map(quoted).joined(separator: ", ")))"),
                                       file: fileName, line: line)
            }
            chosenLabelIndex = index
        }
        self.fileName = fileName
        self.chosenLabelIndex = chosenLabelIndex
        self.columnCount = columnCount
        self.fields = fields
        self.hasHeader = hasHeader
        self.line = line
        self.tokenizer = tokenizer
    }

    /// The examples — the records after the header, or from the first record without one — read
    /// into their matrix by `layout` (see `CSVRecords.read` for the other parameters). A header
    /// without examples is an error.
    mutating func records(_ layout: CSVLayout, availableBytes: Int? = nil, parts: Int = ParallelLoop.cores,
                           minimumChunkBytes: Int = 1 << 20, releasingPages: Bool = false) throws(DataLoadingError) -> CSVRecords {
        if hasHeader {
            guard try tokenizer.nextRecord(file: fileName) else { throw DataLoadingError(.noExamples, file: fileName) }
        }
        return try CSVRecords.read(tokenizer.input, from: tokenizer.recordStart, line: tokenizer.recordLine, layout: layout,
                                   availableBytes: availableBytes, parts: parts, minimumChunkBytes: minimumChunkBytes,
                                   releasingPages: releasingPages)
    }

    /// The delimiter byte the records are split on.
    var delimiter: UInt8 { tokenizer.delimiter }

    /// How many leading bytes `requireText` looks at.
    static let textCheckBytes = 1 << 16

    /// Refuses bytes that are not text — a NUL byte or invalid UTF-8 in the first
    /// `textCheckBytes` — with an error naming the file and what a data file should be (a binary
    /// file would otherwise read as one odd column, `no feature columns: the only column is the label`).
    static func requireText(_ input: UnsafeRawBufferPointer, fileName: String) throws(DataLoadingError) {
        let block = UnsafeRawBufferPointer(rebasing: input.prefix(textCheckBytes))
        if block.starts(with: NPYFile.magic) { throw DataLoadingError(.notText("it is a NumPy .npy file; give its name the .npy extension"), file: fileName) }
        if let nul = block.firstIndex(of: 0) { throw DataLoadingError(.notText("byte \(nul + 1) is NUL"), file: fileName) }
        var iterator = block.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return
            case .error:
                // A character cut by the end of the block is not an error.
                if block.count < input.count && offset >= block.count - 3 { return }
                throw DataLoadingError(.notText("byte \(offset + 1) is not UTF-8; save text files as UTF-8"), file: fileName)
            }
        }
    }
}
