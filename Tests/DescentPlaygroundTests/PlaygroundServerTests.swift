import Descent
@testable import DescentCLI
@testable import DescentPlayground
import Foundation
import Testing

/// The playground server in this process on a free port, with `descent train`'s parser.
final class RunningPlayground: @unchecked Sendable {
    let port: UInt16
    private let task: Task<Void, any Error>
    var host: String { "127.0.0.1:\(port)" }

    init(limits: PlaygroundLimits = PlaygroundLimits()) async throws {
        let server = PlaygroundServer(port: 0, limits: limits, makeConfiguration: PlaygroundCommand.runConfiguration)
        let (ports, continuation) = AsyncStream.makeStream(of: UInt16.self)
        task = Task { try await server.run { url in continuation.yield(UInt16(url.port ?? 0)) } }
        var iterator = ports.makeAsyncIterator()
        port = await iterator.next() ?? 0
    }

    deinit { task.cancel() }

    func connect() throws -> RawConnection { try RawConnection(port: port) }

    /// One request on a fresh connection.
    func request(_ target: String, method: String = "GET", host: String? = nil, headers: [(String, String)] = [],
                 body: Data? = nil) throws -> RawConnection.Response {
        let connection = try connect()
        try connection.send(method, target, host: host ?? self.host, headers: headers, body: body)
        return try connection.readResponse()
    }
}

@Suite(.serialized) struct PlaygroundServerTests {
    @Test func servesOneSelfContainedPage() async throws {
        let server = try await RunningPlayground()
        let page = try server.request("/")
        #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<title>Descent playground</title>") && page.text.contains("/api/train"))
        // Nothing from the network: no external script, style, image or font.
        for external in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] {
            #expect(!page.text.contains(external), "the page loads \(external)…")
        }
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
    }

    @Test func optionsListTheLibrarysChoicesAndEveryPresetIsValidTrainSettings() async throws {
        let server = try await RunningPlayground()
        let answer = try server.request("/api/options")
        let options = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        #expect((options["datasets"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == CourseDataset.allCases.map(\.rawValue))
        #expect(options["initializers"] as? [String] == Initializer.names)
        #expect(options["optimizers"] as? [String] == OptimizerAlgorithm.names)
        let presets = try #require(options["presets"] as? [[String: Any]])
        #expect(presets.compactMap { $0["id"] as? String } == ["initialization", "regularization", "gradient-checking", "optimization"])
        for preset in PlaygroundPreset.labs {
            for run in preset.runs {
                let query = [preset.settings, run.settings].filter { !$0.isEmpty }.joined(separator: "&")
                let settings = try server.request("/api/settings?\(query)")
                #expect(settings.status == 200, "\(preset.id) / \(run.label): \(settings.text)")
            }
        }
    }

    @Test func settingsAnswerTheTrainCommandOrA400ThePageShows() async throws {
        let server = try await RunningPlayground()
        let good = try server.request("/api/settings?data=moons&hidden=5,2&optimizer=adam&learning-rate=0.001&pace=500")
        #expect(good.status == 200)
        let answer = try #require(try JSONSerialization.jsonObject(with: good.body) as? [String: Any])
        #expect(answer["command"] as? String == "descent train --data moons --hidden 5,2 --optimizer adam --learning-rate 0.001")
        #expect(answer["layers"] as? [Int] == [2, 5, 2, 1])

        let bad: [(String, String)] = [
            ("learning-rate=-1", "learning-rate"),
            ("learning-rate=abc", "learning-rate"),
            ("hidden=10,x", "hidden"),
            ("hidden=300", "at most 256"),
            ("hidden=4,4,4,4,4,4,4,4,4", "at most 8"),
            ("epochs=5000000", "at most 1000000"),
            ("optimizer=sgd2", "optimizer"),
            ("keep-prob=0", "keep"),
            ("save=/tmp/x", "unknown setting 'save'"),
            ("report=/tmp", "unknown setting 'report'"),
            ("data=/etc/passwd", "not a built-in dataset"),
            ("data=upload:ffff", "no longer on the server"),
            ("seed=1&seed=2", "given twice"),
            ("pace=0", "pace"),
            ("hidden=%ZZ", "percent-encoded"),
            ("init=" + String(repeating: "x", count: 5000), "at most 4096"),
        ]
        for (query, expected) in bad {
            let response = try server.request("/api/settings?\(query)")
            #expect([400, 404].contains(response.status), "\(query.prefix(60)): \(response.status)")
            #expect(response.error?.contains(expected) == true, "\(query.prefix(60)): \(response.error ?? response.text)")
        }
        #expect(try server.request("/").status == 200, "still serving")
    }

    @Test func foreignHostsAndOriginsAreRefused() async throws {
        let server = try await RunningPlayground()
        #expect(try server.request("/", host: "localhost:\(server.port)").status == 200)
        // DNS rebinding: a name that resolves to 127.0.0.1 but is not the server's.
        for host in ["evil.example:\(server.port)", "127.0.0.1", "127.0.0.1:1", ""] {
            let response = try server.request("/api/options", host: host)
            #expect(response.status == 403 && response.error?.contains("is not this server") == true, "Host \(host)")
        }
        let connection = try server.connect()
        try connection.send("GET", "/", host: nil)
        #expect(try connection.readResponse().status == 403, "no Host at all")
        let crossSite = try server.request("/api/settings?data=moons", headers: [("Origin", "http://evil.example")])
        #expect(crossSite.status == 403 && crossSite.error?.contains("evil.example") == true)
        let socket = try server.connect()
        #expect(try socket.upgrade("/api/train?data=moons", host: server.host, origin: "http://evil.example").status == 403)
        #expect(try server.request("/api/options", headers: [("Origin", "http://\(server.host)")]).status == 200, "its own page")
        #expect(try server.request("/nowhere").status == 404)
        #expect(try server.request("/api/options", method: "DELETE").status == 405)
        #expect(try server.request("/").status == 200, "still serving")
    }

    @Test func uploadsAreCheckedKeptAndNamedInTheCommand() async throws {
        let server = try await RunningPlayground()
        var csv = "x1,x2,label\n"
        for i in 0..<40 { csv += "\(Double(i) / 10),\(Double(i % 7) / 3),\(i % 2 == 0 ? "red" : "blue")\n" }
        let upload = try server.request("/api/upload?name=my%20points.csv", method: "POST", body: Data(csv.utf8))
        #expect(upload.status == 200, "\(upload.text)")
        let answer = try #require(try JSONSerialization.jsonObject(with: upload.body) as? [String: Any])
        let data = try #require(answer["data"] as? String)
        #expect(data.hasPrefix("upload:") && answer["examples"] as? Int == 40 && answer["name"] as? String == "my points.csv")
        let settings = try server.request("/api/settings?data=\(data)&hidden=4")
        #expect(settings.status == 200 && settings.text.contains("--data 'my points.csv' --hidden 4"), "\(settings.text)")

        let threeFeatures = try server.request("/api/upload?name=wide.csv", method: "POST", body: Data("a,b,c,label\n1,2,3,0\n4,5,6,1\n".utf8))
        #expect(threeFeatures.status == 400 && threeFeatures.error?.contains("has 3 feature columns") == true, "\(threeFeatures.text)")
        let ragged = try server.request("/api/upload?name=ragged.csv", method: "POST", body: Data("x1,x2,label\n1,2,0\n3,1\n".utf8))
        #expect(ragged.status == 400 && ragged.error?.contains("ragged.csv:3") == true, "\(ragged.text)")
        let oneClass = try server.request("/api/upload", method: "POST", body: Data("x1,x2,label\n1,2,0\n3,1,0\n".utf8))
        #expect(oneClass.status == 400 && oneClass.error?.contains("two classes") == true, "\(oneClass.text)")
        // A body over the limit is refused from its Content-Length, before it is read.
        let huge = try server.connect()
        try huge.send("POST", "/api/upload", host: server.host, headers: [("Content-Length", "\(1 << 40)")])
        let tooLarge = try huge.readResponse()
        #expect(tooLarge.status == 413 && tooLarge.error?.contains("at most") == true)
        #expect(try server.request("/api/settings?data=\(data)").status == 200, "still serving, the upload kept")
    }
}
