import Foundation
import Testing

/// The issues' acceptance commands at full length; slow in debug, so they run in release from
/// `.ci/run` (DESCENT_FULL_LABS=1).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_FULL_LABS"] == "1",
                "full-length commands run in release mode from .ci/run (DESCENT_FULL_LABS=1)"))
struct FullCommandLineTests {
    @Test func initializationLabHeRun() throws {
        let result = try CLI.run(["train", "--data", "circles", "--hidden", "10,5", "--init", "he", "--learning-rate", "0.01",
                                  "--epochs", "15000", "--seed", "3", "--json"])
        #expect(result.status == 0)
        let object = try CLI.json(result.standardOutput)
        #expect(object["train_accuracy"] as? Double == 0.9933333333333333)
        #expect(object["test_accuracy"] as? Double == 0.96)
    }

    @Test(arguments: [("adam", 0.94), ("gd", 0.7966666666666666), ("momentum", 0.7966666666666666)])
    func optimizationLabTable(optimizer: String, accuracy: Double) throws {
        let result = try CLI.run(["train", "--data", "moons", "--hidden", "5,2", "--init", "he", "--optimizer", optimizer,
                                  "--learning-rate", "0.0007", "--batch-size", "64", "--shuffle", "lab", "--epochs", "10000",
                                  "--seed", "3", "--json"])
        #expect(result.status == 0)
        #expect(try CLI.json(result.standardOutput)["train_accuracy"] as? Double == accuracy)
    }

    @Test func wholeLabJSONCarriesEveryCourseAccuracy() throws {
        let result = try CLI.run(["lab", "--json", "--no-report"])
        #expect(result.status == 0)
        let labs = try #require(try CLI.json(result.standardOutput)["labs"] as? [[String: Any]])
        var accuracies = [String: [Double]]()
        for lab in labs {
            for run in lab["runs"] as? [[String: Any]] ?? [] {
                accuracies[run["name"] as! String] = [run["train_accuracy"], run["test_accuracy"]].compactMap { $0 as? Double }
            }
        }
        #expect(accuracies["zeros"] == [0.5, 0.5])
        #expect(accuracies["random"] == [0.83, 0.86])
        #expect(accuracies["he"] == [0.9933333333333333, 0.96])
        #expect(accuracies["none"] == [0.9478672985781991, 0.915])
        #expect(accuracies["l2"] == [0.9383886255924171, 0.93])
        #expect(accuracies["dropout"] == [0.9289099526066351, 0.95])
        #expect(accuracies["gd"] == [0.7966666666666666])
        #expect(accuracies["momentum"] == [0.7966666666666666])
        #expect(accuracies["adam"] == [0.94])
    }

    /// Issue 29: the batch-normalization lesson at full length, the same output on one worker and two.
    @Test func batchNormalizationLessonIsReproducible() throws {
        let one = try CLI.run(["lab", "batch-normalization", "--no-report", "--jobs", "1"])
        let two = try CLI.run(["lab", "batch-normalization", "--no-report", "--jobs", "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.standardError)\(two.standardError)")
        #expect(one.standardOutput == two.standardOutput)
        #expect(one.standardOutput.contains("At α 1 only the normalized network trains"), "\(one.standardOutput)")
        // The lesson's numbers, as the README quotes them.
        #expect(one.standardOutput.contains("to a training cost below 0.3: at α 0.01 59 epochs with it against 272 epochs without; at α 0.1 12 epochs "
            + "with it against 79 epochs without; at α 1 8 epochs with it against never (final cost 0.693) without. At α 1 only the normalized "
            + "network trains: 93.0 % test accuracy against 50.0 %"))
        #expect(one.standardOutput.contains("The best test accuracy: 95.0 % at α 0.01 with it, 95.0 % at α 0.01 without — on this small problem it trains faster, not better."))
        let json = try CLI.run(["lab", "batch-normalization", "--json", "--no-report"])
        let runs = try #require((try CLI.json(json.standardOutput)["labs"] as? [[String: Any]])?.first?["runs"] as? [[String: Any]])
        let accuracy = Dictionary(uniqueKeysWithValues: runs.map { ($0["name"] as! String, $0["test_accuracy"] as? Double ?? -1) })
        #expect(accuracy["plain-1"] == 0.5 && (accuracy["batch-norm-1"] ?? 0) > 0.9, "\(accuracy)")
    }

    /// Issue #7: no heap allocation per training step in steady state, on the course workloads and on
    /// the wide (two-thread GEMM, Adam and batch gather) ones. The bench's malloc counter counts from
    /// the middle of a run to its end; what remains is the per-epoch history (≤ 1 per epoch, i.e.
    /// ≤ 1/64 per step for the wide workloads).
    @Test func benchWorkloadsDoNotAllocatePerStep() throws {
        let result = try CLI.run(["bench", "--quick", "--json", "--reps", "1",
                                  "--only", "moons-gd,moons-adam,moons-batch-norm,moons-adam-run,circles-init,wide-f32,wide-f64"])
        #expect(result.status == 0, "\(result.standardError)")
        let results = try #require(try CLI.json(result.standardOutput)["results"] as? [[String: Any]])
        // moons-adam-run: the TrainingRun path descent train takes allocates nothing per step either; moons-batch-norm: nor does a normalized step.
        #expect(results.count == 7)
        for workload in results {
            let allocations = try #require(workload["allocations_per_step"] as? Double)
            #expect(allocations <= 1.0 / 64, "\(workload["workload"] ?? "?"): \(allocations) allocations per step")
            #if os(Linux)
            #expect(allocations >= 0, "the malloc counter works with glibc")
            #endif
        }
    }
}
