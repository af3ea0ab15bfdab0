import Foundation

/// One setting of a training run, described once: its name (the `descent train` option without
/// its dashes, the `tune --search` name, the playground's URL parameter), its group and help, the
/// values it takes and the message when a value is outside them, whether `tune` can search it and
/// the playground set it, and how it reads from and writes to `TrainingSettings`.
///
/// `TrainingSettings.vocabulary` lists them all. Everything that names a setting derives from that
/// list: the command line's parsing, validation and help, `tune --search`, the playground's fields,
/// the checkpoint fingerprint, the model file's `training_options` and every printed command.
public struct TrainingSetting: Sendable {
    /// Where the setting is listed in help.
    public enum Group: String, Sendable, CaseIterable {
        case data = "Data"
        case table = "Table columns"
        case model = "Model"
        case optimization = "Optimization"
    }

    /// The option's name without dashes (`learning-rate`).
    public let name: String
    /// Where help lists it.
    public let group: Group
    /// One sentence of help.
    public let help: String
    /// The values it takes, for help and errors (`nil`: not an enumeration).
    public let choices: [String]?
    /// The default as help shows it (`nil`: none shown).
    public let defaultText: String?
    /// The default for a file of the user's (not a course dataset, which keeps the labs' choices),
    /// as text; `nil`: the same as for the course datasets.
    public let fileDefault: String?
    /// A flag: given means on; it takes no value on the command line (`true`/`false` elsewhere).
    public let isFlag: Bool
    /// The configuration field whose library errors this setting answers for (`learningRate`).
    public let field: String?
    /// Whether it changes the trained weights: recorded in the checkpoint fingerprint and in the
    /// model file's `training_options`.
    public let shapesRun: Bool
    /// Whether `tune --search` may vary it (file names may not).
    public let isSearchable: Bool
    /// Whether a study's trials see it. A test file is not seen (a search never looks at the test
    /// set; only `tune --save` scores the best trial on it), so adding one to a study's command
    /// keeps the study the same.
    public let isSeenByTrials: Bool
    /// Whether the playground page may set it.
    public let isPlaygroundField: Bool
    /// The value as text, `nil` when unset (an option with no default value).
    let read: @Sendable (TrainingSettings) -> String?
    /// Sets the value from text (`nil`: back to unset or the default); throws the reason a text is refused.
    let write: @Sendable (inout TrainingSettings, String?) throws(SettingError) -> Void
    /// The text recorded for the run (fingerprint, `training_options`); `read` or "" when not given.
    let record: @Sendable (TrainingSettings) -> String
    /// Whether `fileDefault` applies to a file's settings as given (the float32 default only where
    /// the network sees standardized values); always, unless a setting says otherwise.
    var fileDefaultApplies: @Sendable (TrainingSettings) -> Bool = { _ in true }

    /// The value's text in `settings`, `nil` when unset.
    public func text(in settings: TrainingSettings) -> String? { read(settings) }
}

/// A setting that cannot take what it was given, or a command line that does not name settings.
public enum SettingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No setting has this name; `suggestion` is the closest one.
    case unknown(name: String, suggestion: String?)
    /// The option was given without its value.
    case missingValue(name: String)
    /// The value is not one the setting takes: `requirement` says what it takes.
    case invalid(name: String, value: String, requirement: String)
    /// Settings that do not go together, or one the data does not allow, in one sentence naming them.
    case conflict(String)
    /// A word on the command line that is not an option.
    case unexpectedArgument(String)

    /// One sentence naming the option: `--learning-rate: must be positive and finite, got -1`.
    public var description: String {
        switch self {
        case .unknown(let name, let suggestion):
            "unknown option '--\(name)'" + (suggestion.map { "; did you mean '--\($0)'?" } ?? "")
        case .missingValue(let name): "--\(name): missing its value"
        case .invalid(let name, let value, let requirement): "--\(name): \(requirement), got '\(value)'"
        case .conflict(let message): message
        case .unexpectedArgument(let text): "unexpected argument '\(text)': settings are options (--name value)"
        }
    }
}

extension TrainingSetting {
    /// A setting holding a value of `Value` at `keyPath`, with a default; `check` returns what the
    /// value must satisfy when it does not (`"must be positive and finite"`); `recorded` is the text
    /// a run records when it is not the value's own.
    static func value<Value: SettingValue>(
        _ name: String, _ group: Group, _ keyPath: WritableKeyPath<TrainingSettings, Value> & Sendable, default defaultValue: Value,
        field: String? = nil, shapesRun: Bool = true, searchable: Bool = true, playground: Bool = false, showsDefault: Bool = true,
        fileDefault: Value? = nil, fileDefaultApplies: @escaping @Sendable (TrainingSettings) -> Bool = { _ in true },
        recorded: (@Sendable (TrainingSettings) -> String)? = nil,
        check: @escaping @Sendable (Value) -> String? = { _ in nil }, help: String
    ) -> TrainingSetting {
        TrainingSetting(
            name: name, group: group, help: help, choices: Value.settingChoices,
            defaultText: showsDefault ? defaultValue.settingText : nil, fileDefault: fileDefault?.settingText, isFlag: false, field: field, shapesRun: shapesRun,
            isSearchable: searchable, isSeenByTrials: true, isPlaygroundField: playground,
            read: { $0[keyPath: keyPath].settingText },
            write: { (settings, text) throws(SettingError) in
                guard let text else { settings[keyPath: keyPath] = defaultValue; return }
                settings[keyPath: keyPath] = try parse(name, text, check: check)
            },
            record: recorded ?? { $0[keyPath: keyPath].settingText }, fileDefaultApplies: fileDefaultApplies)
    }

    /// A setting that is unset (`nil`) unless given.
    static func optional<Value: SettingValue>(
        _ name: String, _ group: Group, _ keyPath: WritableKeyPath<TrainingSettings, Value?> & Sendable,
        field: String? = nil, shapesRun: Bool = true, searchable: Bool = true, seenByTrials: Bool = true, playground: Bool = false,
        unsetRecord: String = "", recordWhenUnset: (@Sendable (TrainingSettings) -> String)? = nil, fileDefault: Value? = nil,
        check: @escaping @Sendable (Value) -> String? = { _ in nil }, help: String
    ) -> TrainingSetting {
        TrainingSetting(
            name: name, group: group, help: help, choices: Value.settingChoices, defaultText: nil, fileDefault: fileDefault?.settingText,
            isFlag: false, field: field,
            shapesRun: shapesRun, isSearchable: searchable, isSeenByTrials: seenByTrials, isPlaygroundField: playground,
            read: { $0[keyPath: keyPath]?.settingText },
            write: { (settings, text) throws(SettingError) in
                guard let text else { settings[keyPath: keyPath] = nil; return }
                settings[keyPath: keyPath] = try parse(name, text, check: check)
            },
            record: { $0[keyPath: keyPath]?.settingText ?? recordWhenUnset?($0) ?? unsetRecord })
    }

    /// A flag: off unless given. It reads `true`/`on` (or nothing) and `false`/`off`, so
    /// `tune --search NAME=on|off` varies it and a playground URL sets it (`NAME=true`).
    /// `recordsOff: false` records nothing while it is off (a flag added later, so a checkpoint
    /// written before it still resumes).
    static func flag(_ name: String, _ group: Group, _ keyPath: WritableKeyPath<TrainingSettings, Bool> & Sendable,
                     field: String? = nil, recordsOff: Bool = true, playground: Bool = false, help: String) -> TrainingSetting {
        TrainingSetting(
            name: name, group: group, help: help, choices: nil, defaultText: nil, fileDefault: nil, isFlag: true, field: field, shapesRun: true,
            isSearchable: true, isSeenByTrials: true, isPlaygroundField: playground,
            read: { $0[keyPath: keyPath] ? "true" : "false" },
            write: { (settings, text) throws(SettingError) in
                switch text {
                case nil, "false", "off": settings[keyPath: keyPath] = false
                case "true", "on", "": settings[keyPath: keyPath] = true
                case let text?: throw .invalid(name: name, value: text, requirement: "a flag is true or false (on or off)")
                }
            },
            record: { $0[keyPath: keyPath] || recordsOff ? "\($0[keyPath: keyPath])" : "" })
    }

    /// `text` as a `Value` that passes `check`, or the error naming `name`.
    static func parse<Value: SettingValue>(_ name: String, _ text: String, check: (Value) -> String?) throws(SettingError) -> Value {
        guard let value = Value(settingText: text) else {
            throw .invalid(name: name, value: text, requirement: "must be \(Value.settingKind)")
        }
        if let requirement = check(value) { throw .invalid(name: name, value: text, requirement: requirement) }
        return value
    }
}

/// The range checks settings share.
enum SettingCheck {
    static let positive: @Sendable (Double) -> String? = { $0 > 0 && $0.isFinite ? nil : "must be positive and finite" }
    static let nonNegative: @Sendable (Double) -> String? = { $0 >= 0 && $0.isFinite ? nil : "must be non-negative and finite" }
    static let fraction: @Sendable (Double) -> String? = { $0 > 0 && $0 < 1 ? nil : "must be in (0, 1)" }
    static let positiveCount: @Sendable (Int) -> String? = { $0 >= 1 ? nil : "must be at least 1" }
    static let nonNegativeCount: @Sendable (Int) -> String? = { $0 >= 0 ? nil : "must be non-negative" }
    static let layerNumbers: @Sendable (String) -> String? = { TrainingSettings.layerNumbers($0) == nil ? "must be comma-separated layer numbers from 1, e.g. 1,3" : nil }
}

extension TrainingSetting {
    /// One setting per hyperparameter field of `descriptors` (each an optimizer's or a schedule's
    /// name with its parameters), in the order the fields first appear, flags last; each is held
    /// in `TrainingSettings.hyperparameters` and unset unless given. Its help names the descriptors
    /// that take it and their defaults: `a / b / c: ε added outside the square root
    /// (default 1e-8; c 1e-10).`
    static func hyperparameters(of descriptors: [(name: String, parameters: [Hyperparameter])]) -> [TrainingSetting] {
        var fields: [String] = []
        var users: [String: [(name: String, parameter: Hyperparameter)]] = [:]
        for (name, parameters) in descriptors {
            for parameter in parameters {
                if users[parameter.field] == nil { fields.append(parameter.field) }
                users[parameter.field, default: []].append((name, parameter))
            }
        }
        let ordered = fields.filter { users[$0]![0].parameter.kind != .flag } + fields.filter { users[$0]![0].parameter.kind == .flag }
        return ordered.map { hyperparameter(users[$0]!) }
    }

    /// The setting of one hyperparameter, taken by `users` (by name, each with its own default).
    private static func hyperparameter(_ users: [(name: String, parameter: Hyperparameter)]) -> TrainingSetting {
        let parameter = users[0].parameter, name = parameter.option, field = parameter.field
        let isFlag = parameter.kind == .flag
        let choices: [String]? = if case .choice(let names) = parameter.kind { names } else { nil }
        let read: @Sendable (TrainingSettings) -> String? = { settings in
            guard let value = settings.hyperparameters[field] else { return isFlag ? "false" : nil }
            return parameter.text(value)
        }
        // A help that ends in a parenthesis takes the defaults into it: `(Keras starts at 0.1; default 0)`.
        let note = defaultsNote(users)
        let help = parameter.help.hasSuffix(")") && !note.isEmpty ? parameter.help.dropLast() + "; " + note.dropFirst(2) : parameter.help + note
        return TrainingSetting(
            name: name, group: .optimization, help: "\(users.map(\.name).joined(separator: " / ")): \(help).",
            choices: choices, defaultText: nil, fileDefault: nil, isFlag: isFlag, field: field, shapesRun: true, isSearchable: true,
            isSeenByTrials: true, isPlaygroundField: users.contains { $0.parameter.isPlaygroundField },
            read: read,
            write: { (settings, text) throws(SettingError) in
                guard let text, !(isFlag && text == "false") else { settings.hyperparameters[field] = nil; return }
                guard let value = parameter.value(text) else {
                    throw .invalid(name: name, value: text, requirement: isFlag ? "a flag is true or false" : "must be \(parameter.kindText)")
                }
                settings.hyperparameters[field] = value
            },
            record: { read($0) ?? "" })
    }

    /// ` (default 1e-8; c 1e-10)`: the default most users share, then the others by user
    /// (` (default: a 0.95, b 0.1)` when none is shared); nothing for a flag.
    private static func defaultsNote(_ users: [(name: String, parameter: Hyperparameter)]) -> String {
        let parameter = users[0].parameter
        guard parameter.kind != .flag else { return "" }
        func text(_ value: Double?) -> String {
            guard let value else { return "every epoch of the run" }
            // Whole numbers without a fraction (1, not 1.0), exponents without a leading zero (1e-8).
            guard parameter.kind == .number || parameter.kind == .integer else { return parameter.text(value) }
            if value == value.rounded() && value.magnitude < 1e15 { return "\(Int(value))" }
            // Swift's own string functions: Foundation's first `replacingOccurrences` costs a run ~0.3 ms.
            var written = "\(value)"
            if let e = written.firstIndex(of: "e"), written[written.index(after: e)...].hasPrefix("-0") {
                written.remove(at: written.index(e, offsetBy: 2))
            }
            return written
        }
        var groups: [(value: Double?, names: [String])] = []
        for (name, parameter) in users {
            if let index = groups.firstIndex(where: { $0.value == parameter.defaultValue }) { groups[index].names.append(name) } else {
                groups.append((parameter.defaultValue, [name]))
            }
        }
        if groups.count == 1 { return " (default\(groups[0].value == nil ? ":" : "") \(text(groups[0].value)))" }
        let shared = groups.max { $0.names.count < $1.names.count }!
        guard shared.names.count > 1 else { return " (default: " + groups.map { "\($0.names[0]) \(text($0.value))" }.joined(separator: ", ") + ")" }
        let others = groups.filter { $0.value != shared.value }.flatMap { group in group.names.map { "\($0) \(text(group.value))" } }
        return " (default \(text(shared.value)); " + others.joined(separator: ", ") + ")"
    }
}
