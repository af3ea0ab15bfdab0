import Foundation

/// One hyperparameter of an optimizer or a learning-rate schedule, described once where it is
/// used (the descriptor's own file, or beside the descriptor type when several share it): its flat
/// field name (JSON, errors, `init(name:values:)`), the `descent train` option that sets it, what
/// it holds, its default and its valid range.
///
/// `OptimizerDescriptor` and `ScheduleDescriptor` list theirs; the settings vocabulary makes one
/// option of each field (`TrainingSetting.hyperparameters(of:)`), so a new optimizer or schedule
/// brings its options, their help and their checks with it. Every value is held as a `Double`: an
/// integer as itself, a flag as 0 or 1, a choice as the index of its name in `Kind.choice`.
public struct Hyperparameter: Sendable {
    /// What the value is.
    public enum Kind: Sendable, Equatable {
        /// A real number.
        case number
        /// A whole number (of epochs, …), written without a fraction.
        case integer
        /// On (1) or off (0); an option given alone.
        case flag
        /// One of these names, held as its index.
        case choice([String])
    }

    /// The flat field name, unique across the optimizers' or the schedules' fields (`decayRate`).
    public let field: String
    /// The option's name without dashes (`decay-rate`).
    public let option: String
    /// What the value is.
    public let kind: Kind
    /// The default; `nil`: the run's number of epochs (resolved by `LearningRateSchedule`).
    public let defaultValue: Double?
    /// What it is, as one phrase for help (`the factor γ`).
    public let help: String
    /// Whether the playground page has a field for it.
    public let isPlaygroundField: Bool
    /// The requirement `value` fails given the other values and the initial learning rate (`nil`: none failed).
    let requirement: @Sendable (_ value: Double, _ context: Context) -> String?

    /// What a requirement may look at besides the value itself.
    public struct Context: Sendable {
        /// Every field's value (defaults included).
        public let values: [String: Double]
        /// α0, for a schedule (`nil` for an optimizer).
        public let initialLearningRate: Double?
    }

    /// A hyperparameter `field` set by `--option`, of `kind`, defaulting to `defaultValue`, that
    /// fails `requirement` with the returned text (`must lie in (0, 1]`).
    public init(_ field: String, option: String, kind: Kind = .number, default defaultValue: Double?, playground: Bool = false, help: String,
                requirement: @escaping @Sendable (_ value: Double, _ context: Context) -> String? = { _, _ in nil }) {
        self.field = field
        self.option = option
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.isPlaygroundField = playground
        self.requirement = requirement
    }

    /// The same hyperparameter with another default (ε 1e-10 for one optimizer, 1e-8 for the rest).
    public func defaulting(to value: Double?) -> Hyperparameter {
        Hyperparameter(field, option: option, kind: kind, default: value, playground: isPlaygroundField, help: help, requirement: requirement)
    }

    /// `value` as it is written in errors and settings: an integer without a fraction, a flag as
    /// `true`/`false`, a choice by its name.
    public func text(_ value: Double) -> String {
        switch kind {
        case .number: "\(value)"
        case .integer: "\(Int(value))"
        case .flag: value != 0 ? "true" : "false"
        case .choice(let names): names.indices.contains(Int(value)) ? names[Int(value)] : "\(value)"
        }
    }

    /// The value `text` spells (`nil`: none), the inverse of `text(_:)`.
    public func value(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .number: return Double(trimmed)
        case .integer: return Int(trimmed).map(Double.init)
        case .flag: return ["true": 1, "": 1, "false": 0][trimmed]
        case .choice(let names): return names.firstIndex(of: trimmed).map(Double.init)
        }
    }

    /// What a value is, for an error (`a number`).
    public var kindText: String {
        switch kind {
        case .number: "a number"
        case .integer: "an integer"
        case .flag: "true or false"
        case .choice(let names): "one of \(names.joined(separator: ", "))"
        }
    }

    /// Throws the first of `values` (by field) that fails its hyperparameter's requirement.
    static func validate(_ values: [String: Double], of parameters: [Hyperparameter], initialLearningRate: Double?) throws(HyperparameterError) {
        let context = Context(values: values, initialLearningRate: initialLearningRate)
        for parameter in parameters {
            guard let value = values[parameter.field], let requirement = parameter.requirement(value, context) else { continue }
            throw .invalidValue(field: parameter.field, value: parameter.text(value), requirement: requirement)
        }
    }

    /// `values` (by field) for `name`, which takes `parameters`, with the defaults of those not
    /// given (a `nil` default stays absent). Throws `.notApplicable` for a field it does not take.
    static func complete(_ values: [String: Double], name: String, parameters: [Hyperparameter],
                         concept: HyperparameterError.Concept) throws(HyperparameterError) -> [String: Double] {
        if let field = values.keys.sorted().first(where: { field in !parameters.contains { $0.field == field } }) {
            throw .notApplicable(field: field, name: name, concept: concept)
        }
        var all = [String: Double]()
        for parameter in parameters { all[parameter.field] = values[parameter.field] ?? parameter.defaultValue }
        return all
    }
}

/// The ranges hyperparameters share.
enum HyperparameterCheck {
    static let unitInterval: @Sendable (Double, Hyperparameter.Context) -> String? = { value, _ in value >= 0 && value < 1 ? nil : "must lie in [0, 1)" }
    static let positive: @Sendable (Double, Hyperparameter.Context) -> String? = { value, _ in
        value > 0 && value.isFinite ? nil : "must be positive and finite"
    }
    static let nonNegative: @Sendable (Double, Hyperparameter.Context) -> String? = { value, _ in
        value >= 0 && value.isFinite ? nil : "must be non-negative and finite"
    }
    static let epochs: @Sendable (Double, Hyperparameter.Context) -> String? = { value, _ in value >= 1 ? nil : "must be at least 1 epoch" }
    static let count: @Sendable (Double, Hyperparameter.Context) -> String? = { value, _ in value >= 0 ? nil : "must be non-negative" }
}

extension Hyperparameter {
    /// The value `make` builds from a JSON object `{"name": …, field: value, …}`: its name and its
    /// values by field, read as `parameters(name)` says; a `HyperparameterError` becomes a
    /// `DecodingError` with its description.
    static func decode<Value>(from decoder: any Decoder, parameters: (String) -> [Hyperparameter]?,
                              make: (String, [String: Double]) throws(HyperparameterError) -> Value) throws -> Value {
        let container = try decoder.container(keyedBy: HyperparameterKey.self)
        let name = try container.decode(String.self, forKey: HyperparameterKey("name"))
        let values = try decode(container, parameters: parameters(name) ?? [])
        do {
            return try make(name, values)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// The values of a JSON object `{"name": …, field: value, …}` by field, each read as its
    /// parameter's kind (a flag as a Boolean or a number, a choice by name, an integer as an
    /// integer); a key no parameter has is kept (as 0) so that the caller refuses it by name.
    private static func decode(_ container: KeyedDecodingContainer<HyperparameterKey>, parameters: [Hyperparameter]) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for key in container.allKeys where key.stringValue != "name" {
            guard let parameter = parameters.first(where: { $0.field == key.stringValue }) else { values[key.stringValue] = 0; continue }
            switch parameter.kind {
            case .number: values[parameter.field] = try container.decode(Double.self, forKey: key)
            case .integer: values[parameter.field] = Double(try container.decode(Int.self, forKey: key))
            case .flag: values[parameter.field] = try (try? container.decode(Bool.self, forKey: key)).map { $0 ? 1 : 0 } ?? container.decode(Double.self, forKey: key)
            case .choice:
                let text = try container.decode(String.self, forKey: key)
                guard let value = parameter.value(text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(key.stringValue) must be \(parameter.kindText), got \(text)")
                }
                values[parameter.field] = value
            }
        }
        return values
    }

    /// Encodes `{"name": name, field: value, …}` for the `parameters` that have a value, each as
    /// its kind (an integer as an integer, a flag as a Boolean, a choice by name).
    static func encode(name: String, values: [String: Double], parameters: [Hyperparameter], to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HyperparameterKey.self)
        try container.encode(name, forKey: HyperparameterKey("name"))
        for parameter in parameters {
            guard let value = values[parameter.field] else { continue }
            let key = HyperparameterKey(parameter.field)
            switch parameter.kind {
            case .number: try container.encode(value, forKey: key)
            case .integer: try container.encode(Int(value), forKey: key)
            case .flag: try container.encode(value != 0, forKey: key)
            case .choice: try container.encode(parameter.text(value), forKey: key)
            }
        }
    }
}
