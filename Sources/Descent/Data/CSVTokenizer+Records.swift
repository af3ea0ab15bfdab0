/// The record-level checks every CSV reader in Descent shares (`CSVTable`, a saved model's
/// input), each reporting a `DataLoadingError` at the offending line and column of `file`.
extension CSVTokenizer {
    /// Advances to the next record (`false` at the end), turning a malformed quote into a
    /// `DataLoadingError`.
    mutating func nextRecord(file: String) throws(DataLoadingError) -> Bool {
        do {
            return try nextRecord()
        } catch {
            switch error {
            case .unterminatedQuote(let line, let column):
                throw DataLoadingError(.unterminatedQuote, file: file, line: line, column: column)
            case .unexpectedCharacterAfterQuote(let found, let line, let column):
                throw DataLoadingError(.unexpectedCharacterAfterQuote(found: found), file: file, line: line, column: column)
            }
        }
    }

    /// Checks that the current record has `expected` fields; a ragged row is reported at the first
    /// missing or extra field.
    func requireFieldCount(_ expected: Int, file: String) throws(DataLoadingError) {
        let found = fields.count
        guard found != expected else { return }
        let line = found > expected ? fields[expected].line : fields[found - 1].line
        throw DataLoadingError(.raggedRow(expected: expected, found: found), file: file, line: line,
                               column: Swift.min(found, expected) + 1)
    }

    /// Field `column` as a finite number (with `float32`, also finite as a `Float`), or `nil`.
    func finiteValue(_ column: Int, float32: Bool) -> Double? {
        guard let value = DecimalParsing.double(trimmedBytes(column)), value.isFinite, !float32 || Float(value).isFinite else { return nil }
        return value
    }

    /// Field `column` as a finite number (with `float32`, also finite as a `Float`).
    func finiteNumber(_ column: Int, float32: Bool, file: String) throws(DataLoadingError) -> Double {
        if let value = DecimalParsing.double(trimmedBytes(column)) {
            if value.isFinite && (!float32 || Float(value).isFinite) { return value }
            throw DataLoadingError(value.isFinite ? .beyondFloat32(found: string(column)) : .nonFiniteValue(found: string(column)),
                                   file: file, line: fields[column].line, column: column + 1)
        }
        throw DataLoadingError(.expectedNumber(found: String(decoding: bytes(column), as: UTF8.self)),
                               file: file, line: fields[column].line, column: column + 1)
    }
}
