/// Why a data file (CSV or `.npy`) could not be loaded, with where it happened.
///
/// The description reads like a compiler diagnostic, so it can be printed as is:
/// `football.csv:17:3: expected a number, found "abc"`. `line` and `column` are 1-based; `column`
/// counts fields (not characters) in a CSV. Both are `nil` when the problem is not at one place
/// (a missing file, a bad `.npy` header).
public struct DataLoadingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file does not exist.
        case fileNotFound
        /// The file exists but could not be read (permissions, a directory, an I/O error); the
        /// operating system's explanation.
        case unreadable(String)
        /// The file is not text (a NUL byte or invalid UTF-8 near its start), so not a CSV; why.
        case notText(String)
        /// The file has no rows at all (or only blank lines).
        case emptyFile
        /// The file has a header row but no examples.
        case noExamples
        /// Every column is the label: there is nothing left to use as a feature.
        case noFeatureColumns
        /// A row has a different number of fields than the first row (or the header).
        case raggedRow(expected: Int, found: Int)
        /// A feature (or a regression target) is not a number.
        case expectedNumber(found: String)
        /// A value is NaN or ±infinity; training on it would silently poison every gradient.
        case nonFiniteValue(found: String)
        /// A number read for float32 training that float32 cannot hold (beyond ±3.4e38).
        case beyondFloat32(found: String)
        /// A class label is an empty field.
        case emptyLabel
        /// A quoted field runs to the end of the file.
        case unterminatedQuote
        /// A closing quote is followed by something other than a delimiter or the end of the row.
        case unexpectedCharacterAfterQuote(found: String)
        /// The requested label column is not in the file.
        case missingLabelColumn(String)
        /// The `.npy` file does not start with `\x93NUMPY`.
        case badMagic
        /// The `.npy` header is not a dictionary with `descr`, `fortran_order` and `shape`.
        case malformedHeader(String)
        /// The `.npy` dtype is big-endian, structured or a kind Descent cannot read.
        case unsupportedDataType(String)
        /// The array has more than two dimensions.
        case unsupportedShape([Int])
        /// The file ends before all the data its header announces.
        case truncated(expectedBytes: Int, foundBytes: Int)
        /// The examples would need a larger matrix (`examples × features` values of `bytesPerValue`
        /// bytes) than the memory available (`availableBytes`); refused before allocating it.
        case tooLarge(examples: Int, features: Int, bytesPerValue: Int, availableBytes: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file, as the caller named it (the path given, or a name for in-memory data).
    public var file: String
    /// The 1-based line, for text formats.
    public var line: Int?
    /// The 1-based column (field number in a CSV).
    public var column: Int?

    /// An error of `kind` in `file`, optionally at `line`/`column`.
    public init(_ kind: Kind, file: String, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
    }

    /// The explanation without the location prefix.
    public var message: String {
        switch kind {
        case .fileNotFound: return "no such file"
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .notText(let reason):
            return "not a text file (\(reason)): expected a CSV or TSV text file in UTF-8, or a .npy file"
        case .emptyFile: return "the file is empty"
        case .noExamples: return "the file has a header but no examples"
        case .noFeatureColumns: return "no feature columns: the only column is the label"
        case .raggedRow(let expected, let found):
            return "expected \(expected) field\(expected == 1 ? "" : "s"), found \(found)"
        case .expectedNumber(let found): return "expected a number, found \(quoted(found))"
        case .nonFiniteValue(let found): return "expected a finite number, found \(quoted(found))"
        case .beyondFloat32(let found):
            return "\(quoted(found)) is beyond float32's range (±3.4e38): train in float64 (--precision float64), or leave --precision "
                + "out to prepare the file in float64 first"
        case .emptyLabel: return "the label is empty"
        case .unterminatedQuote: return "a quoted field is not closed before the end of the file"
        case .unexpectedCharacterAfterQuote(let found):
            return "expected a delimiter or the end of the line after a closing quote, found \(quoted(found))"
        case .missingLabelColumn(let name): return "no label column \(name)"
        case .badMagic: return "not a NumPy .npy file (the file does not start with \\x93NUMPY)"
        case .malformedHeader(let reason): return "malformed .npy header: \(reason)"
        case .unsupportedDataType(let descr):
            let objects = descr.contains("O") ? " (Python objects, stored with pickle: save numbers with .astype(float) and labels with .astype(str))" : ""
            return "unsupported dtype \(quoted(descr))" + objects
        case .unsupportedShape(let shape):
            return "unsupported shape (\(shape.map(String.init).joined(separator: ", "))): only 1-D and 2-D arrays can become a matrix"
        case .truncated(let expected, let found):
            return "the file is truncated: the header announces \(expected) bytes of data, found \(found)"
        case .tooLarge(let examples, let features, let bytesPerValue, let available):
            let (bytes, overflow) = examples.multipliedReportingOverflow(by: features)
            let needed = overflow ? Int.max : bytes.multipliedReportingOverflow(by: bytesPerValue).overflow ? Int.max : bytes * bytesPerValue
            return "\(examples) examples × \(features) features need a \(bytesPerValue == 4 ? "float32" : "float64") matrix of "
                + "\(SystemMemory.gibibytes(needed)), more than the \(SystemMemory.gibibytes(available)) of memory available"
        }
    }

    /// `file:line:column: message`, omitting the parts that are unknown.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

/// `"text"` with quotes and backslashes escaped, shortened to 40 characters; line breaks, tabs and
/// other control characters are escaped (`\n`, `\u{1B}`) so a message stays on one line.
func quoted(_ text: String) -> String {
    let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
    var result = "\""
    for scalar in shown.unicodeScalars {
        switch scalar {
        case "\"", "\\": result += "\\" + String(scalar)
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
            result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
