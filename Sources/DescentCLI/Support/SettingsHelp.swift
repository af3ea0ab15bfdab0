import Descent

/// `descent train`'s and `descent tune`'s help for the training settings, made from the library's
/// `TrainingSettings.vocabulary` in ArgumentParser's layout: a section per group, each setting's
/// option, help, values and default.
enum SettingsHelp {
    /// The sections of `groups`, lines wrapped to `columns`.
    static func sections(_ groups: [TrainingSetting.Group] = TrainingSetting.Group.allCases, columns: Int = 80) -> String {
        groups.map { group in
            "\(group.rawValue.uppercased()):\n" + TrainingSettings.vocabulary.filter { $0.group == group }.map { entry(for: $0, columns: columns) }.joined()
        }.joined(separator: "\n")
    }

    /// `help` with the settings' sections before its `OPTIONS:` section when it is the help of
    /// `descent train` or `descent tune run` (whose settings ArgumentParser does not see); the
    /// help of `descent tune` followed by that of `tune run`, its default; the table settings for
    /// `descent describe`.
    static func completing(_ help: String) -> String {
        if help.contains("USAGE: descent tune <subcommand>") {
            // `descent tune` runs `tune run` by default: its options and settings belong here too.
            return help + "\n\n" + completing(DescentCommand.helpMessage(for: TuneRunCommand.self))
        }
        if help.contains("USAGE: descent describe "), let options = help.range(of: "\nOPTIONS:\n") {
            let split = "\nTRAINING ROWS (the rows train learns the fill values on):\n"
                + DescribeCommand.splitSettings.compactMap { TrainingSettings.setting(named: $0) }.map { entry(for: $0, columns: 80) }.joined()
            return String(help[..<options.lowerBound]) + "\n" + sections([.table]) + split + String(help[options.lowerBound...])
        }
        guard help.contains("USAGE: descent train ") || help.contains("USAGE: descent tune run "),
              let options = help.range(of: "\nOPTIONS:\n") else { return help }
        let title = help.contains("USAGE: descent train ") ? "" : "TRAINING SETTINGS (every trial shares them; --search varies one):\n\n"
        return String(help[..<options.lowerBound]) + "\n" + title + sections() + String(help[options.lowerBound...])
    }

    private static let labelWidth = 26

    private static func entry(for setting: TrainingSetting, columns: Int) -> String {
        let label = setting.isFlag ? "--\(setting.name)" : "--\(setting.name) <\(setting.name)>"
        var notes: [String] = []
        if let choices = setting.choices { notes.append("values: " + choices.joined(separator: ", ")) }
        if let defaultText = setting.defaultText { notes.append("default: " + (defaultText.isEmpty ? "''" : defaultText)) }
        if let fileDefault = setting.fileDefault { notes.append("for files: " + fileDefault) }
        let abstract = setting.help + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
        let lines = wrap(abstract, width: max(20, columns - labelWidth))
        let indent = String(repeating: " ", count: labelWidth)
        var text = "  " + label
        if label.count + 2 < labelWidth {
            text += String(repeating: " ", count: labelWidth - label.count - 2) + lines[0] + "\n"
        } else {
            text += "\n" + indent + lines[0] + "\n"
        }
        for line in lines.dropFirst() { text += indent + line + "\n" }
        return text
    }

    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }
}
