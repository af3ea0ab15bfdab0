import Descent
import DescentTestSupport
import Foundation
import Testing

@Suite struct CheckpointCommandTests {
    static let run = ["train", "--data", "moons", "--hidden", "16,8", "--epochs", "120", "--batch-size", "16",
                      "--optimizer", "adam", "--keep-prob", "0.9", "--learning-rate", "0.005", "--print-every", "0"]

    /// Starts `descent` and returns the process (not waited for).
    static func start(_ arguments: [String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func aRunKilledWithSIGKILLResumesToTheSameResult() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let full = try CLI.run(Self.run + ["--json", "--history", "full.csv", "--save", "full.safetensors"], in: scratch.url)
        #expect(full.status == 0, "\(full.standardError)")

        let checkpoint = scratch.url.appendingPathComponent("run.ckpt")
        let process = try Self.start(Self.run + ["--checkpoint", "run.ckpt", "--checkpoint-every", "1"], in: scratch.url)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: checkpoint.path) && process.isRunning && Date() < deadline {
            usleep(2_000)
        }
        usleep(20_000)
        let killedEarly = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: checkpoint.path))
        // The run must really have been cut short: the checkpoint is from before the last epoch.
        #expect(killedEarly)
        let nextEpoch = try SafeTensorsFile(contentsOf: checkpoint).metadata["progress.next_epoch"].flatMap { Int($0) }
        #expect((nextEpoch ?? 120) < 120, "checkpoint at epoch \(nextEpoch ?? -1)")

        let resumed = try CLI.run(Self.run + ["--json", "--history", "resumed.csv", "--resume", "run.ckpt",
                                              "--save", "resumed.safetensors"], in: scratch.url)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let a = try CLI.json(full.standardOutput), b = try CLI.json(resumed.standardOutput)
        #expect(try #require(a["final_cost"] as? Double) == (try #require(b["final_cost"] as? Double)))
        #expect(try #require(a["train_accuracy"] as? Double) == (try #require(b["train_accuracy"] as? Double)))
        let fullHistory = try String(contentsOf: scratch.url.appendingPathComponent("full.csv"), encoding: .utf8)
        let resumedHistory = try String(contentsOf: scratch.url.appendingPathComponent("resumed.csv"), encoding: .utf8)
        #expect(fullHistory == resumedHistory, "every epoch's cost is bit-identical")
        let fullModel = try SafeTensorsFile(contentsOf: scratch.url.appendingPathComponent("full.safetensors"))
        let resumedModel = try SafeTensorsFile(contentsOf: scratch.url.appendingPathComponent("resumed.safetensors"))
        #expect(fullModel.tensors.count == 6)
        #expect(fullModel.tensors == resumedModel.tensors, "the final weights are bit-identical")
    }

    @Test func killingDuringCheckpointWritesNeverLeavesATornFile() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // A wider network makes each checkpoint write take a while; kill at varying moments.
        let arguments = ["train", "--data", "moons", "--hidden", "256,256", "--epochs", "400", "--batch-size", "300",
                         "--optimizer", "adam", "--print-every", "0", "--checkpoint", "wide.ckpt", "--checkpoint-every", "1"]
        let checkpoint = scratch.url.appendingPathComponent("wide.ckpt")
        func savedEpoch() -> Int? {
            (try? SafeTensorsFile(contentsOf: checkpoint))?.metadata["progress.next_epoch"].flatMap { Int($0) }
        }
        for attempt in 0..<4 {
            let before = savedEpoch() ?? -1
            let process = try Self.start(arguments + (attempt == 0 ? [] : ["--resume", "wide.ckpt"]), in: scratch.url)
            // Wait until this run has written a checkpoint of its own (a resumed run starts from the old
            // file), so the kill below lands while it keeps writing them.
            let deadline = Date().addingTimeInterval(60)
            while (savedEpoch() ?? -1) <= before && process.isRunning && Date() < deadline { usleep(1_000) }
            #expect((savedEpoch() ?? -1) > before, "attempt \(attempt) wrote a checkpoint before the kill")
            usleep(UInt32(5_000 + attempt * 7_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
            #expect(leftovers.contains("wide.ckpt"))
            // The file that is there must be whole: the strict reader rejects any truncated or torn file.
            let file = try SafeTensorsFile(contentsOf: checkpoint)
            #expect(file.metadata["descent.format"] == TrainingCheckpointFile.formatTag, "attempt \(attempt)")
            #expect(file.tensors["network.W3"] != nil && file.tensors["optimizer.s.W1"] != nil)
        }
    }
}
