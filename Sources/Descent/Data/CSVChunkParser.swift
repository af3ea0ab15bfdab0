#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a numeric CSV's records are laid out once its header has been read.
struct CSVLayout: Sendable {
    /// What a label column holds.
    enum Labels: Sendable, Equatable {
        /// No label column.
        case none
        /// Class names (any text).
        case classes
        /// Finite numeric regression targets.
        case targets
    }

    /// A field's role in `roles`: the label, or ignored; any other value is a feature slot.
    static let labelRole: Int32 = -1
    static let ignoredRole: Int32 = -2

    /// Fields per record.
    var columnCount: Int
    /// Each field's role: its feature slot (0..<featureCount), `labelRole` or `ignoredRole`.
    var roles: [Int32]
    /// The number of feature slots (each filled by exactly one field).
    var featureCount: Int
    var labels: Labels
    var delimiter: UInt8
    /// Features are stored as `Float`s (else `Double`s).
    var storesFloat: Bool
    /// A feature beyond `Float`'s range is an error (a float32 model or matrix will hold it).
    var requiresFloatRange: Bool
    /// The file as errors name it.
    var fileName: String
    /// What a feature cell that is not a finite number does.
    var cells = CellHandling.numbers

    /// What a feature cell that is not a finite number does.
    enum CellHandling: Sendable {
        /// Ends the read with its line and column.
        case numbers
        /// A table as it comes: a missing cell (`tokens`) becomes NaN, tallied in
        /// `CSVChunkParser.missingCells`; any other text becomes NaN and is kept, interned per field,
        /// in `CSVChunkParser.texts`. A missing label is kept as class id −1 (a NaN target) and
        /// tallied in `missingLabels`.
        case tabular(CSVMissingTokens)
    }

    /// The missing-cell markers when reading a table as it comes.
    var missingTokens: CSVMissingTokens? {
        if case .tabular(let tokens) = cells { return tokens }
        return nil
    }

    /// The label's field, if any.
    var labelIndex: Int? { roles.firstIndex(of: CSVLayout.labelRole) }

    /// Every field but `labelIndex` a feature, in order.
    init(columnCount: Int, labelIndex: Int?, labels: Labels, delimiter: UInt8, float32: Bool, fileName: String) {
        var slot: Int32 = 0
        self.init(columnCount: columnCount, roles: (0..<columnCount).map { column in
            guard column != labelIndex else { return CSVLayout.labelRole }
            defer { slot += 1 }
            return slot
        }, labels: labels, delimiter: delimiter, storesFloat: float32, requiresFloatRange: float32, fileName: fileName)
    }

    /// Explicit roles; every slot 0..<featureCount must appear once. Without a label field, `labels`
    /// becomes `.none`.
    init(columnCount: Int, roles: [Int32], labels: Labels, delimiter: UInt8, storesFloat: Bool, requiresFloatRange: Bool, fileName: String) {
        precondition(roles.count == columnCount, "Give every field a role.")
        let slots = roles.filter { $0 >= 0 }.sorted()
        precondition(slots == (0..<Int32(slots.count)).map { $0 }, "Each feature slot must be filled by exactly one field.")
        precondition(roles.filter({ $0 == CSVLayout.labelRole }).count <= 1, "One label field, or none.")
        self.columnCount = columnCount
        self.roles = roles
        featureCount = slots.count
        self.labels = roles.contains(CSVLayout.labelRole) ? labels : .none
        self.delimiter = delimiter
        self.storesFloat = storesFloat
        self.requiresFloatRange = requiresFloatRange
        self.fileName = fileName
    }
}

/// One field's feature cells that were not finite numbers, while parsing: how many, and the first.
struct CSVCellTally: Sendable, Equatable {
    var count: Int
    var firstLine: Int
    var firstText: String
}

/// Where the CSV reader's second pass writes: the final (n_x, m) feature matrix, one example per
/// column, and one label per example. Chunks write disjoint columns and label slots.
struct CSVDestination: @unchecked Sendable {
    /// n_x × m `Float`s or `Double`s (see `CSVLayout.storesFloat`), row-major.
    var features: UnsafeMutableRawPointer
    /// m, the matrix's row stride.
    var exampleCount: Int
    /// Classification: each example's class as an id into its chunk's first-seen class list.
    var classIDs: UnsafeMutablePointer<Int32>?
    /// Regression: each example's target.
    var targets: UnsafeMutablePointer<Double>?
}

/// The CSV reader's second pass over one chunk: parses every field of every record and stores it in
/// place in the final matrix.
///
/// Records go through a fused scan-and-convert loop that handles what numeric files are made of —
/// unquoted decimal numbers (`-12`, `3.25`, `1e-3`), spaces or tabs around them, one label field —
/// converting a number in the same pass that finds its end (Clinger's exact fast path, see
/// `DecimalParsing`). A record with anything else (a quoted field, `1e300`, 20 digits, a wrong
/// field count, text where a number belongs) is re-read by `CSVTokenizer` and the shared record
/// checks, which parse it exactly or report the error at its line and column — so both paths
/// produce the same numbers and the same messages. Rows are staged in a small row-major block and
/// transposed into their matrix columns block by block.
struct CSVChunkParser: ~Copyable {
    let base: UnsafePointer<UInt8>
    let input: UnsafeRawBufferPointer
    let layout: CSVLayout
    let destination: CSVDestination
    /// Staged rows, `blockRows × featureCount`, row-major.
    private var block: UnsafeMutablePointer<Double>
    private let blockRows: Int
    /// Chunk-local class names in first-seen order.
    private var classes = CSVInterner()
    /// Chunk-local class names in first-seen order (the ids of `CSVDestination.classIDs`).
    var classNames: [String] { classes.names }
    private var tokenizer: CSVTokenizer
    /// Tabular reading: the text cells of each field (`nil` until the field has one).
    private(set) var texts: [CSVChunkText?]
    /// Tabular reading: missing feature cells by field, and missing labels.
    private(set) var missingCells: [Int: CSVCellTally] = [:]
    private(set) var missingLabels: CSVCellTally?
    /// Tabular reading: the current record's text and missing cells found by the fast path, committed
    /// only if the whole record takes it (field, id or −1 for missing, byte range).
    private var pending: [(field: Int32, id: Int32, start: Int, count: Int)] = []
    /// `layout.roles`, for the inner loop.
    private let roles: UnsafeMutablePointer<Int32>

    /// Whether `input` is a file mapping whose parsed pages are handed back block by block.
    private let releasingPages: Bool

    init(input: UnsafeRawBufferPointer, layout: CSVLayout, destination: CSVDestination, releasingPages: Bool = false) {
        self.releasingPages = releasingPages
        self.input = input
        self.base = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        self.layout = layout
        self.destination = destination
        // About 2 MiB of staging, at least 8 rows (a cache line of doubles per feature): long runs
        // per matrix row keep the transposing stores from missing the TLB on every row.
        blockRows = max(8, min(512, (2 << 20) / 8 / max(1, layout.featureCount)))
        block = .allocate(capacity: blockRows * max(1, layout.featureCount))
        tokenizer = CSVTokenizer(input: input, delimiter: layout.delimiter)
        roles = .allocate(capacity: layout.columnCount)
        roles.initialize(from: layout.roles, count: layout.columnCount)
        texts = layout.missingTokens == nil ? [] : Array(repeating: nil, count: layout.columnCount)
    }

    deinit {
        block.deallocate()
        roles.deallocate()
    }

    /// Parses the records of `chunk` into the destination (class ids index `classNames`), or throws
    /// the first error in the chunk.
    mutating func parse(_ chunk: CSVRecordScan.Chunk) throws(DataLoadingError) {
        var position = chunk.start
        var line = chunk.firstLine
        var record = chunk.firstRecord
        let end = chunk.end
        let featureCount = layout.featureCount
        var staged = 0
        var blockStart = record
        var released = chunk.start
        while true {
            // Skip blank lines.
            while position < end {
                let byte = base[position]
                if byte == 0x0A {
                    position += 1
                } else if byte == 0x0D {
                    position += 1
                    if position < end && base[position] == 0x0A { position += 1 }
                } else {
                    break
                }
                line += 1
            }
            guard position < end else { break }
            let row = block + staged * featureCount
            if let next = fastRecord(at: position, end: end, line: line, row: row, record: record) {
                if !pending.isEmpty { commitPending(record: record, line: line) }
                position = next
                if position < end {
                    let byte = base[position]
                    position += 1
                    if byte == 0x0D && position < end && base[position] == 0x0A { position += 1 }
                }
                line += 1
            } else {
                (position, line) = try slowRecord(at: position, line: line, row: row, record: record)
            }
            record += 1
            staged += 1
            if staged == blockRows {
                store(rows: staged, from: blockStart)
                blockStart = record
                staged = 0
                if releasingPages {
                    releasePages(base, from: released, to: position)
                    released = position
                }
            }
        }
        if staged > 0 { store(rows: staged, from: blockStart) }
        precondition(record == chunk.firstRecord + chunk.records, "The record scan and the parser disagree on \(layout.fileName).")
    }

    /// Parses one simple record at `start` into `row` and its label slot; returns the position of
    /// its line break (or of the chunk's end), or `nil` when the record needs the tokenizer.
    private mutating func fastRecord(at start: Int, end: Int, line: Int, row: UnsafeMutablePointer<Double>, record: Int) -> Int? {
        let base = self.base
        let roles = self.roles
        let delimiter = layout.delimiter
        let columnCount = layout.columnCount
        let float32 = layout.requiresFloatRange
        let missingTokens = layout.missingTokens
        var position = start
        var column = 0
        pending.removeAll(keepingCapacity: true)
        while true {
            let role = roles[column]
            if role >= 0 {
                if let (value, next) = CSVChunkParser.number(base, at: position, end: end, delimiter: delimiter, float32: float32) {
                    row[Int(role)] = value
                    position = next
                } else {
                    guard let missingTokens,
                          let next = textCell(at: position, end: end, field: column, line: line, missingTokens: missingTokens) else {
                        return nil
                    }
                    row[Int(role)] = .nan
                    position = next
                }
            } else {
                guard position == end || base[position] != 0x22 else { return nil }
                var fieldEnd = position
                while fieldEnd < end {
                    let byte = base[fieldEnd]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    fieldEnd &+= 1
                }
                if role == CSVLayout.labelRole {
                    var lower = position
                    var upper = fieldEnd
                    while lower < upper && (base[lower] == 0x20 || base[lower] == 0x09) { lower &+= 1 }
                    while upper > lower && (base[upper - 1] == 0x20 || base[upper - 1] == 0x09) { upper &-= 1 }
                    let text = UnsafeRawBufferPointer(start: base + lower, count: upper - lower)
                    switch layout.labels {
                    case .classes:
                        guard upper > lower, missingTokens?.contains(text) != true else { return nil }
                        destination.classIDs![record] = classes.id(text)
                    case .targets:
                        guard let value = DecimalParsing.double(text), value.isFinite else { return nil }
                        destination.targets![record] = value
                    case .none:
                        break
                    }
                }
                position = fieldEnd
            }
            column &+= 1
            guard position < end, base[position] == delimiter else { break }
            position &+= 1
            guard column < columnCount else { return nil }
        }
        return column == columnCount ? position : nil
    }

    /// Tabular reading: the unquoted field at `start` (not a number) as a missing or a text cell of
    /// `field`, noted in `pending`; returns the position of its end, or `nil` for a quoted field.
    private mutating func textCell(at start: Int, end: Int, field: Int, line: Int, missingTokens: CSVMissingTokens) -> Int? {
        guard start == end || base[start] != 0x22 else { return nil }
        var fieldEnd = start
        while fieldEnd < end {
            let byte = base[fieldEnd]
            if byte == layout.delimiter || byte == 0x0A || byte == 0x0D { break }
            fieldEnd &+= 1
        }
        var lower = start, upper = fieldEnd
        while lower < upper && (base[lower] == 0x20 || base[lower] == 0x09) { lower &+= 1 }
        while upper > lower && (base[upper - 1] == 0x20 || base[upper - 1] == 0x09) { upper &-= 1 }
        let text = UnsafeRawBufferPointer(start: base + lower, count: upper - lower)
        let missing = missingTokens.contains(text)
        // A number out of range (`inf`, `1e400`) is an error, reported by the slow path.
        guard missing || DecimalParsing.double(text) == nil else { return nil }
        let id = missing ? -1 : intern(text, field: field, line: line)
        pending.append((Int32(field), id, lower, upper - lower))
        return fieldEnd
    }

    /// The id of `text` among `field`'s texts in this chunk (the first on `line`).
    private mutating func intern(_ text: UnsafeRawBufferPointer, field: Int, line: Int) -> Int32 {
        if texts[field] == nil { texts[field] = CSVChunkText(firstLine: line) }
        return texts[field]!.interner.id(text)
    }

    /// Records a text cell (`id` ≥ 0) or a missing cell (−1) of `field` in `record`; `text` is
    /// read only for the field's first missing cell.
    private mutating func note(field: Int, id: Int32, record: Int, line: Int, text: UnsafeRawBufferPointer) {
        if id >= 0 {
            texts[field]!.records.append(Int32(record))
            texts[field]!.ids.append(id)
        } else if missingCells[field] == nil {
            missingCells[field] = CSVCellTally(count: 1, firstLine: line, firstText: String(decoding: text, as: UTF8.self))
        } else {
            missingCells[field]!.count += 1
        }
    }

    /// Commits the fast path's `pending` cells of `record` (on `line`).
    private mutating func commitPending(record: Int, line: Int) {
        for cell in pending {
            let base = self.base
            note(field: Int(cell.field), id: cell.id, record: record, line: line,
                 text: UnsafeRawBufferPointer(start: base + cell.start, count: cell.count))
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// The unquoted number field at `start` and the position of its end (a delimiter, a line break or
    /// the end); `nil` when the field is anything else.
    /// An unsigned integer of up to 18 digits right before the delimiter (pixels, counts, ids) takes
    /// a short path; everything else goes through `decimal`.
    @inline(__always)
    static func number(_ base: UnsafePointer<UInt8>, at start: Int, end: Int, delimiter: UInt8, float32: Bool) -> (Double, Int)? {
        // One to three digits and a terminator, decided with selects rather than a loop whose exit
        // the branch predictor would miss on every field of varying width.
        if end &- start >= 4 {
            let word = UInt32(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt32.self))
            // Each byte minus "0", wrapped to 0...255, so only digits are below 10.
            let d0 = UInt(UInt8(truncatingIfNeeded: word) &- 0x30), d1 = UInt(UInt8(truncatingIfNeeded: word >> 8) &- 0x30)
            let d2 = UInt(UInt8(truncatingIfNeeded: word >> 16) &- 0x30)
            // 1 where a byte is a digit: `d &- 10` wraps to a set top bit exactly when d < 10.
            let is0 = (d0 &- 10) >> (UInt.bitWidth - 1), is1 = (d1 &- 10) >> (UInt.bitWidth - 1), is2 = (d2 &- 10) >> (UInt.bitWidth - 1)
            let count = Int(truncatingIfNeeded: is0 &* (1 &+ is1 &* (1 &+ is2)))
            let terminator = UInt8(truncatingIfNeeded: word >> UInt32(truncatingIfNeeded: 8 &* count))
            if count > 0 && (terminator == delimiter || terminator == 0x0A || terminator == 0x0D) {
                let one = d0, two = one &* 10 &+ d1, three = two &* 10 &+ d2
                let value = one &+ is1 &* (two &- one) &+ is1 &* is2 &* (three &- two)
                return (Double(Int(bitPattern: value)), start &+ count)
            }
        }
        var position = start
        var significand: UInt64 = 0
        while position < end {
            let digit = base[position] &- 0x30
            guard digit < 10 else { break }
            significand = significand &* 10 &+ UInt64(digit)
            position &+= 1
        }
        let digits = position &- start
        if digits > 0 && digits <= 18 {
            if position == end { return (Double(Int64(bitPattern: significand)), position) }
            let byte = base[position]
            if byte == delimiter || byte == 0x0A || byte == 0x0D { return (Double(Int64(bitPattern: significand)), position) }
        }
        return decimal(base, at: start, end: end, delimiter: delimiter, float32: float32)
    }

    /// The general case of `number`: spaces or tabs, `DecimalParsing.prefix` (exact, like
    /// `strtod`), spaces or tabs, then a delimiter, a line break or the end; `nil` otherwise, or
    /// when the value is not finite (in `Float`'s range with `float32`).
    @inline(never)
    static func decimal(_ base: UnsafePointer<UInt8>, at start: Int, end: Int, delimiter: UInt8, float32: Bool) -> (Double, Int)? {
        var position = start
        while position < end && (base[position] == 0x20 || base[position] == 0x09) { position &+= 1 }
        guard let (value, length) = DecimalParsing.prefix(UnsafeRawBufferPointer(start: base + position, count: end - position)),
              value.isFinite, !float32 || Float(value).isFinite else { return nil }
        position &+= length
        while position < end && (base[position] == 0x20 || base[position] == 0x09) { position &+= 1 }
        if position < end {
            let byte = base[position]
            guard byte == delimiter || byte == 0x0A || byte == 0x0D else { return nil }
        }
        return (value, position)
    }

    /// Reads the record at `start` with the tokenizer and the shared checks: its values into `row`,
    /// or the error at its line and column. Returns the position and line after it.
    private mutating func slowRecord(at start: Int, line: Int, row: UnsafeMutablePointer<Double>, record: Int) throws(DataLoadingError) -> (Int, Int) {
        let file = layout.fileName
        tokenizer.seek(to: start, line: line)
        guard try tokenizer.nextRecord(file: file) else { preconditionFailure("A record was expected at byte \(start).") }
        try tokenizer.requireFieldCount(layout.columnCount, file: file)
        for column in 0..<layout.columnCount where layout.roles[column] >= 0 {
            if let value = tokenizer.finiteValue(column, float32: layout.requiresFloatRange) {
                row[Int(layout.roles[column])] = value
            } else if let missingTokens = layout.missingTokens {
                row[Int(layout.roles[column])] = .nan
                let text = tokenizer.trimmedBytes(column)
                let missing = missingTokens.contains(text)
                if !missing && DecimalParsing.double(text) != nil {
                    _ = try tokenizer.finiteNumber(column, float32: layout.requiresFloatRange, file: file)
                }
                let id = missing ? -1 : intern(text, field: column, line: tokenizer.fields[column].line)
                note(field: column, id: id, record: record, line: tokenizer.fields[column].line, text: text)
            } else {
                _ = try tokenizer.finiteNumber(column, float32: layout.requiresFloatRange, file: file)
            }
        }
        if let labelIndex = layout.labelIndex {
            switch layout.labels {
            case .classes:
                let text = tokenizer.trimmedBytes(labelIndex)
                if let missingTokens = layout.missingTokens, missingTokens.contains(text) {
                    destination.classIDs![record] = -1
                    noteMissingLabel(line: tokenizer.fields[labelIndex].line, text: tokenizer.string(labelIndex))
                } else {
                    guard text.count > 0 else {
                        throw DataLoadingError(.emptyLabel, file: file, line: tokenizer.fields[labelIndex].line, column: labelIndex + 1)
                    }
                    destination.classIDs![record] = classes.id(text)
                }
            case .targets:
                if let missingTokens = layout.missingTokens, missingTokens.contains(tokenizer.trimmedBytes(labelIndex)) {
                    destination.targets![record] = .nan
                    noteMissingLabel(line: tokenizer.fields[labelIndex].line, text: tokenizer.string(labelIndex))
                } else {
                    destination.targets![record] = try tokenizer.finiteNumber(labelIndex, float32: false, file: file)
                }
            case .none:
                break
            }
        }
        return (tokenizer.position, tokenizer.line)
    }

    /// Tallies a missing label on `line`.
    private mutating func noteMissingLabel(line: Int, text: String) {
        if missingLabels == nil { missingLabels = CSVCellTally(count: 1, firstLine: line, firstText: text) } else { missingLabels!.count += 1 }
    }

    /// Transposes the `rows` staged rows into matrix columns `first..<first + rows`.
    private func store(rows: Int, from first: Int) {
        let featureCount = layout.featureCount
        let stride = destination.exampleCount
        if layout.storesFloat {
            let target = destination.features.assumingMemoryBound(to: Float.self)
            for feature in 0..<featureCount {
                let column = target + feature * stride + first
                for row in 0..<rows { column[row] = Float(block[row * featureCount + feature]) }
            }
        } else {
            let target = destination.features.assumingMemoryBound(to: Double.self)
            for feature in 0..<featureCount {
                let column = target + feature * stride + first
                for row in 0..<rows { column[row] = block[row * featureCount + feature] }
            }
        }
    }
}
