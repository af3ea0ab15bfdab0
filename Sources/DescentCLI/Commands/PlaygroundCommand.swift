import ArgumentParser
import Descent
import DescentPlayground
import Foundation

/// `descent playground`: the course's techniques live in a browser (`PlaygroundServer`).
struct PlaygroundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playground",
        abstract: "Serve a page on this machine to train networks live: the boundary, the cost and the gradients as they move.",
        discussion: """
            Pick a dataset (or upload a 2-feature CSV), a network, an initializer, regularization and an optimizer; press \
            play and watch; compare up to four runs side by side (one click loads each lab's setup); check the gradients; \
            copy the run as a descent train command or download the model. The settings live in the URL; play=1 starts \
            training on load. Binds 127.0.0.1 unless --host says otherwise, and answers only requests naming it. \
            Stop with Ctrl-C.
            """)

    @Option(help: "Port to listen on (0: any free port).")
    var port: UInt16 = 8080

    @Option(help: "Address to bind: 127.0.0.1 (this machine only), ::1, 0.0.0.0 (every interface) or one of this machine's addresses.")
    var host = "127.0.0.1"

    @Flag(help: "Open the page in a browser, where one exists.")
    var open = false

    @Option(help: "Runs training at once, over all pages (beyond: 429).")
    var maxRuns = PlaygroundLimits().maximumRuns

    func validate() throws {
        if host != "localhost" && !Self.isAddress(host) {
            throw ValidationError("--host: '\(host)' is not an IPv4 or IPv6 address (e.g. 127.0.0.1, ::1, 0.0.0.0)")
        }
        if maxRuns < 1 { throw ValidationError("--max-runs: must be at least 1, got \(maxRuns)") }
    }

    func run() throws {
        var limits = PlaygroundLimits()
        limits.maximumRuns = maxRuns
        let server = PlaygroundServer(host: host == "localhost" ? "127.0.0.1" : host, port: port, limits: limits)
        let open = open
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

    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
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
