import DescentTestSupport
import Foundation
import Testing

@Suite struct BenchCommandTests {
    @Test func quickMoonsRunPrintsThePeerFieldsAsOneJSONLine() throws {
        let result = try CLI.run(["bench", "--quick", "--only", "moons-gd", "--json", "--moons-epochs", "200"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try CLI.json(result.standardOutput)
        #expect(object["system"] as? String == "descent")
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let moons = try #require(results.first)
        #expect(moons["workload"] as? String == "moons-gd")
        #expect(moons["steps"] as? Int == 200 * 5)
        for field in ["median_s", "us_per_step", "steps_per_s", "train_acc", "allocations_per_step"] {
            #expect(moons[field] is Double || moons[field] is Int, "missing \(field)")
        }
        let seconds = try #require(moons["median_s"] as? Double)
        let microseconds = try #require(moons["us_per_step"] as? Double)
        #expect(abs(microseconds - 1e6 * seconds / 1000) <= 1e-6 * microseconds)
        let accuracy = try #require(moons["train_acc"] as? Double)
        #expect(accuracy > 0.5 && accuracy <= 1)
        #expect((object["gemm"] as? [Any])?.isEmpty == true)
    }

    @Test("moons-adam-run (the TrainingRun path descent train takes) trains exactly what moons-adam trains")
    func trainingRunPathMatchesTheDirectLoop() throws {
        let result = try CLI.run(["bench", "--only", "moons-adam,moons-adam-run", "--json", "--moons-epochs", "300", "--reps", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let results = try #require(try CLI.json(result.standardOutput)["results"] as? [[String: Any]])
        #expect(results.map { $0["workload"] as? String } == ["moons-adam", "moons-adam-run"])
        for field in ["steps", "final_cost", "train_acc"] {
            #expect("\(results[0][field] ?? "")" == "\(results[1][field] ?? "")", "\(field)")
        }
    }

    @Test("moons-live (the run watched as the playground watches it) trains the same steps to the same cost and accuracy and streams frames")
    func liveRunMatchesThePlainRun() throws {
        let result = try CLI.run(["bench", "--only", "moons-adam-run,moons-live", "--json", "--moons-epochs", "300", "--reps", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let results = try #require(try CLI.json(result.standardOutput)["results"] as? [[String: Any]])
        #expect(results.map { $0["workload"] as? String } == ["moons-adam-run", "moons-live"])
        #expect(results[0]["steps"] as? Int == results[1]["steps"] as? Int)
        #expect(results[0]["train_acc"] as? Double == results[1]["train_acc"] as? Double, "the downloaded model's accuracy")
        // The frame's cost went through JSON twice (the frame, then the bench's output); Foundation's parser may round the last digit.
        let plain = try #require(results[0]["final_cost"] as? Double), live = try #require(results[1]["final_cost"] as? Double)
        #expect(abs(plain - live) <= 4e-16 * plain, "\(plain) vs \(live)")
        #expect((results[1]["frames_per_s"] as? Double).map { $0 > 0 } == true, "at least the final frame")
    }

    @Test("csv-table: the table prepares to 784 − 10 + 10 × 12 inputs and the ratio printed is the two medians'")
    func csvTableFields() throws {
        let result = try CLI.run(["bench", "--only", "csv-table", "--csv-rows", "300", "--reps", "1", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let table = try #require(try CLI.json(result.standardOutput)["csv_table"] as? [String: Any])
        #expect(table["rows"] as? Int == 300 && table["columns"] as? Int == 785 && table["table_inputs"] as? Int == 904)
        let numeric = try #require(table["numeric_median_s"] as? Double), tabular = try #require(table["table_median_s"] as? Double)
        #expect(numeric > 0 && tabular > 0)
        #expect(abs((table["ratio"] as? Double ?? 0) - tabular / numeric) <= 1e-12 * tabular / numeric)
        let text = try CLI.run(["bench", "--only", "csv-table", "--csv-rows", "300", "--reps", "1"])
        #expect(text.standardOutput.hasPrefix("csv-table        300×785 prepared: all numeric ") && text.standardOutput.contains("(904 inputs)"))
    }

    @Test func gemmTableAndTestAccuracyFields() throws {
        let result = try CLI.run(["bench", "--quick", "--only", "circles-init,gemm", "--circles-iterations", "10", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        let circles = try #require((object["results"] as? [[String: Any]])?.first)
        let testAccuracy = try #require(circles["test_acc"] as? Double)
        #expect(testAccuracy >= 0 && testAccuracy <= 1)
        let rows = try #require(object["gemm"] as? [[String: Any]])
        #expect(rows.map { $0["precision"] as? String } == ["float32", "float64"])
        for row in rows {
            #expect(row["n"] as? Int == 256)
            // One and two threads; against the system BLAS when one is installed.
            let builtIn = try #require(row["builtin_gflops"] as? [Double])
            #expect(builtIn.count == 2 && builtIn.allSatisfy { $0 > 0 })
            let blas = try #require(row["blas_gflops"] as? [Any])
            if let blas = blas as? [Double], blas.count == 2, !builtIn.isEmpty {
                #expect(abs((row["builtin_over_blas_1_thread"] as? Double ?? .nan) - builtIn[0] / blas[0]) < 1e-9)
            } else {
                // No system BLAS on this machine (or DESCENT_BLAS=off): no BLAS columns, no ratio.
                print("BenchCommandTests: no system BLAS loaded; the BLAS columns are empty, as they should be")
                #expect(blas.isEmpty)
                #expect(row["builtin_over_blas_1_thread"] is NSNull)
            }
        }
        #expect((object["sweep"] as? [Any])?.isEmpty == true)
    }

    @Test("csv-load: the shape, size, rate and peak it prints are the file's and consistent with each other")
    func csvLoadFields() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let text = "a,b,c,label\n" + (0..<500).map { "\($0),\($0 % 7).5,-\($0 % 3),\($0 % 2)" }.joined(separator: "\n") + "\n"
        let file = try scratch.file("t.csv", text)
        let (result, exitPeak) = try CLI.runMeasuringPeakMemory(["bench", "--only", "csv-load", "--csv-file", file.path, "--reps", "3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let load = try #require(try CLI.json(result.standardOutput)["csv_load"] as? [String: Any])
        #expect(load["rows"] as? Int == 500 && load["columns"] as? Int == 4)
        #expect(load["bytes"] as? Int == text.utf8.count)
        #expect(load["matrix_bytes"] as? Int == 500 * 3 * 8)
        let median = try #require(load["median_s"] as? Double), rate = try #require(load["mb_per_s"] as? Double)
        #expect((load["all_s"] as? [Double])?.count == 3 && median > 0)
        #expect(abs(rate - Double(text.utf8.count) / 1e6 / median) < 1e-9 * rate)
        // The process's own high-water mark after the loads: at most what it reports on exit, and not
        // the test runner's (a child's wait4 ru_maxrss would count this process's peak too).
        let peak = try #require(load["peak_rss_bytes"] as? Int)
        #expect(peak > 500 * 3 * 8 && peak <= exitPeak && peak > exitPeak / 2, "\(peak) against \(exitPeak) on exit")
        // Generated: the MNIST-shaped file, 785 columns.
        let generated = try CLI.json(try CLI.run(["bench", "--only", "csv-load", "--csv-rows", "30", "--reps", "1", "--json"]).standardOutput)
        let shape = try #require(generated["csv_load"] as? [String: Any])
        #expect(shape["rows"] as? Int == 30 && shape["columns"] as? Int == 785 && shape["matrix_bytes"] as? Int == 30 * 784 * 8)
    }

    @Test func unknownWorkloadIsAUsageError() throws {
        let result = try CLI.run(["bench", "--only", "moons-sgd"])
        #expect(result.status == 64)
        #expect(result.standardError.hasPrefix("error: "))
        #expect(result.standardError.contains("moons-sgd"))
    }
}
