/// A command line as a POSIX shell reads it.
public enum ShellCommand {
    /// The arguments joined by spaces, each quoted (`'…'`, an inner `'` as `'\''`) unless it is
    /// made only of letters, digits and `-_.,=/:+`.
    public static func line(_ arguments: [String]) -> String {
        arguments.map { argument in
            !argument.isEmpty && argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_.,=/:+".contains($0) }) ? argument
                : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
