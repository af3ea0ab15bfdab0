import Foundation
import RealModule

/// One hyperparameter of a search and how its values are drawn, from a `NAME=SPEC` text:
///
/// | SPEC | values | as the course advises for |
/// |---|---|---|
/// | `log:LOW..HIGH` | `10^r`, r uniform in [log₁₀ LOW, log₁₀ HIGH] | the learning rate, L2 |
/// | `LOW..HIGH` | uniform in [LOW, HIGH] | keep probability |
/// | `int:LOW..HIGH` | an integer uniform in LOW…HIGH | batch size, epochs |
/// | `1-log:LOW..HIGH` | `1 − 10^r`, r uniform in [log₁₀ LOW, log₁₀ HIGH] (LOW, HIGH are 1 − β) | β near 1: `1-log:0.001..0.1` gives β in [0.9, 0.999] |
/// | `A\|B\|C` | one of the choices | the optimizer, hidden sizes (`64\|128,64`) |
///
/// Values are text, as an option would be written (`0.0031622776601683794`, `tanh`, `128,64`);
/// numbers print in Swift's shortest round-tripping form, so a value read back is the same double.
public struct SearchDimension: Sendable, Equatable, Codable {
    /// How values are drawn.
    public enum Distribution: Sendable, Equatable, Codable {
        /// `LOW..HIGH`: uniform.
        case uniform(low: Double, high: Double)
        /// `log:LOW..HIGH`: 10^r, r uniform in [log₁₀ low, log₁₀ high].
        case logUniform(low: Double, high: Double)
        /// `int:LOW..HIGH`: an integer, each equally likely.
        case integer(low: Int, high: Int)
        /// `1-log:LOW..HIGH`: 1 − 10^r, r uniform in [log₁₀ low, log₁₀ high].
        case oneMinusLogUniform(low: Double, high: Double)
        /// `A|B|C`: one of the choices, each equally likely.
        case choice([String])
    }

    /// The option's name (`learning-rate`).
    public var name: String
    /// The spec as written (`log:1e-4..1e-1`).
    public var spec: String
    /// How values are drawn (parsed from `spec`).
    public var distribution: Distribution

    /// Parses `NAME=SPEC` (see the type's table). Errors name the dimension: an empty name or spec,
    /// a number that does not parse, an empty or inverted range, a log range touching 0 or below,
    /// a `1-log` range outside (0, 1), an unknown `word:` prefix, a choice without options.
    public init(_ text: String) throws(TuningError) {
        guard let equals = text.firstIndex(of: "=") else { throw .badSpec(text, "write NAME=SPEC, e.g. learning-rate=log:1e-4..1e-1") }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        let spec = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw .badSpec(text, "the name is empty") }
        guard !spec.isEmpty else { throw .badSpec(text, "the spec is empty") }
        self.name = name
        self.spec = spec
        func range(_ body: Substring) throws(TuningError) -> (Double, Double) {
            let parts = body.components(separatedBy: "..")
            guard parts.count == 2, let low = Double(parts[0].trimmingCharacters(in: .whitespaces)),
                  let high = Double(parts[1].trimmingCharacters(in: .whitespaces)), low.isFinite, high.isFinite else {
                throw .badSpec(text, "expected LOW..HIGH with two finite numbers")
            }
            guard low < high else { throw .badSpec(text, "the range is empty or inverted (\(low) ≥ \(high))") }
            return (low, high)
        }
        if spec.hasPrefix("log:") {
            let (low, high) = try range(spec.dropFirst(4))
            guard low > 0 else { throw .badSpec(text, "a log range must be above 0") }
            distribution = .logUniform(low: low, high: high)
        } else if spec.hasPrefix("1-log:") {
            let (low, high) = try range(spec.dropFirst(6))
            guard low > 0 && high < 1 else { throw .badSpec(text, "1 − β must lie in (0, 1): e.g. 1-log:0.001..0.1 for β in [0.9, 0.999]") }
            distribution = .oneMinusLogUniform(low: low, high: high)
        } else if spec.hasPrefix("int:") {
            let (low, high) = try range(spec.dropFirst(4))
            guard low == low.rounded(), high == high.rounded(), Swift.abs(low) < 1e15, Swift.abs(high) < 1e15 else {
                throw .badSpec(text, "an int range needs whole numbers")
            }
            distribution = .integer(low: Int(low), high: Int(high))
        } else if let prefix = Self.unknownPrefix(of: spec) {
            throw .badSpec(text, "unknown prefix \(quoted(prefix)): the known ones are \(Self.prefixes.joined(separator: ", ")) "
                + "(none for a uniform LOW..HIGH)")
        } else if spec.contains("..") && !spec.contains("|") {
            let (low, high) = try range(Substring(spec))
            distribution = .uniform(low: low, high: high)
        } else {
            let choices = spec.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !choices.contains(where: \.isEmpty) else { throw .badSpec(text, "a choice has no value (A|B|C)") }
            distribution = .choice(choices)
        }
    }

    /// The `word:` prefixes a spec can start with.
    static let prefixes = ["log:", "1-log:", "int:"]

    /// The `word:` a range spec starts with when it is none of `prefixes` (`lgo:` in
    /// `lgo:1e-4..1e-1`); `nil` for a spec without one, and for choices (`A|B`), which may hold colons.
    private static func unknownPrefix(of spec: String) -> String? {
        guard !spec.contains("|"), let colon = spec.firstIndex(of: ":") else { return nil }
        let word = spec[..<colon]
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), word.contains(where: \.isLetter) else {
            return nil
        }
        let prefix = String(word) + ":"
        return prefixes.contains(prefix) ? nil : prefix
    }

    /// A continuous dimension's sampling scale: the interval drawn uniformly, how a point of it
    /// becomes a value, where a value lies on it, and how a spec writes its bounds.
    private struct Scale {
        var low: Double, high: Double
        var value: (Double) -> Double
        var place: (Double) -> Double?
        var bound: (Double) -> Double
        var prefix: String
    }

    /// The scale of the `uniform`, `log` and `1-log` forms; `nil` for integers and choices.
    private var scale: Scale? {
        let tenTo = { (s: Double) in Double.pow(10, s) }
        switch distribution {
        case .uniform(let low, let high):
            return Scale(low: low, high: high, value: { $0 }, place: { $0 }, bound: { $0 }, prefix: "")
        case .logUniform(let low, let high):
            return Scale(low: Double.log10(low), high: Double.log10(high), value: tenTo, place: { $0 > 0 ? Double.log10($0) : nil },
                         bound: tenTo, prefix: "log:")
        case .oneMinusLogUniform(let low, let high):
            return Scale(low: Double.log10(low), high: Double.log10(high), value: { 1 - tenTo($0) },
                         place: { $0 < 1 ? Double.log10(1 - $0) : nil }, bound: tenTo, prefix: "1-log:")
        case .integer, .choice:
            return nil
        }
    }

    /// A value drawn with `random`.
    public func sample<R: RandomSource>(using random: inout R) -> String {
        let u = random.nextUniform()
        if let scale { return "\(scale.value(scale.low + (scale.high - scale.low) * u))" }
        switch distribution {
        case .integer(let low, let high): return "\(low + Swift.min(high - low, Int(u * Double(high - low + 1))))"
        case .choice(let choices): return choices[Swift.min(choices.count - 1, Int(u * Double(choices.count)))]
        default: preconditionFailure("continuous forms have a scale")
        }
    }

    /// The values a grid search tries: every choice, every integer (at most `points` of them, spread
    /// evenly), or `points` values spread evenly (on the log scale for the log forms).
    public func gridValues(points: Int) -> [String] {
        precondition(points >= 1, "A grid needs at least one point per dimension.")
        func spread(_ low: Double, _ high: Double) -> [Double] {
            points == 1 ? [(low + high) / 2] : (0..<points).map { low + (high - low) * Double($0) / Double(points - 1) }
        }
        if let scale { return spread(scale.low, scale.high).map { "\(scale.value($0))" } }
        switch distribution {
        case .integer(let low, let high):
            if high - low + 1 <= points { return (low...high).map { "\($0)" } }
            return spread(Double(low), Double(high)).map { "\(Int($0.rounded()))" }
        case .choice(let choices): return choices
        default: preconditionFailure("continuous forms have a scale")
        }
    }

    /// Coarse to fine: the spec of a narrower search around `values` (the best trials' values of this
    /// dimension) — their range on the sampling scale (log₁₀ for the log forms) widened by a tenth
    /// of the old range on each side and kept inside it; for a choice, the choices among `values`.
    public func refinedSpec(around values: [String]) -> String {
        func around(_ points: [Double], low: Double, high: Double) -> (Double, Double) {
            guard let least = points.min(), let most = points.max() else { return (low, high) }
            let margin = (high - low) / 10
            return (Swift.max(low, least - margin), Swift.min(high, most + margin))
        }
        let numbers = values.compactMap(Double.init)
        if let scale {
            let (a, b) = around(numbers.compactMap(scale.place), low: scale.low, high: scale.high)
            return "\(scale.prefix)\(scale.bound(a))..\(scale.bound(b))"
        }
        switch distribution {
        case .integer(let low, let high):
            let (a, b) = around(numbers, low: Double(low), high: Double(high))
            let lower = Int(a.rounded(.down)), upper = Swift.max(Int(b.rounded(.up)), lower + 1)
            return "int:\(lower)..\(Swift.min(upper, high))"
        case .choice(let choices):
            let kept = choices.filter(values.contains)
            return (kept.isEmpty ? choices : kept).joined(separator: "|")
        default: preconditionFailure("continuous forms have a scale")
        }
    }

    /// Whether values are spread on a log scale (for charts).
    public var isLogScale: Bool {
        switch distribution {
        case .logUniform, .oneMinusLogUniform: true
        default: false
        }
    }
}

/// A problem with a search or a study, one sentence naming what is wrong.
public enum TuningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `NAME=SPEC` that does not parse.
    case badSpec(String, String)
    /// Something about the search's options.
    case invalid(String)
    /// A study file that cannot be used.
    case study(file: String, message: String)

    /// One sentence (a spec error starts with the spec, for the caller to prefix with its option).
    public var description: String {
        switch self {
        case .badSpec(let text, let reason): "\(text): \(reason)"
        case .invalid(let message): message
        case .study(let file, let message): "\(file): \(message)"
        }
    }
}
