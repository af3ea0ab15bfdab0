import Foundation

/// JSON for the files Descent writes for itself (checkpoint metadata, study journals, a model's
/// column encoding): keys sorted, and the non-finite numbers plain JSON cannot spell written as
/// the strings `"inf"`, `"-inf"` and `"nan"` (a diverged cost, a best cost not yet seen).
enum JSONCoding {
    /// `value` as JSON.
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    /// A `Value` from `data` written by `encode`.
    static func decode<Value: Decodable>(_: Value.Type, from data: Data) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(Value.self, from: data)
    }
}
