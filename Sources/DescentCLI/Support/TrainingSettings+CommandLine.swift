import Descent

extension TrainingSettings {
    /// The settings of a command line (`--name value`, `--name=value`, `--flag`; a value may be `-`
    /// or start with a minus sign). Throws for a word that is not an option, an unknown option, a
    /// missing value, or a value its setting does not take. The inverse of `arguments`.
    public init(arguments: [String]) throws(SettingError) {
        var values: [(name: String, value: String)] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else { throw .unexpectedArgument(argument) }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let setting = Self.setting(named: name) else { throw .unknown(name: name, suggestion: Self.suggestion(for: name)) }
            if value == nil, !setting.isFlag {
                guard index < arguments.endIndex, !arguments[index].hasPrefix("--") else { throw .missingValue(name: name) }
                value = arguments[index]
                index += 1
            }
            values.append((name, value ?? "true"))
        }
        try self.init(values: values)
    }
}
