/// The fixed colours of every chart: the Okabe–Ito palette, distinguishable under the common
/// forms of colour blindness, ordered so the first colours have the most contrast on white.
public enum ChartPalette {
    /// Line and marker colours in order of use: blue, vermillion, bluish green, reddish purple,
    /// orange, sky blue, black, yellow.
    public static let colors: [String] = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    ]

    /// Colours for class labels in decision-boundary charts: class 0 vermillion, class 1 blue
    /// (the course's red/blue), then the rest of the palette.
    public static let classColors: [String] = [
        "#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    ]

    /// Series `index`'s colour, cycling through `colors`.
    public static func color(at index: Int) -> String { colors[((index % colors.count) + colors.count) % colors.count] }

    /// Class `index`'s colour, cycling through `classColors`.
    public static func classColor(at index: Int) -> String {
        classColors[((index % classColors.count) + classColors.count) % classColors.count]
    }

    /// Stroke dash pattern of series `index`: solid for the first pass through the palette, then
    /// dashed variants so series that share a colour stay distinguishable.
    static func dashPattern(at index: Int) -> String? {
        let patterns: [String?] = [nil, "7 4", "2 3", "9 3 2 3"]
        return patterns[(index / colors.count) % patterns.count]
    }

    /// `hex` (`#RRGGBB`) mixed with white: `amount` 0 gives white, 1 gives `hex` itself.
    ///
    /// c' = 255 − amount · (255 − c) per channel.
    static func tint(_ hex: String, amount: Double) -> String {
        let digits = Array(hex.utf8.dropFirst())
        guard digits.count == 6, let value = Int(String(decoding: digits, as: UTF8.self), radix: 16) else { return hex }
        let t = min(max(amount, 0), 1)
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Int in
            Int((255 - t * Double(255 - channel)).rounded())
        }
        let hexDigits = Array("0123456789abcdef")
        return "#" + channels.map { "\(hexDigits[$0 >> 4])\(hexDigits[$0 & 0xF])" }.joined()
    }
}
