import Foundation

/// A type a training setting can hold: read from the text an option or a URL gives, written back
/// as the text that reads to the same value (`Double`s in Swift's shortest round-tripping form).
public protocol SettingValue: Sendable, Equatable {
    /// The value `text` spells, or `nil` when it spells none.
    init?(settingText text: String)
    /// The text that reads back to this value.
    var settingText: String { get }
    /// Every value there is, for help and errors (`nil`: not an enumeration).
    static var settingChoices: [String]? { get }
    /// What a value is, for an error (`a number`, `an integer`).
    static var settingKind: String { get }
}

extension SettingValue {
    public static var settingChoices: [String]? { nil }
    public static var settingKind: String { "one of \(settingChoices?.joined(separator: ", ") ?? "its values")" }
}

extension Double: SettingValue {
    public init?(settingText text: String) { self.init(text.trimmingCharacters(in: .whitespaces)) }
    public var settingText: String { "\(self)" }
    public static var settingKind: String { "a number" }
}

extension Int: SettingValue {
    public init?(settingText text: String) { self.init(text.trimmingCharacters(in: .whitespaces)) }
    public var settingText: String { "\(self)" }
    public static var settingKind: String { "an integer" }
}

extension UInt32: SettingValue {
    public init?(settingText text: String) { self.init(text.trimmingCharacters(in: .whitespaces)) }
    public var settingText: String { "\(self)" }
    public static var settingKind: String { "an integer in 0 … 4294967295" }
}

extension String: SettingValue {
    public init?(settingText text: String) { self = text }
    public var settingText: String { self }
    public static var settingKind: String { "text" }
}

/// An enumeration whose raw values are its setting texts.
public protocol NamedSettingValue: SettingValue, RawRepresentable, CaseIterable where RawValue == String {}

extension NamedSettingValue {
    public init?(settingText text: String) { self.init(rawValue: text) }
    public var settingText: String { rawValue }
    public static var settingChoices: [String]? { allCases.map(\.rawValue) }
}

extension FeatureScaler.Method: NamedSettingValue {}
extension DataConfiguration.Task: NamedSettingValue {}
extension DataConfiguration.TargetScaling: NamedSettingValue {}
extension TabularOptions.Imputation: NamedSettingValue {}
extension TabularOptions.MissingPolicy: NamedSettingValue {}
extension Precision: NamedSettingValue {}
extension CostFormula: NamedSettingValue {}
extension DivergenceRule.Action: NamedSettingValue {}

extension Activation: SettingValue {
    /// Hidden activations only: softmax is chosen for a multi-class output.
    public init?(settingText text: String) {
        guard let activation = Activation(rawValue: text), Activation.hiddenCases.contains(activation) else { return nil }
        self = activation
    }
    public var settingText: String { rawValue }
    public static var settingChoices: [String]? { hiddenCases.map(\.rawValue) }
}

extension Initializer: SettingValue {
    /// A name of `Initializer.names`, or `random:<scale>`.
    public init?(settingText text: String) { self.init(name: text) }
    public var settingText: String { description }
    public static var settingChoices: [String]? { names }
    public static var settingKind: String { "one of \(names.joined(separator: ", ")) (random:<scale> sets the random scale)" }
}

extension ShuffleMode: SettingValue {
    /// `standard`, `lab` (the Optimization lab's counter from 10) or `none`.
    public init?(settingText text: String) {
        switch text {
        case "standard": self = .standard
        case "lab": self = .lab
        case "none": self = .none
        default: return nil
        }
    }
    public var settingText: String {
        switch self {
        case .standard: "standard"
        case .none: "none"
        case .course(let counterStart): counterStart == 10 ? "lab" : "lab:\(counterStart)"
        }
    }
    public static var settingChoices: [String]? { ["standard", "lab", "none"] }
}

extension DropoutMaskMode: SettingValue {
    /// `fresh`, or `course` (reseeded with seed 1 every iteration, as the Regularization lab).
    public init?(settingText text: String) {
        switch text {
        case "fresh": self = .fresh
        case "course": self = .reseeded(seed: 1)
        default: return nil
        }
    }
    public var settingText: String {
        switch self {
        case .fresh: "fresh"
        case .reseeded(let seed): seed == 1 ? "course" : "course:\(seed)"
        }
    }
    public static var settingChoices: [String]? { ["fresh", "course"] }
}

/// Hidden-layer sizes written `10,5` (empty: no hidden layer).
public struct HiddenLayerSizes: SettingValue, Hashable, Codable {
    /// The sizes, input side first.
    public var sizes: [Int]
    /// Sizes `sizes`.
    public init(_ sizes: [Int]) { self.sizes = sizes }
    public init?(settingText text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { sizes = []; return }
        var sizes = [Int]()
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            guard let size = Int(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            sizes.append(size)
        }
        self.sizes = sizes
    }
    public var settingText: String { sizes.map(String.init).joined(separator: ",") }
    public static var settingKind: String { "comma-separated layer sizes, e.g. 10,5 (empty: none)" }
}

/// A name of an enumerated list (`OptimizerAlgorithm.names`, `LearningRateDecay.names`), and
/// other spellings users bring from other libraries, each for one of the names.
public protocol NamedCases {
    static var names: [String] { get }
    static var aliases: [String: String] { get }
}

extension NamedCases {
    public static var aliases: [String: String] { [:] }
}

extension OptimizerAlgorithm: NamedCases {
    /// Each descriptor's aliases (names from other libraries), for its name.
    public static var aliases: [String: String] {
        Dictionary(uniqueKeysWithValues: descriptors.flatMap { descriptor in descriptor.aliases.map { ($0, descriptor.name) } })
    }
}

extension LearningRateDecay: NamedCases {}

/// The name of one of `Cases`' cases (an optimizer's, a schedule's).
public struct CaseName<Cases: NamedCases>: SettingValue, Hashable, Codable {
    /// The name.
    public let name: String
    /// `name`, which must be one of `Cases.names`.
    public init(_ name: String) {
        precondition(Cases.names.contains(name), "\(name) is not one of \(Cases.names)")
        self.name = name
    }
    /// A name, or an alias of one (`Cases.aliases`).
    public init?(settingText text: String) {
        let name = Cases.aliases[text] ?? text
        guard Cases.names.contains(name) else { return nil }
        self.name = name
    }
    public var settingText: String { name }
    public static var settingChoices: [String]? { Cases.names }
}
