import Descent

/// The CLI's `--json` output: `JSONValue`, written with `JSONValue.text`.
typealias JSON = JSONValue

extension JSONValue {
    /// A number, or `null` when absent (non-finite numbers are written as `null` too).
    static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
}
