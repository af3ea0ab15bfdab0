import ArgumentParser
import Descent
import DescentPlayground
import Foundation

/// `descent playground`: the course's techniques live in a browser. Its options are checked here;
/// the server is its own program, `descent-playground` (which `swift build` builds beside
/// `descent`), which this command replaces itself with, so the HTTP library's start-up cost stays
/// out of every other command.
package struct PlaygroundCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "playground",
        abstract: "Serve a page on this machine to train networks live: the boundary, the cost and the gradients as they move.",
        discussion: PlaygroundServeOptions.discussion + " The server is the descent-playground program beside descent.")

    @OptionGroup package var options: PlaygroundServeOptions

    package init() {}

    package func run() throws {
        let program = PlaygroundServeOptions.programName
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else {
            throw CommandFailure(message: "cannot tell where descent is installed, to start \(program) beside it; run \(program) \(options.arguments.joined(separator: " "))")
        }
        let server = executable.deletingLastPathComponent().appendingPathComponent(program)
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw CommandFailure(message: """
                the playground's server, \(program), is not beside descent (\(server.path)): `swift build` (with -c release for a \
                release build) builds both, or `swift run -c release \(program)` builds and starts it; where descent is installed, \
                install \(program) beside it
                """)
        }
        let arguments = [server.path] + options.arguments
        fflush(nil)
        let argv = arguments.map { strdup($0) } + [nil]
        execv(server.path, argv)
        throw CommandFailure(message: "cannot start \(server.path): \(String(cString: strerror(errno)))")
    }
}

/// The playground's options, checked by `descent playground` and read by `descent-playground`.
package struct PlaygroundServeOptions: ParsableArguments {
    /// The server's executable, beside `descent`.
    package static let programName = "descent-playground"

    /// What the playground does (both programs' help).
    package static let discussion = """
        Pick a dataset (or upload a 2-feature CSV), a network, an initializer, regularization and an optimizer; press \
        play and watch; compare up to four runs side by side (one click loads each lab's setup); check the gradients; \
        copy the run as a descent train command or download the model. The settings live in the URL; play=1 starts \
        training on load. Binds 127.0.0.1 unless --host says otherwise, and answers only requests naming it. \
        Stop with Ctrl-C.
        """

    @Option(help: "Port to listen on (0: any free port).")
    package var port: UInt16 = 8080

    @Option(help: "Address to bind: 127.0.0.1 (this machine only), ::1, 0.0.0.0 (every interface) or one of this machine's addresses.")
    package var host = "127.0.0.1"

    @Flag(help: "Open the page in a browser, where one exists.")
    package var open = false

    @Option(help: "Runs training at once, over all pages (beyond: 429).")
    package var maxRuns = PlaygroundLimits().maximumRuns

    package init() {}

    package func validate() throws {
        if host != "localhost" && !Self.isAddress(host) {
            throw ValidationError("--host: '\(host)' is not an IPv4 or IPv6 address (e.g. 127.0.0.1, ::1, 0.0.0.0)")
        }
        if maxRuns < 1 { throw ValidationError("--max-runs: must be at least 1, got \(maxRuns)") }
    }

    /// The address to bind (`localhost` is 127.0.0.1).
    package var bindAddress: String { host == "localhost" ? "127.0.0.1" : host }

    /// The options as a command line that parses back to them.
    var arguments: [String] {
        ["--port", "\(port)", "--host", host, "--max-runs", "\(maxRuns)"] + (open ? ["--open"] : [])
    }

    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
