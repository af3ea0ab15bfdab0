import Descent
import DescentPlayground
import FlyingFox
import Foundation

/// The server's routes and what they share: the accepted Host names, the uploads and the
/// training slots.
final class PlaygroundState: HTTPHandler, @unchecked Sendable {
    private let server: PlaygroundServer
    private let uploads: UploadStore
    private let page: PlaygroundPage
    private let lock = NSLock()
    // Guarded by `lock`.
    private var acceptedHosts: Set<String> = []
    private var boundPort: UInt16?
    private var trainingCount = 0
    private var openCount = 0

    init(server: PlaygroundServer, uploads: UploadStore, page: PlaygroundPage) {
        self.server = server
        self.uploads = uploads
        self.page = page
    }

    /// Learns the bound port: the Host names accepted from now on are the loopback names and the
    /// bound host (and this machine's name when bound to every interface), with that port, and
    /// any IP address with that port (see `checkOrigin`).
    func listening(port: UInt16, then report: @Sendable (URL) -> Void) {
        var names = ["127.0.0.1", "localhost", "[::1]"]
        let host = server.host
        names.append(host.contains(":") ? "[\(host)]" : host)
        if host == "0.0.0.0" || host == "::" { names.append(ProcessInfo.processInfo.hostName) }
        lock.withLock {
            acceptedHosts = Set(names.map { "\($0.lowercased()):\(port)" })
            boundPort = port
        }
        report(PlaygroundServer.url(host: host, port: port))
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            try checkOrigin(request)
            switch (request.method, request.path) {
            case (.GET, "/"), (.GET, "/index.html"):
                return HTTPResponse(statusCode: .ok, headers: [
                    .contentType: "text/html; charset=utf-8",
                    HTTPHeader("Content-Security-Policy"): "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        + "img-src data: blob:; connect-src 'self'; frame-ancestors 'none'",
                    HTTPHeader("X-Content-Type-Options"): "nosniff",
                ], body: Data(page.html.utf8))
            case (.GET, "/api/options"):
                return json(PlaygroundOptions(limits: server.limits))
            case (.GET, "/api/settings"):
                let resolved = try resolve(request.target.query())
                return json(SettingsAnswer(command: resolved.settings.trainCommand(dataName: resolved.dataName),
                                           layers: resolved.layers))
            case (.POST, "/api/upload"):
                return json(try await upload(request))
            case (.GET, "/api/train"):
                return try await train(request)
            case (_, "/"), (_, "/api/options"), (_, "/api/settings"), (_, "/api/upload"), (_, "/api/train"):
                throw PlaygroundError.methodNotAllowed("\(request.method.rawValue) \(request.path): not allowed")
            default:
                throw PlaygroundError.notFound("\(request.path.prefix(100)): no such page; the playground is at /")
            }
        } catch let error as PlaygroundError {
            return HTTPResponse(statusCode: HTTPStatusCode(error.status, phrase: error.phrase),
                                headers: [.contentType: "application/json"], body: Self.encode(["error": error.description]))
        }
    }

    /// 403 unless Host is one of the server's names, or an IP address, with its port, and Origin,
    /// if any, is `http://` + that Host. DNS rebinding sends the attacker's name as Host; an
    /// address cannot be rebound (and one this machine does not have never reaches it).
    private func checkOrigin(_ request: HTTPRequest) throws(PlaygroundError) {
        let (accepted, port) = lock.withLock { (acceptedHosts, boundPort) }
        guard let host = request.headers[.host]?.lowercased(), accepted.contains(host) || Self.isAddress(host, port: port) else {
            throw .forbidden("Host '\(request.headers[.host]?.prefix(100) ?? "")' is not this server; open the URL descent playground printed")
        }
        if let origin = request.headers[HTTPHeader("Origin")], origin.lowercased() != "http://\(host)" {
            throw .forbidden("requests from '\(origin.prefix(100))' are refused; the playground answers its own page only")
        }
    }

    /// Whether `host` is `ADDRESS:port`: an IPv4 address or a bracketed IPv6 one.
    static func isAddress(_ host: String, port: UInt16?) -> Bool {
        guard let port, host.hasSuffix(":\(port)") else { return false }
        var address = String(host.dropLast(":\(port)".count))
        var v4 = in_addr(), v6 = in6_addr()
        if address.hasPrefix("[") && address.hasSuffix("]") {
            address = String(address.dropFirst().dropLast())
            return inet_pton(AF_INET6, address, &v6) == 1
        }
        return inet_pton(AF_INET, address, &v4) == 1
    }

    /// A run's settings checked: the data resolved (a built-in set or an upload), `descent train`'s
    /// parser, the limits, the data prepared and two features, and the run's network made (which
    /// refuses a batch-normalized run with a training batch of one).
    func resolve(_ query: String) throws(PlaygroundError) -> Resolved {
        let settings = try PlaygroundSettings(query: query, limits: server.limits)
        let data = settings["data"] ?? "circles"
        var path: String?
        var dataName: String?
        if data.hasPrefix("upload:") {
            guard let upload = uploads[String(data.dropFirst(7))] else {
                throw .notFound("data: the uploaded file \(data) is no longer on the server (it keeps \(server.limits.maximumUploads)); upload it again")
            }
            path = upload.path
            dataName = upload.name
        } else if CourseDataset(rawValue: data) == nil {
            throw .badRequest("data: '\(data.prefix(60))' is not a built-in dataset (\(CourseDataset.allCases.map(\.rawValue).joined(separator: ", "))) or an uploaded file")
        }
        let configuration: RunConfiguration
        do {
            configuration = try settings.trainingSettings(data: path).runConfiguration()
        } catch let error as PlaygroundError {
            throw error
        } catch {
            throw .badRequest("\(error)")
        }
        try server.limits.check(configuration)
        let prepared: PreparedData
        do {
            prepared = try PreparedData(configuration.data, seed: configuration.model.seed)
        } catch {
            throw .badRequest(error.description)
        }
        guard prepared.featureCount == 2 else {
            throw .badRequest("data: the playground draws two features; \(dataName ?? data) has \(prepared.featureCount)")
        }
        do {
            try configuration.checkTrainingBatches(examples: prepared.trainCount)
        } catch {
            throw .badRequest(error.description)
        }
        return Resolved(settings: settings, configuration: configuration, data: prepared, dataName: dataName)
    }

    struct Resolved {
        var settings: PlaygroundSettings
        var configuration: RunConfiguration
        var data: PreparedData
        var dataName: String?
        var layers: [Int] { [data.train.featureCount] + configuration.model.hiddenLayers + [data.outputSize] }
    }

    private func upload(_ request: HTTPRequest) async throws(PlaygroundError) -> UploadAnswer {
        let limit = server.limits.maximumUploadBytes
        guard let count = request.bodySequence.count else { throw .lengthRequired("upload: send the file with a Content-Length") }
        guard count <= limit else { throw .tooLarge("upload: \(count) bytes; the playground takes files of at most \(limit) bytes") }
        let name = request.query.first { $0.name == "name" }?.value ?? "upload.csv"
        let body: Data
        do {
            body = try await request.bodyData
        } catch {
            throw .badRequest("upload: the body did not arrive whole")
        }
        let upload = try uploads.add(body, name: name)
        do {
            // Read as the run will read it: `descent train --data` with the delimiter the name implies.
            let delimiter = String(CSVLoadingOptions.delimiter(impliedBy: upload.path))
            let prepared = try PreparedData(DataConfiguration(source: .file(path: upload.path), delimiter: delimiter), seed: 1)
            guard prepared.featureCount == 2 else {
                throw PlaygroundError.badRequest("\(upload.name): has \(prepared.featureCount) feature columns; the playground draws two (x1, x2, then the label)")
            }
            guard prepared.trainCount <= server.limits.maximumExamples else {
                throw PlaygroundError.badRequest("\(upload.name): \(prepared.trainCount) examples; the playground trains on at most \(server.limits.maximumExamples)")
            }
            return UploadAnswer(data: "upload:\(upload.id)", name: upload.name, examples: prepared.trainCount, classes: prepared.classNames ?? [])
        } catch let error as PlaygroundError {
            uploads.remove(upload.id)
            throw error
        } catch {
            uploads.remove(upload.id)
            throw .badRequest("\(error)")
        }
    }

    private func train(_ request: HTTPRequest) async throws -> HTTPResponse {
        let resolved = try resolve(request.target.query())
        let limits = server.limits
        let refusal: String? = lock.withLock {
            if trainingCount >= limits.maximumRuns {
                return "\(limits.maximumRuns) runs are training already (the server's limit); stop one or wait for one to finish"
            }
            if openCount >= limits.maximumOpenRuns {
                return "\(limits.maximumOpenRuns) runs are open already (the server's limit); close a page or reset its runs"
            }
            trainingCount += 1
            openCount += 1
            return nil
        }
        if let refusal { throw PlaygroundError.busy(refusal) }
        let session = RunSocket(resolved: resolved, limits: limits,
                                trainingEnded: { [self] in lock.withLock { trainingCount -= 1 } },
                                closed: { [self] in lock.withLock { openCount -= 1 } })
        let response = try await WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: session)).handleRequest(request)
        if response.statusCode != .switchingProtocols { session.end() }
        return response
    }

    private func json(_ value: some Encodable) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: Self.encode(value))
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // The answers are plain strings, numbers and arrays.
        return try! encoder.encode(value)
    }
}

/// `/api/settings`' answer.
struct SettingsAnswer: Encodable {
    var command: String
    var layers: [Int]
}

/// `/api/upload`'s answer.
struct UploadAnswer: Encodable {
    var data: String
    var name: String
    var examples: Int
    var classes: [String]
}

extension PlaygroundError {
    /// The reason phrase of `status`.
    var phrase: String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 411: "Length Required"
        case 413: "Payload Too Large"
        default: "Too Many Requests"
        }
    }
}
