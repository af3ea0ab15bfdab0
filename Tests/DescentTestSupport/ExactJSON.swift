import Foundation

/// JSON parsed with exact floats. Foundation's `JSONSerialization` on Linux yields `NSDecimalNumber`,
/// whose `doubleValue` is not correctly rounded (0.9933333333333333 comes back as …334), which
/// would break every bit-exact comparison with numpy's numbers; `JSONDecoder` parses floats exactly.
public enum ExactJSON: Decodable, Sendable {
    case number(Double), string(String), bool(Bool), null, array([ExactJSON]), object([String: ExactJSON])

    /// Decodes one JSON value.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([ExactJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: ExactJSON].self)) }
    }

    /// Parses `data` into Foundation-style values: Double (integers too, or Int where exact), String,
    /// Bool, NSNull, [Any], [String: Any].
    public static func parse(_ data: Data) throws -> Any {
        try JSONDecoder().decode(ExactJSON.self, from: data).foundationValue
    }

    /// The value as Foundation-style objects; whole numbers that fit are `Int` as well as `Double`
    /// (both `as? Int` and `as? Double` work through `NSNumber` bridging).
    public var foundationValue: Any {
        switch self {
        case .number(let value): NSNumber(value: value)
        case .string(let value): value
        case .bool(let value): value
        case .null: NSNull()
        case .array(let values): values.map(\.foundationValue)
        case .object(let members): members.mapValues(\.foundationValue)
        }
    }
}
