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

    /// Runs `descent arguments…` with `DESCENT_PEAK_MEMORY=1`: the run and the peak it reported of itself.
    static func runMeasuringPeakMemory(_ arguments: [String], in directory: URL? = nil) throws -> (run: ProcessRun, peakBytes: Int) {
        try ProcessRun.measuringPeakMemory(executable, arguments, in: directory)
    }

    /// Starts `descent arguments` in `directory` with its output going to files there, waits (at
    /// most 120 s) until `ready(its standard output so far)` holds or it ends, waits `delay`
    /// microseconds more, sends it `signal` and waits for its end.
    static func interrupt(_ arguments: [String], in directory: URL, signal: Int32 = SIGINT, delay: UInt32 = 0,
                          when ready: (String) -> Bool) throws -> InterruptedRun {
        let output = directory.appendingPathComponent("interrupted.out"), errors = directory.appendingPathComponent("interrupted.err")
        for file in [output, errors] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        let deadline = Date().addingTimeInterval(120)
        while !ready(text(output)) && process.isRunning && Date() < deadline { usleep(2_000) }
        if delay > 0 { usleep(delay) }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return InterruptedRun(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                              wasRunning: wasRunning, output: text(output), errors: text(errors))
    }

    /// Parses the single JSON object a `--json` command prints.
    static func json(_ text: String) throws -> [String: Any] {
        let object = try ExactJSON.parse(Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dictionary
    }
}

/// How a `descent` run that `CLI.interrupt` signalled ended.
struct InterruptedRun {
    /// The exit status, or the signal number when `killed`.
    var status: Int32
    /// Ended by the signal itself rather than by exiting.
    var killed: Bool
    /// Still running when the signal was sent (it had not finished on its own).
    var wasRunning: Bool
    var output: String
    var errors: String
}
