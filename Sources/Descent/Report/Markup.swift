import Foundation

/// Escaping and number formatting shared by the SVG charts and the HTML report.
///
/// Everything the report layer writes goes through here, so user text can never inject markup and
/// a non-finite number can never reach an attribute as `nan` or `inf`.
public enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe both as
    /// element content and inside a quoted attribute, in HTML and in XML (SVG).
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default:
                // XML 1.0 forbids most C0 controls even as references: drop them.
                if character.value < 0x20 && character != "\n" && character != "\t" && character != "\r" { continue }
                escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A drawing coordinate rounded to 0.01 px, e.g. `12.5`, `-3`, `100.07`.
    ///
    /// Non-finite input becomes `0` and magnitudes are clamped to 1e6 px, so the output is always
    /// a plain decimal number (never `nan`/`inf`/exponent notation) that every SVG parser accepts.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((min(max(value, -1e6), 1e6) * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + "\(whole).\(fraction / 10)" }
        return sign + "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `value` with exactly `decimals` digits after the point (`"0.25"`; `formatFixed`'s rounding),
    /// or `"∞"`, `"−∞"`, `"NaN"`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return formatFixed(value, digits: max(0, min(decimals, 17)))
    }

    /// `value` with `significantDigits` significant digits in the shortest of fixed or exponent
    /// form (`0.3241`, `1.5e-05` → `1.5e-5`), or `"∞"`, `"−∞"`, `"NaN"`.
    public static func significant(_ value: Double, digits significantDigits: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let text = String(format: "%.\(max(1, min(significantDigits, 17)))g", value)
        return tidyExponent(text)
    }

    /// The symbol for a non-finite value: `∞`, `−∞` or `NaN`.
    static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞")
    }

    /// `1e-05` → `1e-5`, `2.5e+07` → `2.5e7`.
    static func tidyExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var negative = false
        if exponent.first == "-" { negative = true; exponent = exponent.dropFirst() } else if exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop(while: { $0 == "0" })
        return "\(mantissa)e\(negative ? "-" : "")\(digits.isEmpty ? "0" : String(digits))"
    }
}

extension Markup {
    /// `<name a="v" …/>` (`attributes` then `extra`), or `<name a="v" …>text</name>` when `text` is given; attribute values and
    /// text are escaped.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, extra: [(String, String)] = [],
                        text: String? = nil) -> String {
        var markup = openTag(name, attributes, extra: extra, selfClosing: text == nil)
        if let text { markup += escape(text) + "</\(name)>" }
        return markup
    }

    /// `<name a="v" …>` (or `<name … />` when `selfClosing`), attribute values escaped.
    static func openTag(_ name: String, _ attributes: KeyValuePairs<String, String>, extra: [(String, String)] = [],
                        selfClosing: Bool = false) -> String {
        var markup = "<" + name
        for (key, value) in attributes { markup += " \(key)=\"\(escape(value))\"" }
        for (key, value) in extra { markup += " \(key)=\"\(escape(value))\"" }
        return markup + (selfClosing ? "/>" : ">")
    }
}
