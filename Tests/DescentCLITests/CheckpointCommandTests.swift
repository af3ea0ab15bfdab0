import Descent
import DescentTestSupport
import Foundation
import Testing

@Suite struct CheckpointCommandTests {
    static let run = ["train", "--data", "moons", "--hidden", "16,8", "--epochs", "120", "--batch-size", "16",
                      "--optimizer", "adam", "--keep-prob", "0.9", "--learning-rate", "0.005", "--print-every", "0"]

    /// A plain run (its model file: W and b of three layers) and one batch-normalized (W of each,
    /// the output's b, γ, β, two running statistics and a batch count per hidden layer), which
    /// must resume with its running statistics as well.
    @Test(arguments: [([String](), 6), (["--batch-norm"], 14)])
    func aRunKilledWithSIGKILLResumesToTheSameResult(extra: [String], tensorCount: Int) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let run = Self.run + extra
        let full = try CLI.run(run + ["--json", "--history", "full.csv", "--save", "full.safetensors"], in: scratch.url)
        #expect(full.status == 0, "\(full.standardError)")

        let checkpoint = scratch.url.appendingPathComponent("run.ckpt")
        let killed = try CLI.interrupt(run + ["--checkpoint", "run.ckpt", "--checkpoint-every", "1"], in: scratch.url,
                                       signal: SIGKILL, delay: 20_000) { _ in FileManager.default.fileExists(atPath: checkpoint.path) }
        #expect(FileManager.default.fileExists(atPath: checkpoint.path))
        // The run must really have been cut short: the checkpoint is from before the last epoch.
        #expect(killed.wasRunning && killed.killed)
        let nextEpoch = try SafeTensorsFile(contentsOf: checkpoint).metadata["progress.next_epoch"].flatMap { Int($0) }
        #expect((nextEpoch ?? 120) < 120, "checkpoint at epoch \(nextEpoch ?? -1)")

        let resumed = try CLI.run(run + ["--json", "--history", "resumed.csv", "--resume", "run.ckpt",
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
        #expect(fullModel.tensors.count == tensorCount)
        #expect(fullModel.tensors == resumedModel.tensors, "the final weights are bit-identical")
    }

    @Test("a file's checkpoint resumes only in its precision and its way of reading the file; the error names the --precision that resumes it")
    func aCheckpointResumesOnlyInItsPrecision() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", "x1,x2,label\n" + (0..<60).map { "\(Double($0) / 7),\(Double($0 % 5) / 3),\($0 % 2)" }.joined(separator: "\n") + "\n")
        let run = ["train", "--data", "t.csv", "--epochs", "4", "--print-every", "0"]
        let written = try CLI.run(run + ["--precision", "float64", "--checkpoint", "f64.ckpt", "--checkpoint-every", "1"], in: scratch.url)
        #expect(written.status == 0, "\(written.standardError)")
        let defaulted = try CLI.run(run + ["--resume", "f64.ckpt"], in: scratch.url)
        #expect(defaulted.status == 1 && defaulted.standardError.contains("f64.ckpt: was written in float64, this run uses float32 "
            + "(resume with --precision float64)"), "\(defaulted.standardError)")
        #expect(try CLI.run(run + ["--precision", "float64", "--resume", "f64.ckpt"], in: scratch.url).status == 0)
        // The default float32 (prepared in float64) and a given float32 (read as float32) are different runs.
        let prepared = try CLI.run(run + ["--checkpoint", "f32.ckpt", "--checkpoint-every", "1"], in: scratch.url)
        #expect(prepared.status == 0, "\(prepared.standardError)")
        let given = try CLI.run(run + ["--precision", "float32", "--resume", "f32.ckpt"], in: scratch.url)
        #expect(given.status == 1 && given.standardError.contains("was made with different options")
                && given.standardError.contains("float32 (prepared in float64)"), "\(given.standardError)")
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
            // Wait until this run has written a checkpoint of its own (a resumed run starts from the old
            // file), so the kill lands while it keeps writing them.
            _ = try CLI.interrupt(arguments + (attempt == 0 ? [] : ["--resume", "wide.ckpt"]), in: scratch.url, signal: SIGKILL,
                                  delay: UInt32(5_000 + attempt * 7_000)) { _ in (savedEpoch() ?? -1) > before }
            #expect((savedEpoch() ?? -1) > before, "attempt \(attempt) wrote a checkpoint before the kill")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
            #expect(leftovers.contains("wide.ckpt"))
            // The file that is there must be whole: the strict reader rejects any truncated or torn file.
            let file = try SafeTensorsFile(contentsOf: checkpoint)
            #expect(file.metadata["descent.format"] == TrainingCheckpointFile.formatTag, "attempt \(attempt)")
            #expect(file.tensors["network.W3"] != nil && file.tensors["optimizer.s.W1"] != nil)
        }
    }
}

extension CheckpointCommandTests {
    @Test("Ctrl-C stops after the epoch and keeps what was trained: the model and a checkpoint are saved (exit 130); resumed, training goes on from there")
    func ctrlCKeepsWhatWasTrained() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // Far more epochs than the test waits for: only the signal ends it.
        let arguments = ["train", "--data", "moons", "--hidden", "5,2", "--epochs", "100000000", "--print-every", "200",
                         "--save", "m.safetensors", "--checkpoint", "run.ckpt", "--checkpoint-every", "1000000"]
        let first = try CLI.interrupt(arguments, in: scratch.url) { $0.contains("Cost after iteration 200:") }
        #expect(first.status == 130, "\(first.errors)")
        let stoppedAt = try #require(first.errors.firstMatch(of: /interrupted \(SIGINT\) after epoch (\d+) of 100000000: the model is saved to m.safetensors, the checkpoint to run.ckpt \(continue with --resume run.ckpt\)/).flatMap { Int($0.1) },
                                     "\(first.errors)")
        #expect(stoppedAt >= 200)
        #expect(first.output.contains("train accuracy:"), "the report is printed as after a finished run")
        try scratch.file("points.csv", "x1,x2\n0.5,0.25\n-1,1\n")
        let predict = try CLI.run(["predict", "--model", "m.safetensors", "--data", "points.csv"], in: scratch.url)
        #expect(predict.status == 0 && predict.standardOutput.split(separator: "\n").count == 3, "the saved model loads: \(predict.standardError)")

        // Resumed: the first cost line is the first multiple of 200 after the stop; a SIGTERM stops it again.
        let next = (stoppedAt / 200 + 1) * 200
        let second = try CLI.interrupt(arguments + ["--resume", "run.ckpt"], in: scratch.url, signal: SIGTERM) {
            $0.contains("Cost after iteration \(next):")
        }
        #expect(second.status == 128 + SIGTERM, "\(second.errors)")
        #expect(!second.output.contains("Cost after iteration 0:"), "the resumed run does not start over")
        let resumedAt = try #require(second.errors.firstMatch(of: /after epoch (\d+) of/).flatMap { Int($0.1) }, "\(second.errors)")
        #expect(resumedAt >= next)
    }
}
