import Descent
import DescentTestSupport
@testable import DescentCLI
@testable import DescentPlayground
import Foundation
import Testing

/// `descent playground --port 0` in a child process (as a user runs it), stopped when the value
/// goes away. A child, not a task here: the server runs on Swift's cooperative threads, which the
/// tests' blocking socket reads would otherwise compete with (2 of them on a 2-core machine).
final class RunningPlayground: @unchecked Sendable {
    let port: UInt16
    private let process = Process()
    var host: String { "127.0.0.1:\(port)" }

    init(maximumRuns: Int? = nil) throws {
        process.executableURL = BuiltExecutable.descent
        process.arguments = ["playground", "--port", "0"] + (maximumRuns.map { ["--max-runs", "\($0)"] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let match = text.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), let port = UInt16(match.1) else {
            process.terminate()
            throw RawConnection.Failure(description: "descent playground printed: \(text)")
        }
        self.port = port
    }

    deinit { _ = stop() }

    /// Ctrl-C, as a user stops it; returns how it exited.
    func stop() -> (reason: Process.TerminationReason, status: Int32) {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus)
    }

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
    @Test func servesOneSelfContainedPage() throws {
        let server = try RunningPlayground()
        let page = try server.request("/")
        #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<title>Descent playground</title>") && page.text.contains("/api/train"))
        #expect(page.text == (try PlaygroundPage().html), "the resource files, the stylesheet and script inlined")
        // Nothing from the network: no external script, style, image or font.
        for external in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] {
            #expect(!page.text.contains(external), "the page loads \(external)…")
        }
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
    }

    @Test func optionsListTheLibrarysChoicesAndEveryPresetIsValidTrainSettings() throws {
        let server = try RunningPlayground()
        let answer = try server.request("/api/options")
        let options = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        #expect((options["datasets"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == CourseDataset.allCases.map(\.rawValue))
        #expect(options["initializers"] as? [String] == Initializer.names)
        #expect(options["optimizers"] as? [String] == OptimizerAlgorithm.names)
        let help = try #require(options["help"] as? [String: String])
        #expect(Set(help.keys) == Set(PlaygroundSettings.optionNames) && help["layer-norm"] == TrainingSettings.setting(named: "layer-norm")?.help)
        let presets = try #require(options["presets"] as? [[String: Any]])
        #expect(presets.compactMap { $0["id"] as? String } == ["initialization", "regularization", "gradient-checking", "optimization", "batch-normalization"])
        for preset in PlaygroundPreset.labs {
            for run in preset.runs {
                let query = [preset.settings, run.settings].filter { !$0.isEmpty }.joined(separator: "&")
                let settings = try server.request("/api/settings?\(query)")
                #expect(settings.status == 200, "\(preset.id) / \(run.label): \(settings.text)")
            }
        }
    }

    @Test func settingsAnswerTheTrainCommandOrA400ThePageShows() throws {
        let server = try RunningPlayground()
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

    @Test func normalizationIsAcceptedReproducedInTheCommandAndItsBadCombinationsAre400() throws {
        let server = try RunningPlayground()
        // Batch sizes that leave a training batch of one example: batch 1, and the training count less one.
        let examples = try PreparedData(DataConfiguration(source: .course(.moons)), seed: 3).trainCount
        // Each query's status and its command's options (200) or a part of its error (400).
        let cases: [(query: String, status: Int, text: String)] = [
            ("hidden=16,16&batch-norm=true&batch-size=64&optimizer=adam", 200, "--hidden 16,16 --batch-norm --batch-size 64 --optimizer adam"),
            ("hidden=8,8,8&layer-norm=true&normalized-layers=1,3", 200, "--hidden 8,8,8 --layer-norm --normalized-layers 1,3"),
            ("batch-norm=true&batch-norm-momentum=0.01&norm-epsilon=0.001", 200, "--batch-norm --batch-norm-momentum 0.01 --norm-epsilon 0.001"),
            ("batch-norm=false&hidden=4", 200, "--hidden 4"),
            ("layer-norm=true&batch-size=1", 200, "--layer-norm --batch-size 1"),
            ("batch-norm=true&layer-norm=true", 400, "give one or the other"),
            ("normalized-layers=1", 400, "--normalized-layers: applies with --batch-norm or --layer-norm"),
            ("batch-norm-momentum=0.2", 400, "--batch-norm-momentum: applies with --batch-norm"),
            ("layer-norm=true&batch-norm-momentum=0.2", 400, "--batch-norm-momentum: applies with --batch-norm"),
            ("hidden=5,2&batch-norm=true&normalized-layers=3", 400, "layer 3 is not a hidden layer"),
            ("batch-norm=maybe", 400, "a flag is true or false"),
            ("batch-norm=true&batch-size=1", 400, "--batch-norm: needs mini-batches of at least 2 examples"),
            ("batch-norm=true&batch-size=\(examples - 1)", 400, "leaves a last mini-batch of 1 of the \(examples) training examples"),
        ]
        for (query, status, text) in cases {
            let response = try server.request("/api/settings?data=moons&\(query)")
            #expect(response.status == status, "\(query): \(response.text)")
            if status == 200 {
                let answer = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
                #expect(answer["command"] as? String == "descent train --data moons \(text)", "\(query)")
            } else {
                #expect(response.error?.contains(text) == true, "\(query): \(response.error ?? response.text)")
            }
        }
        // The run's socket refuses a batch of one under batch normalization before the upgrade.
        let socket = try server.connect()
        let upgrade = try socket.upgrade("/api/train?data=moons&batch-norm=true&batch-size=1", host: server.host)
        #expect(upgrade.status == 400 && upgrade.error?.contains("at least 2 examples") == true, "\(upgrade.text)")
        #expect(try server.request("/").status == 200, "still serving")
    }

    @Test func foreignHostsAndOriginsAreRefused() throws {
        let server = try RunningPlayground()
        #expect(try server.request("/", host: "localhost:\(server.port)").status == 200)
        // An address cannot be rebound: any with the server's port is its own (bound to 0.0.0.0, the machine's other addresses).
        #expect(try server.request("/", host: "192.0.2.7:\(server.port)").status == 200)
        #expect(try server.request("/", host: "[::1]:\(server.port)").status == 200)
        // DNS rebinding: a name that resolves to 127.0.0.1 but is not the server's.
        for host in ["evil.example:\(server.port)", "127.0.0.1", "127.0.0.1:1", "", "127.0.0.1.evil.example:\(server.port)",
                     "[127.0.0.1]:\(server.port)", "127.1:\(server.port)"] {
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

    @Test func uploadsAreCheckedKeptAndNamedInTheCommand() throws {
        let server = try RunningPlayground()
        var csv = "x1,x2,label\n"
        for i in 0..<40 { csv += "\(Double(i) / 10),\(Double(i % 7) / 3),\(i % 2 == 0 ? "red" : "blue")\n" }
        let upload = try server.request("/api/upload?name=my%20points.csv", method: "POST", body: Data(csv.utf8))
        #expect(upload.status == 200, "\(upload.text)")
        let answer = try #require(try JSONSerialization.jsonObject(with: upload.body) as? [String: Any])
        let data = try #require(answer["data"] as? String)
        #expect(data.hasPrefix("upload:") && answer["examples"] as? Int == 40 && answer["name"] as? String == "my points.csv")
        let settings = try server.request("/api/settings?data=\(data)&hidden=4")
        #expect(settings.status == 200 && settings.text.contains("--data 'my points.csv' --hidden 4"), "\(settings.text)")

        // A .tsv upload is read with tabs, as `descent train --data points.tsv` reads it (it used to be renamed
        // points.tsv.csv and read with commas: one column).
        let tsv = try server.request("/api/upload?name=points.tsv", method: "POST", body: Data(csv.replacingOccurrences(of: ",", with: "\t").utf8))
        #expect(tsv.status == 200, "\(tsv.text)")
        let tsvAnswer = try #require(try JSONSerialization.jsonObject(with: tsv.body) as? [String: Any])
        #expect(tsvAnswer["examples"] as? Int == 40 && tsvAnswer["name"] as? String == "points.tsv" && tsvAnswer["classes"] as? [String] == ["blue", "red"])
        let tsvData = try #require(tsvAnswer["data"] as? String)
        let tsvSettings = try server.request("/api/settings?data=\(tsvData)&hidden=4")
        #expect(tsvSettings.status == 200 && tsvSettings.text.contains("--data points.tsv --hidden 4"), "\(tsvSettings.text)")

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

@Suite(.serialized) struct PlaygroundSocketTests {
    /// Frames until the finished one (at most `limit`).
    static func framesUntilFinished(_ socket: RawConnection, limit: Int = 100_000) throws -> [[String: Any]] {
        var frames: [[String: Any]] = []
        while frames.count < limit {
            let message = try socket.readJSON()
            guard message["type"] as? String == "frame" else { continue }
            frames.append(message)
            if message["finished"] as? Bool == true { break }
        }
        return frames
    }

    @Test func aRunStreamsItsBoundaryAndFallingCostChecksItsGradientsAndHandsOverItsModel() throws {
        let server = try RunningPlayground()
        let socket = try server.connect()
        let query = "data=moons&hidden=5,2&optimizer=adam&learning-rate=0.01&epochs=400&diagnostics=10&pace=max"
        let upgrade = try socket.upgrade("/api/train?\(query)", host: server.host, origin: "http://\(server.host)")
        #expect(upgrade.status == 101, "\(upgrade.text)")
        let start = try socket.readJSON()
        #expect(start["type"] as? String == "start" && start["layers"] as? [Int] == [2, 5, 2, 1])
        #expect(start["command"] as? String == "descent train --data moons --hidden 5,2 --optimizer adam --learning-rate 0.01 --epochs 400 --diagnostics 10")
        #expect((start["points"] as? [[Double]])?.count == 300)
        let grid = try #require(start["grid"] as? [String: [Double]])
        #expect(grid["xs"]?.count == 40 && grid["ys"]?.count == 40)
        // Paused before anything: the first epoch's frame, then nothing until asked.
        let first = try socket.readJSON()
        #expect(first["type"] as? String == "frame" && first["epoch"] as? Int == 0 && first["finished"] as? Bool == false)
        try socket.sendText("step")
        #expect(try socket.readJSON()["epoch"] as? Int == 1)
        try socket.sendText("play")
        let frames = try Self.framesUntilFinished(socket)
        let last = try #require(frames.last)
        #expect(last["epoch"] as? Int == 399 && last["stopReason"] as? String == "completed")
        let firstCost = try #require(first["cost"] as? Double), lastCost = try #require(last["cost"] as? Double)
        #expect(lastCost < firstCost * 0.8, "the cost falls: \(firstCost) → \(lastCost)")
        let boundary = try #require(last["boundary"] as? [Int])
        #expect(boundary.count == 1600 && boundary.allSatisfy { (0...1000).contains($0) } && Set(boundary).count > 10)
        #expect((last["gradientNorms"] as? [Double])?.count == 3)
        // The same run on the command line's path ends with the same cost.
        let configuration = try TrainingSettings(arguments: ["--data", "moons", "--hidden", "5,2", "--optimizer", "adam",
                                                             "--learning-rate", "0.01", "--epochs", "400", "--diagnostics", "10"]).runConfiguration()
        let (result, _) = try configuration.train()
        #expect(result.history.records.last?.cost == lastCost, "watching and stepping change nothing")

        try socket.sendText("check")
        let check = try socket.readJSON()
        #expect(check["type"] as? String == "check" && check["passed"] as? Bool == true)
        #expect((check["text"] as? String)?.contains("Gradient check of a 2-5-2-1 network on 64 examples") == true)
        #expect((check["tensors"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["W1", "b1", "W2", "b2", "W3", "b3"])

        try socket.sendText("model")
        guard case .binary(let bytes) = try socket.readMessage() else { Issue.record("no model"); return }
        let model = try ModelFile<Double>(SafeTensorsFile(bytes: bytes))
        #expect(model.network.layerSizes == [2, 5, 2, 1] && model.trainingOptions["optimizer"] == "adam")
        #expect(model.network.layers.map(\.weights) == result.network.layers.map(\.weights), "the trained weights")

        try socket.sendText("dance")
        #expect((try socket.readJSON()["message"] as? String)?.contains("unknown command 'dance'") == true)
    }

    @Test func aNormalizedRunMarksItsLayersTrainsAsTheCommandLineAndPassesItsGradientCheck() throws {
        let server = try RunningPlayground()
        let socket = try server.connect()
        let query = "data=moons&hidden=8,8,8&batch-norm=true&normalized-layers=1,3&optimizer=adam&batch-size=64&epochs=60&diagnostics=10&pace=max"
        #expect(try socket.upgrade("/api/train?\(query)", host: server.host).status == 101)
        let start = try socket.readJSON()
        let command = "descent train --data moons --hidden 8,8,8 --batch-norm --normalized-layers 1,3 --optimizer adam --batch-size 64 --epochs 60 --diagnostics 10"
        #expect(start["command"] as? String == command)
        let normalization = try #require(start["normalization"] as? [Any])
        #expect(normalization.map { ($0 as? [String: String])?["tag"] } == ["BN", nil, "BN", nil], "layers 1 and 3 of 4")
        #expect(normalization.map { ($0 as? [String: String])?["name"] } == ["batch", nil, "batch", nil])
        #expect(normalization[1] is NSNull && normalization[3] is NSNull, "null for a layer that is not normalized")
        try socket.sendText("play")
        let last = try #require(try Self.framesUntilFinished(socket).last)
        #expect(last["epoch"] as? Int == 59 && (last["gradientNorms"] as? [Double])?.count == 4)
        let arguments = Array(command.split(separator: " ").dropFirst(2).map(String.init))
        let (result, _) = try TrainingSettings(arguments: arguments).runConfiguration().train()
        #expect(result.history.records.last?.cost == last["cost"] as? Double, "the same run as the command line's")
        try socket.sendText("check")
        let check = try socket.readJSON()
        #expect(check["passed"] as? Bool == true, "\(check["text"] ?? "")")
        #expect((check["tensors"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            == ["W1", "gamma1", "beta1", "W2", "b2", "W3", "gamma3", "beta3", "W4", "b4"])
    }

    @Test func threeClassesDrawClassIndicesAndAPaceSlowsTraining() throws {
        let server = try RunningPlayground()
        let socket = try server.connect()
        #expect(try socket.upgrade("/api/train?data=blobs&hidden=8&epochs=40&pace=200", host: server.host).status == 101)
        #expect(try socket.readJSON()["classes"] as? [String] == ["0", "1", "2"])
        _ = try socket.readJSON()
        let clock = ContinuousClock()
        let start = clock.now
        try socket.sendText("play")
        let frames = try PlaygroundSocketTests.framesUntilFinished(socket)
        let elapsed = clock.now - start
        #expect(elapsed > .milliseconds(150), "39 epochs at 200 a second take about 0.2 s, took \(elapsed)")
        #expect(Set(try #require(frames.last?["boundary"] as? [Int])).isSubset(of: [0, 1, 2]))
    }

    @Test func badSettingsAre400BeforeTheUpgradeAndTrainingSlotsAreBoundedAndFreedOnDisconnect() throws {
        let server = try RunningPlayground(maximumRuns: 1)
        let bad = try server.connect()
        let refused = try bad.upgrade("/api/train?data=moons&learning-rate=x", host: server.host)
        #expect(refused.status == 400 && refused.error?.contains("learning-rate") == true)

        let long = "/api/train?data=circles&hidden=10,5&epochs=1000000&pace=50"
        let first = try server.connect()
        #expect(try first.upgrade(long, host: server.host).status == 101)
        _ = try first.readJSON()
        try first.sendText("play")
        let second = try server.connect()
        let busy = try second.upgrade(long, host: server.host)
        #expect(busy.status == 429 && busy.error?.contains("1 runs are training already") == true)
        // The page goes away without a goodbye: its training stops and the slot is free again.
        first.close()
        var reopened = 0
        for _ in 0..<100 {
            let third = try server.connect()
            reopened = try third.upgrade(long, host: server.host).status
            if reopened == 101 { break }
            usleep(50_000)
        }
        #expect(reopened == 101)
    }

    @Test func aFinishedRunKeepsItsSocketButNotItsTrainingSlot() throws {
        let server = try RunningPlayground(maximumRuns: 1)
        let finished = try server.connect()
        #expect(try finished.upgrade("/api/train?data=moons&hidden=3&epochs=20&pace=max", host: server.host).status == 101)
        _ = try finished.readJSON()
        try finished.sendText("play")
        #expect(try PlaygroundSocketTests.framesUntilFinished(finished).last?["epoch"] as? Int == 19)
        var next = 0
        for _ in 0..<100 {
            next = try server.connect().upgrade("/api/train?data=moons&hidden=3&epochs=20", host: server.host).status
            if next == 101 { break }
            usleep(20_000)
        }
        #expect(next == 101, "the finished run no longer counts as training")
        try finished.sendText("check")
        #expect(try finished.readJSON()["type"] as? String == "check", "and still answers")
        #expect(try server.request("/").status == 200, "still serving")
    }
}

/// The presets train the labs' runs: the accuracies their lessons quote (full length, so release
/// mode from `.ci/run` with `DESCENT_FULL_LABS=1`).
@Suite struct PlaygroundPresetLabTests {
    static let enabled = ProcessInfo.processInfo.environment["DESCENT_FULL_LABS"] == "1"

    @Test(.enabled(if: enabled, "full-length lab runs: DESCENT_FULL_LABS=1 (release, from .ci/run)"))
    func presetsReproduceTheLabsAccuracies() throws {
        let expected: [String: [(metric: String, value: Double)]] = [
            "initialization": [("train_accuracy", 0.5), ("train_accuracy", 0.83), ("train_accuracy", 0.9933333333333333)],
            "regularization": [("test_accuracy", 0.915), ("test_accuracy", 0.93), ("test_accuracy", 0.94)],
            "optimization": [("train_accuracy", 0.7966666666666666), ("train_accuracy", 0.7966666666666666), ("train_accuracy", 0.94)],
        ]
        for preset in PlaygroundPreset.labs {
            guard let accuracies = expected[preset.id] else { continue }
            for (run, accuracy) in zip(preset.runs, accuracies) {
                let query = [preset.settings, run.settings].filter { !$0.isEmpty }.joined(separator: "&")
                let settings = try PlaygroundSettings(query: query)
                let (result, _) = try settings.trainingSettings().runConfiguration().train()
                #expect(result.metrics[accuracy.metric] == accuracy.value, "\(preset.id) / \(run.label)")
                #expect(preset.lesson.contains(String(format: "%g %%", (accuracy.value * 1000).rounded() / 10)), "\(preset.id): the lesson quotes it")
            }
        }
    }
}
