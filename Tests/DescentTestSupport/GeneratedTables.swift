import Foundation

/// Tables generated for the tests (nothing committed), the same from every test target.
public enum GeneratedTables {
    /// A price table for regression: `rows` examples of four standard-normal features (`rooms`,
    /// `age`, `area`, `season`) and a `price` of `mean` + `spread` · (a smooth nonlinear function of
    /// them + 8 % noise), about `mean` ± `spread`, drawn from `seed` (SplitMix64, Box–Muller).
    public static func prices(rows: Int, mean: Double = 4000, spread: Double = 1000, seed: UInt64 = 25) -> String {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        var lines = ["rooms,age,area,season,price"]
        for _ in 0..<rows {
            let x = (0..<4).map { _ in normal() }
            let signal = 0.75 * x[0] - 0.5 * x[1] + 0.25 * x[0] * x[2] + 0.4 * sin(2 * x[3])
            let y = mean + spread * (signal + 0.08 * normal())
            lines.append((x.map { String(format: "%.4f", $0) } + [String(format: "%.4f", y)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
