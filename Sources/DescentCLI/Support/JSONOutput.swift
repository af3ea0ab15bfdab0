import Descent

/// A JSON value with ordered keys, written with Swift's shortest round-trip float formatting
/// (`0.9933333333333333`). Non-finite numbers are written as `null`, so output stays valid JSON.
indirect enum JSON: Sendable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    /// A number, or `null` when absent or not finite.
    static func number(_ value: Double?) -> JSON { value.map { .number($0) } ?? .null }

    /// The compact serialization.
    var text: String {
        switch self {
        case .number(let value): value.isFinite ? "\(value)" : "null"
        case .integer(let value): "\(value)"
        case .string(let value): JSONString.quoted(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let values): "[" + values.map(\.text).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.map { JSONString.quoted($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
        }
    }
}
