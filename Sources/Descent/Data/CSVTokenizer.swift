/// A byte-level RFC 4180 tokenizer: splits UTF-8 CSV text into records of fields, tracking the
/// physical line each field starts on.
///
/// Handles a leading UTF-8 byte-order mark, `\n`, `\r\n` and lone `\r` line ends, quoted fields
/// (`"a, b"`, `""` for a quote, line breaks inside quotes), a configurable one-byte delimiter, and
/// skips blank lines. Unquoted fields are returned as slices of the input (no copy); quoted fields
/// are unescaped into a reusable scratch buffer, so a steady-state record allocates nothing.
///
/// Why hand-written rather than a CSV package: see `CSVTable`.
struct CSVTokenizer: ~Copyable {
    /// Where a field's bytes are: in the input, or (quoted fields) in the scratch buffer.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        /// The 1-based physical line the field starts on.
        var line: Int
    }

    /// Why tokenizing stopped, before the caller attaches the file name.
    enum Failure: Error {
        case unterminatedQuote(line: Int, column: Int)
        case unexpectedCharacterAfterQuote(String, line: Int, column: Int)
    }

    let input: UnsafeRawBufferPointer
    let delimiter: UInt8
    private(set) var position: Int
    private(set) var line = 1
    /// The fields of the current record.
    private(set) var fields: [Field] = []
    /// The 1-based line the current record starts on.
    private(set) var recordLine = 1
    /// The byte offset the current record starts at.
    private(set) var recordStart = 0
    private var scratch: UnsafeMutableRawBufferPointer
    private var scratchCount = 0

    init(input: UnsafeRawBufferPointer, delimiter: UInt8) {
        self.input = input
        self.delimiter = delimiter
        let hasByteOrderMark = input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF
        position = hasByteOrderMark ? 3 : 0
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 1)
        fields.reserveCapacity(64)
    }

    deinit { scratch.deallocate() }

    /// Moves to `position`, a record boundary on physical line `line`, for the next `nextRecord()`.
    mutating func seek(to position: Int, line: Int) {
        self.position = position
        self.line = line
    }

    /// The bytes of field `index` of the current record.
    func bytes(_ index: Int) -> UnsafeRawBufferPointer {
        let field = fields[index]
        if field.quoted { return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[field.start..<field.end]) }
        return UnsafeRawBufferPointer(rebasing: input[field.start..<field.end])
    }

    /// The bytes of field `index` without leading and trailing spaces and tabs.
    func trimmedBytes(_ index: Int) -> UnsafeRawBufferPointer {
        let all = bytes(index)
        var lower = 0
        var upper = all.count
        while lower < upper && (all[lower] == 0x20 || all[lower] == 0x09) { lower += 1 }
        while upper > lower && (all[upper - 1] == 0x20 || all[upper - 1] == 0x09) { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: all[lower..<upper])
    }

    /// Field `index` as a string (trimmed of spaces and tabs).
    func string(_ index: Int) -> String {
        String(decoding: trimmedBytes(index), as: UTF8.self)
    }

    /// Reads the next non-blank record into `fields`; returns `false` at the end of the input.
    mutating func nextRecord() throws(Failure) -> Bool {
        fields.removeAll(keepingCapacity: true)
        scratchCount = 0
        let end = input.count
        // Skip blank lines.
        while position < end {
            let byte = input[position]
            if byte == 0x0A {
                position += 1
                line += 1
            } else if byte == 0x0D {
                position += 1
                if position < end && input[position] == 0x0A { position += 1 }
                line += 1
            } else {
                break
            }
        }
        guard position < end else { return false }
        recordLine = line
        recordStart = position
        while true {
            let fieldLine = line
            if input[position] == 0x22 {
                try readQuotedField(line: fieldLine)
            } else {
                let start = position
                while position < end {
                    let byte = input[position]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    position += 1
                }
                fields.append(Field(start: start, end: position, quoted: false, line: fieldLine))
            }
            guard position < end else { return true }
            let byte = input[position]
            position += 1
            if byte == delimiter {
                if position == end {
                    fields.append(Field(start: end, end: end, quoted: false, line: line))
                    return true
                }
                continue
            }
            if byte == 0x0D && position < end && input[position] == 0x0A { position += 1 }
            line += 1
            return true
        }
    }

    private mutating func readQuotedField(line fieldLine: Int) throws(Failure) {
        let column = fields.count + 1
        let end = input.count
        position += 1
        let start = scratchCount
        while true {
            guard position < end else { throw .unterminatedQuote(line: fieldLine, column: column) }
            let byte = input[position]
            if byte == 0x22 {
                if position + 1 < end && input[position + 1] == 0x22 {
                    append(0x22)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if byte == 0x0A || (byte == 0x0D && !(position + 1 < end && input[position + 1] == 0x0A)) { line += 1 }
            append(byte)
            position += 1
        }
        if position < end {
            let next = input[position]
            if next != delimiter && next != 0x0A && next != 0x0D {
                var stop = position
                while stop < end && stop - position < 20 && input[stop] != delimiter && input[stop] != 0x0A && input[stop] != 0x0D { stop += 1 }
                let found = String(decoding: UnsafeRawBufferPointer(rebasing: input[position..<stop]), as: UTF8.self)
                throw .unexpectedCharacterAfterQuote(found, line: line, column: column)
            }
        }
        fields.append(Field(start: start, end: scratchCount, quoted: true, line: fieldLine))
    }

    private mutating func append(_ byte: UInt8) {
        if scratchCount == scratch.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: scratch.count * 2, alignment: 1)
            larger.copyMemory(from: UnsafeRawBufferPointer(scratch))
            scratch.deallocate()
            scratch = larger
        }
        scratch[scratchCount] = byte
        scratchCount += 1
    }
}
