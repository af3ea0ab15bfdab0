/// Parsing a decimal number straight from UTF-8 bytes, for the CSV reader's inner loop.
///
/// Fast path (Clinger 1990): when the significand has at most 19 digits, fits in 2^53, and the
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
        let count = bytes.count
        guard count > 0 else { return nil }
        var index = 0
        var negative = false
        let first = bytes[0]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        var significand: UInt64 = 0
        var significantDigits = 0
        var digitsSeen = 0
        var exponent = 0
        var exact = true
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            digitsSeen += 1
            if significantDigits < 19 {
                significand = significand &* 10 &+ UInt64(digit)
                if significand != 0 { significantDigits += 1 }
            } else {
                exponent += 1
                if digit != 0 { exact = false }
            }
            index += 1
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                digitsSeen += 1
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    if significand != 0 { significantDigits += 1 }
                    exponent -= 1
                } else if digit != 0 {
                    exact = false
                }
                index += 1
            }
        }
        if digitsSeen > 0 && index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if written < 100_000 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            if exponentDigits == 0 { exact = false }
            exponent += exponentNegative ? -written : written
        }
        if exact && digitsSeen > 0 && index == count && significand <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(significand)
            if exponent < 0 { value /= powersOfTen[-exponent] } else if exponent > 0 { value *= powersOfTen[exponent] }
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }
}
