import DescentTestSupport
import Foundation

/// Runs the built `descent` executable as a separate process, so tests see the real exit code,
/// stdout and stderr (and a trap would show up as a signal instead of a crash of the test runner).
enum CLI {
    /// The `descent` binary next to the test bundle (`swift test` builds it: the test target depends on it).
    static var executable: URL { BuiltExecutable.descent }

    /// Runs `descent arguments…` in `directory` (default: the temporary directory).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> ProcessRun {
        try ProcessRun(executable, arguments, in: directory)
    }

    /// Parses the single JSON object a `--json` command prints.
    static func json(_ text: String) throws -> [String: Any] {
        let object = try ExactJSON.parse(Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dictionary
    }
}
