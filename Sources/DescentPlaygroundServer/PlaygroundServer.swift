import Descent
import DescentPlayground
import FlyingFox
import FlyingSocks
import Foundation

/// `descent playground`'s web server (FlyingFox: HTTP and WebSocket without SwiftNIO): one
/// self-contained page and a small API, safe by default.
///
/// - `GET /`: the page (HTML, CSS, JS and SVG inline; nothing from the network).
/// - `GET /api/options`: the choices the page offers (datasets, activations, initializers,
///   optimizers, schedules), the settings it takes with their help, the labs' presets and the
///   limits, as JSON.
/// - `GET /api/settings?SETTINGS`: the settings checked as a run would be (its network made, so a
///   batch-normalized run with a batch of one is refused) — 200 with the `descent train` command,
///   or 400 with `{"error": message}`.
/// - `POST /api/upload?name=FILE.csv`: a two-feature CSV (body) checked and kept; 200 with its
///   `data` setting (`upload:ID`), 400 with the reader's message, 413 over the size limit.
/// - `GET /api/train?SETTINGS`: a WebSocket for one run (`PlaygroundRun`: the page sends `play`,
///   `pause`, `step`, `stop`, `check`, `model`); 400 for bad settings, 429 when every training
///   slot is taken. Closing the socket stops the training.
///
/// Every request must name the server in its Host header (and Origin, when it has one): a page on
/// another site, or a DNS name rebound to 127.0.0.1, gets 403.
public struct PlaygroundServer: Sendable {
    /// The address to bind (`127.0.0.1` by default: only this machine can connect).
    public var host: String
    /// The port (0: any free port).
    public var port: UInt16
    public var limits: PlaygroundLimits

    public init(host: String = "127.0.0.1", port: UInt16 = 0, limits: PlaygroundLimits = PlaygroundLimits()) {
        self.host = host
        self.port = port
        self.limits = limits
    }

    /// Serves until the task is cancelled, calling `listening` with the page's URL once it can
    /// be reached. Throws when the page's files are missing or the address cannot be bound.
    public func run(listening: @escaping @Sendable (URL) -> Void) async throws {
        let page = try PlaygroundPage()
        let uploads = try UploadStore(limit: limits.maximumUploads)
        defer { uploads.removeAll() }
        let address: any SocketAddress = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port)
            : try sockaddr_in.inet(ip4: host, port: port)
        let state = PlaygroundState(server: self, uploads: uploads, page: page)
        let server = HTTPServer(address: address, timeout: 60, logger: .disabled, handler: state)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                // The bound port, once listening (polled: a failed bind ends the server task first).
                while !Task.isCancelled {
                    switch await server.listeningAddress {
                    case .ip4(_, let port), .ip6(_, let port):
                        state.listening(port: port, then: listening)
                        return
                    default:
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
            }
            // The first to end: the listener after reporting (then serve on), or the server with an error.
            try await group.next()
            try await group.next()
        }
    }

    /// The page's URL for `host` and `port` (IPv6 in brackets; `0.0.0.0` and `::` shown as 127.0.0.1).
    static func url(host: String, port: UInt16) -> URL {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        return URL(string: "http://\(shown):\(port)/")!
    }
}
