import ArgumentParser
import Descent
import DescentCLI
import DescentPlayground
import Foundation

/// `descent-playground` (what `descent playground` runs): serves the page (`PlaygroundServer`)
/// until Ctrl-C, printing its URL first.
public struct PlaygroundServeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: PlaygroundServeOptions.programName,
        abstract: PlaygroundCommand.configuration.abstract,
        discussion: PlaygroundServeOptions.discussion,
        version: Descent.version)

    @OptionGroup var options: PlaygroundServeOptions

    public init() {}

    /// The executable's entry point: `descent`'s error handling and exit codes.
    public static func runAndExit() -> Never {
        DescentCommand.exit(with: DescentCommand.run(Self.self, arguments: Array(CommandLine.arguments.dropFirst())))
    }

    public func run() throws {
        var limits = PlaygroundLimits()
        limits.maximumRuns = options.maxRuns
        let server = PlaygroundServer(host: options.bindAddress, port: options.port, limits: limits)
        let open = options.open
        let outcome = ServeOutcome()
        let task = Task {
            do {
                try await server.run { url in
                    // Unbuffered, so a script reading the URL from a pipe sees it at once.
                    FileHandle.standardOutput.write(Data("Descent playground: \(url.absoluteString)  (Ctrl-C stops it)\n".utf8))
                    if open { Self.openBrowser(url) }
                }
            } catch where Task.isCancelled {
                // Ctrl-C: the server stops (its socket reports the interruption as an error).
            } catch {
                outcome.fail("cannot serve on \(server.host) port \(server.port): \(error)")
            }
            outcome.finish()
        }
        // Ctrl-C and SIGTERM stop the server cleanly (its uploads are removed).
        let interruption = Interruption { _ in task.cancel() }
        outcome.wait()
        interruption.stop()
        if let message = outcome.failure { throw CommandFailure(message: message) }
    }

    /// `open` (macOS) or `xdg-open` (Linux), when there is one.
    static func openBrowser(_ url: URL) {
        let candidates = ["/usr/bin/open", "/usr/bin/xdg-open", "/usr/local/bin/xdg-open"]
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("note: no browser opener (open, xdg-open) found; open \(url.absoluteString) yourself")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url.absoluteString]
        do { try process.run() } catch { print("note: \(opener) failed (\(error)); open \(url.absoluteString) yourself") }
    }
}

/// How serving ended, for the command's thread to wait on.
final class ServeOutcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var message: String?

    func fail(_ text: String) { lock.withLock { message = text } }
    func finish() { done.signal() }
    func wait() { done.wait() }
    var failure: String? { lock.withLock { message } }
}
