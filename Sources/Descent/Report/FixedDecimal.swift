/// `value` with exactly `digits` decimals, rounded half away from zero (`2.25` → `2.3`), with no
/// sign on a value that rounds to zero; `nan`, `inf`, `-inf` for non-finite values and Swift's
/// shortest form from 10¹⁵ on. The one fixed-decimal formatter: terminal output uses it as is,
/// `Markup.fixed` with symbols for the non-finite values.
public func formatFixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    guard abs(value) < 1e15 else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let sign = value < 0 && rounded != 0 ? "-" : ""
    let integer = Int(rounded / scale)
    let fraction = Int(rounded - Double(integer) * scale)
    if digits == 0 { return "\(sign)\(integer)" }
    let fractionText = String(fraction)
    return "\(sign)\(integer)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
}
