import DescentTestSupport
import Foundation
import Testing
@testable import Descent
@testable import DescentPlayground

@Suite struct PlaygroundRunTests {
    /// Messages received, behind a lock.
    final class Inbox: @unchecked Sendable {
        private let condition = NSCondition()
        private var messages: [PlaygroundRun.Message] = []
        func add(_ message: PlaygroundRun.Message) { condition.lock(); messages.append(message); condition.broadcast(); condition.unlock() }
        /// The first message after `index` that `matches`, waiting up to 20 s.
        func next(after index: Int = 0, _ matches: (PlaygroundRun.Message) -> Bool) -> (Int, PlaygroundRun.Message)? {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date.now.addingTimeInterval(20)
            while true {
                if let found = messages.indices.dropFirst(index).first(where: { matches(messages[$0]) }) { return (found, messages[found]) }
                guard condition.wait(until: deadline) else { return nil }
            }
        }
        static func json(_ message: PlaygroundRun.Message) -> [String: Any]? {
            guard case .text(let text) = message else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }
        static func isType(_ type: String) -> (PlaygroundRun.Message) -> Bool { { json($0)?["type"] as? String == type } }
        static func isBinary(_ message: PlaygroundRun.Message) -> Bool { if case .binary = message { true } else { false } }
    }

    static func run(hidden: [Int], epochs: Int = 30, inbox: Inbox) throws -> PlaygroundRun {
        let configuration = RunConfiguration(data: DataConfiguration(source: .course(.circles)), model: ModelConfiguration(hiddenLayers: hidden),
                                             optimizer: .adam(), learningRate: 0.01, training: TrainingOptions(epochs: epochs, diagnosticsInterval: 5))
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        return try PlaygroundRun(settings: PlaygroundSettings(query: "data=circles&pace=max"), configuration: configuration, data: data,
                                 frameInterval: .zero) { inbox.add($0) }
    }

    @Test func startsPausedThenStreamsChecksAndHandsOverTheModel() throws {
        let inbox = Inbox()
        let run = try Self.run(hidden: [6, 3], inbox: inbox)
        run.start()
        let start = try #require(inbox.next(Inbox.isType("start")).map { Inbox.json($0.1)! })
        #expect(start["layers"] as? [Int] == [2, 6, 3, 1] && start["epochs"] as? Int == 30)
        // Training and test points, with their split (the circles have a test set).
        let points = try #require(start["points"] as? [[Double]])
        #expect(points.filter { $0[3] == 0 }.count == 300 && points.filter { $0[3] == 2 }.count == 100)
        let first = try #require(inbox.next(Inbox.isType("frame")).map { Inbox.json($0.1)! })
        #expect(first["epoch"] as? Int == 0 && first["testAccuracy"] is Double)
        run.handle("play")
        let finished = try #require(inbox.next { Inbox.json($0)?["finished"] as? Bool == true }.map { Inbox.json($0.1)! })
        #expect(finished["epoch"] as? Int == 29 && finished["stopReason"] as? String == "completed")
        run.handle("check")
        let check = try #require(inbox.next(Inbox.isType("check")).map { Inbox.json($0.1)! })
        #expect(check["passed"] as? Bool == true && (check["text"] as? String)?.contains("2-6-3-1 network on 64 examples") == true)
        run.handle("model")
        let reply = try #require(inbox.next(Inbox.isBinary), "no model came back")
        guard case .binary(let bytes) = reply.1 else { Issue.record("the model reply is not binary"); return }
        let model = try ModelFile<Double>(SafeTensorsFile(bytes: bytes))
        #expect(model.network.layerSizes == [2, 6, 3, 1] && model.classNames == ["0", "1"] && model.metrics["test_accuracy"] != nil)
        run.handle("jump")
        #expect((inbox.next(Inbox.isType("error")).flatMap { Inbox.json($0.1) }?["message"] as? String)?.contains("unknown command 'jump'") == true)
        run.close()
    }

    @Test func aNormalizedRunNamesItsNormalizedLayersAndABatchOfOneUnderBatchNormalizationIsRefused() throws {
        let data = try PreparedData(DataConfiguration(source: .course(.circles)), seed: 3)
        func run(_ normalization: Normalization, batchSize: Int, inbox: Inbox = Inbox()) throws(PlaygroundError) -> PlaygroundRun {
            let configuration = RunConfiguration(data: DataConfiguration(source: .course(.circles)),
                                                 model: ModelConfiguration(hiddenLayers: [4, 4, 4], normalization: normalization, normalizedLayers: [2]),
                                                 training: TrainingOptions(epochs: 3, batchSize: batchSize))
            return try PlaygroundRun(settings: PlaygroundSettings(query: "data=circles"), configuration: configuration, data: data) { inbox.add($0) }
        }
        let inbox = Inbox()
        let layer = try run(.layer, batchSize: 1, inbox: inbox)
        layer.start()
        let start = try #require(inbox.next(Inbox.isType("start")).map { Inbox.json($0.1)! })
        #expect((start["normalization"] as? [Any])?.map { ($0 as? [String: String])?["tag"] } == [nil, "LN", nil, nil])
        layer.close()
        do {
            _ = try run(.batch, batchSize: 1)
            Issue.record("batch normalization with a batch of one was accepted")
        } catch {
            #expect(error.status == 400 && error.description.contains("mini-batches of at least 2 examples"), "\(error)")
        }
    }

    @Test func aNetworkTooLargeToCheckSaysSoAndOtherDataIsRefused() throws {
        let inbox = Inbox()
        let run = try Self.run(hidden: [64, 64], inbox: inbox)
        run.start()
        run.handle("check")
        let message = try #require(inbox.next(Inbox.isType("error")).flatMap { Inbox.json($0.1) }?["message"] as? String)
        #expect(message.contains("4417 parameters") && message.contains("descent gradcheck"))
        run.close()

        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let file = try scratch.file("three.csv", "a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n")
        let configuration = RunConfiguration(data: DataConfiguration(source: .file(path: file.path)), training: TrainingOptions(epochs: 3))
        let data = try PreparedData(configuration.data, seed: 1)
        do {
            _ = try PlaygroundRun(settings: PlaygroundSettings(query: ""), configuration: configuration, data: data) { _ in }
            Issue.record("a three-feature file was accepted")
        } catch {
            #expect(error.status == 400 && error.description.hasSuffix("three.csv has 3"), "\(error)")
        }
    }
}
