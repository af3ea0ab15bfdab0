import ArgumentParser
import Descent
import Foundation

/// The `descent` command: build, train and debug deep fully connected networks.
public struct DescentCommand: ParsableCommand {
    /// The command's name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Build, train and debug deep fully connected neural networks.",
        discussion: """
            Reproduces the labs of "Improving Deep Neural Networks" number for number (descent lab), \
            and trains, checks and evaluates networks on the course datasets or your own CSV / .npy data. \
            With DESCENT_PEAK_MEMORY=1 in the environment a command ends by printing its peak \
            resident memory to stderr.
            """,
        version: Descent.version,
        subcommands: [LabCommand.self, TrainCommand.self, TuneCommand.self, PlaygroundCommand.self, PredictCommand.self, EvaluateCommand.self, ExportCommand.self, DescribeCommand.self, GradCheckCommand.self, BenchCommand.self]
    )

    /// Creates the command (argument parsing fills it in).
    public init() {}

    /// Runs the command line `arguments` (without the program name) and returns the exit code:
    /// 0 on success, 64 for usage errors (bad options), 1 for runtime errors (bad files, divergence).
    /// Every error is printed to stderr as one line starting with `error: `, never as a trap or trace.
    public static func run(arguments: [String]) -> Int32 {
        if let name = arguments.first, let unknown = unknownCommand(name) {
            Console.error(unknown)
            return 64
        }
        return run(Self.self, arguments: arguments)
    }

    /// Runs `root`'s command line (`descent`'s, or `descent-playground`'s) as `run(arguments:)` does.
    package static func run(_ root: any ParsableCommand.Type, arguments: [String]) -> Int32 {
        do {
            var command = try root.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as CommandFailure {
            Console.error(error.message)
            return error.exitCode
        } catch {
            let code = root.exitCode(for: error)
            if code == .success {
                // --help / --version: ArgumentParser's text goes to stdout, with the training
                // settings for train and tune.
                print(SettingsHelp.completing(root.fullMessage(for: error)))
                return 0
            }
            // Usage errors: ArgumentParser's first line (the rest is usage text) with the valid values
            // it lists on the lines after ("Please provide one of the following:\n  - a\n  - b")
            // folded in. Runtime errors (a file's DataLoadingError…) are one sentence, which
            // Console.error keeps on one line even when a file name holds a line break.
            let full = root.message(for: error)
            let message = code == .validationFailure ? Self.usageLine(full) ?? "\(error)" : full
            Console.error(message)
            return code == .validationFailure ? 64 : code.rawValue
        }
    }

    /// The subcommands' names, in the order `descent --help` lists them.
    static var commandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// The error for a first argument that names no command (an option, a command or `help` is
    /// none): `unknown command 'fit'; the commands are: lab, train, …`.
    static func unknownCommand(_ name: String) -> String? {
        guard !name.hasPrefix("-"), name != "help", !commandNames.contains(name) else { return nil }
        return "unknown command '\(name)'; the commands are: \(commandNames.joined(separator: ", ")) (descent help <command> describes one)"
    }

    /// The first line of a usage error, with a list of valid values that follows it folded in:
    /// `… Please provide one of the following: he, glorot-uniform, ….`
    static func usageLine(_ message: String) -> String? {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first.map(String.init) else { return nil }
        guard first.hasSuffix("one of the following:") else { return first }
        let values = lines.dropFirst().prefix { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
        return first + " " + values.joined(separator: ", ") + "."
    }

    /// The process entry point used by the `descent` executable. With `DESCENT_PEAK_MEMORY=1` in
    /// the environment it ends by printing `peak memory: N bytes (M MiB)` to stderr, the process's
    /// own peak resident set (`SystemMemory.peakResidentBytes`; a parent's `getrusage` of it also
    /// counts the parent's own peak on Linux).
    public static func runAndExit() -> Never {
        exit(with: run(arguments: Array(CommandLine.arguments.dropFirst())))
    }

    /// Ends the process with `code`, first printing its peak memory when `DESCENT_PEAK_MEMORY=1`.
    package static func exit(with code: Int32) -> Never {
        if ProcessInfo.processInfo.environment["DESCENT_PEAK_MEMORY"] == "1" {
            let bytes = SystemMemory.peakResidentBytes()
            Console.standardError("peak memory: \(bytes) bytes (\(bytes >> 20) MiB)\n")
        }
        Foundation.exit(code)
    }
}

/// A runtime failure of a command with the exit code to return (1 unless stated).
package struct CommandFailure: Error {
    /// The message printed after `error: `.
    package var message: String
    /// The process exit code.
    package var exitCode: Int32 = 1

    package init(message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

/// Writing to the terminal.
enum Console {
    /// Prints `error: <message>` on stderr, always as one line (line breaks in file names or
    /// values are shown as `\n`).
    static func error(_ message: String) {
        let line = message.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        standardError("error: \(line)\n")
    }

    /// Writes `text` to stderr unchanged.
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// True when stderr is a terminal (progress bars are drawn only then).
    static var standardErrorIsTerminal: Bool { ProgressBar.isTerminal(fileDescriptor: STDERR_FILENO) }
}
