/// Parsing a decimal number straight from UTF-8 bytes, for the CSV reader's inner loop.
///
/// Fast path (Clinger 1990): when the number has at most 19 digits, its significand fits in 2^53, and the
/// decimal exponent is within ±22, `Double(significand) × 10^e` (or `÷ 10^-e`) is a single
/// correctly rounded IEEE operation on two exact values, hence the correctly rounded result.
/// Everything else ("1e300", 20+ digits, "nan", "inf", hex floats, garbage) falls back to
/// `Double(String)`, the standard library's correctly rounded parser, which returns `nil` for
/// non-numbers. The result is therefore always identical to `Double(String)`.
enum DecimalParsing {
    /// Exact powers of ten 10^0 … 10^22 (all exactly representable in a `Double`).
    @usableFromInline static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number spelled by `bytes` (no surrounding whitespace), or `nil` when it is not one.
    /// NaN and infinities parse (as `Double(String)` does); callers reject them.
    @inlinable
    static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        if let (value, length) = prefix(bytes), length == bytes.count { return value }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// The longest prefix of `bytes` that is a decimal number — an optional sign, digits with an
    /// optional fraction, an optional exponent with its digits — with its correctly rounded value
    /// and its length; `nil` when `bytes` does not start with one (no digit before any other byte).
    /// The CSV reader finds a field's end and its value in this one pass.
    @inlinable @inline(__always)
    static func prefix(_ bytes: UnsafeRawBufferPointer) -> (value: Double, length: Int)? {
        let count = bytes.count
        guard count > 0 else { return nil }
        var index = 0
        var negative = false
        let first = bytes[0]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        // Every digit goes into the significand; more than 19 of them (which could overflow it)
        // leave the fast path, so the wrapping arithmetic never produces a used value.
        var significand: UInt64 = 0
        var digitsSeen = 0
        var exponent = 0
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            significand = significand &* 10 &+ UInt64(digit)
            digitsSeen &+= 1
            index &+= 1
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index &+= 1
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                significand = significand &* 10 &+ UInt64(digit)
                digitsSeen &+= 1
                exponent &-= 1
                index &+= 1
            }
        }
        guard digitsSeen > 0 else { return nil }
        if index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            // An exponent counts only with at least one digit; "1e" ends before the "e".
            var cursor = index + 1
            var exponentNegative = false
            if cursor < count && (bytes[cursor] == UInt8(ascii: "-") || bytes[cursor] == UInt8(ascii: "+")) {
                exponentNegative = bytes[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            var written = 0
            var exponentDigits = 0
            while cursor < count {
                let digit = bytes[cursor] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if written < 100_000 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                cursor += 1
            }
            if exponentDigits > 0 {
                exponent += exponentNegative ? -written : written
                index = cursor
            }
        }
        if digitsSeen <= 19 && significand <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(significand)
            if exponent < 0 { value /= powersOfTen[-exponent] } else if exponent > 0 { value *= powersOfTen[exponent] }
            return (negative ? -value : value, index)
        }
        // 20+ digits or a large exponent: the standard library's correctly rounded parser.
        guard let value = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<index]), as: UTF8.self)) else { return nil }
        return (value, index)
    }
}
