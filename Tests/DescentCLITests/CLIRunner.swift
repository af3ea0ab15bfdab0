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

    /// Runs `descent arguments…` with `DESCENT_PEAK_MEMORY=1` and returns the run, its report line
    /// taken out of `standardError`, and the peak resident bytes the child reported of itself.
    static func runMeasuringPeakMemory(_ arguments: [String], in directory: URL? = nil) throws -> (run: ProcessRun, peakBytes: Int) {
        var run = try ProcessRun(executable, arguments, in: directory, environment: ["DESCENT_PEAK_MEMORY": "1"])
        var lines = run.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.lastIndex(where: { $0.hasPrefix("peak memory: ") }),
              let bytes = lines[index].dropFirst("peak memory: ".count).split(separator: " ").first.flatMap({ Int($0) }) else {
            throw CocoaError(.propertyListReadCorrupt, userInfo: [NSDebugDescriptionErrorKey: "no peak memory line in: \(run.standardError)"])
        }
        lines.remove(at: index)
        run.standardError = lines.joined(separator: "\n")
        return (run, bytes)
    }

    /// Parses the single JSON object a `--json` command prints.
    static func json(_ text: String) throws -> [String: Any] {
        let object = try ExactJSON.parse(Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dictionary
    }
}
