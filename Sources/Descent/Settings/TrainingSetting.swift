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
        fileDefault: Value? = nil, recorded: (@Sendable (TrainingSettings) -> String)? = nil,
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
            record: recorded ?? { $0[keyPath: keyPath].settingText })
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

    /// A flag: off unless given.
    static func flag(_ name: String, _ group: Group, _ keyPath: WritableKeyPath<TrainingSettings, Bool> & Sendable,
                     field: String? = nil, help: String) -> TrainingSetting {
        TrainingSetting(
            name: name, group: group, help: help, choices: nil, defaultText: nil, fileDefault: nil, isFlag: true, field: field, shapesRun: true,
            isSearchable: true, isSeenByTrials: true, isPlaygroundField: false,
            read: { $0[keyPath: keyPath] ? "true" : "false" },
            write: { (settings, text) throws(SettingError) in
                switch text {
                case nil, "false": settings[keyPath: keyPath] = false
                case "true", "": settings[keyPath: keyPath] = true
                case let text?: throw .invalid(name: name, value: text, requirement: "a flag is true or false")
                }
            },
            record: { "\($0[keyPath: keyPath])" })
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
}
