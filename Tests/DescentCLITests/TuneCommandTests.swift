import Descent
import DescentTestSupport
import Foundation
import Testing

@Suite struct TuneCommandTests {
    /// A small moons search: 6 trials of 30 epochs.
    static let search = ["tune", "--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--batch-size", "64", "--epochs", "30",
                         "--search", "learning-rate=log:1e-3..1e-1", "--search", "beta1=1-log:0.01..0.3", "--trials", "6", "--json"]

    /// The trials of a `--json` run without their timings, by trial number.
    static func trials(_ result: ProcessRun) throws -> [Int: String] {
        let trials = try #require(try CLI.json(result.standardOutput)["trials"] as? [[String: Any]])
        var byNumber: [Int: String] = [:]
        for trial in trials {
            let values = trial["values"] as? [String: Any] ?? [:], metrics = trial["metrics"] as? [String: Any] ?? [:]
            byNumber[trial["trial"] as? Int ?? -1] = "\(values.sorted { $0.key < $1.key })|\(metrics.sorted { $0.key < $1.key })|\(trial["epochs"] ?? "")"
        }
        return byNumber
    }

    @Test("the same study whatever --jobs; the best trial's command reproduces its numbers; show lists it as CSV")
    func deterministicAcrossJobsAndReproducible() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let one = try CLI.run(Self.search + ["--jobs", "1", "--study", "one.study"], in: scratch.url)
        let two = try CLI.run(Self.search + ["--jobs", "2", "--study", "two.study"], in: scratch.url)
        #expect(one.status == 0 && two.status == 0, "\(one.standardError) \(two.standardError)")
        let trials = try Self.trials(one)
        let trialsTwo = try Self.trials(two)
        #expect(trials.count == 6 && trials == trialsTwo)

        // The best trial, trained by its printed command, gives the same dev numbers.
        let best = try #require(try CLI.json(one.standardOutput)["best"] as? [String: Any])
        let command = try #require(best["command"] as? String)
        #expect(command.hasPrefix("descent train --data moons --hidden 5,2 --optimizer adam --batch-size 64 --epochs 30 --dev-fraction 0.2 --learning-rate "))
        let arguments = Array(command.split(separator: " ").dropFirst().map(String.init)) + ["--json"]
        let train = try CLI.run(arguments, in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let metrics = try #require(best["metrics"] as? [String: Any])
        let trained = try CLI.json(train.standardOutput)
        #expect(trained["dev_accuracy"] as? Double == metrics["dev_accuracy"] as? Double)
        #expect(trained["train_accuracy"] as? Double == metrics["train_accuracy"] as? Double)

        let csv = try CLI.run(["tune", "show", "--study", "one.study", "--csv"], in: scratch.url)
        #expect(csv.status == 0, "\(csv.standardError)")
        let lines = csv.standardOutput.split(separator: "\n")
        #expect(lines.first == "trial,learning-rate,beta1,dev_accuracy,dev_cost,dev_rmse,train_accuracy,epochs,seconds,stopped")
        #expect(lines.count == 7 && lines[1].hasPrefix("\(best["trial"] as? Int ?? -1),"))

        // The HTML report: the table and a chart per hyperparameter, self-contained.
        let report = try CLI.run(["tune", "show", "--study", "one.study", "--report", "report"], in: scratch.url)
        #expect(report.status == 0, "\(report.standardError)")
        let html = try String(contentsOf: scratch.url.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(html.contains("dev accuracy against learning-rate") && html.contains("dev accuracy against beta1") && html.contains("best so far"))
        // Six trials, each a dot in the by-trial chart and in the two hyperparameter charts; nothing loaded from the network.
        #expect(html.components(separatedBy: "class=\"point\"").count - 1 == 3 * 6)
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains(command) && html.contains("Which settings mattered"), "the best trial's command and the settings' importance")

        // The text listing: a header, a row per trial, the best trial and its command as --json says.
        let shown = try CLI.run(["tune", "show", "--study", "one.study"], in: scratch.url)
        let shownLines = shown.standardOutput.split(separator: "\n")
        #expect(shownLines.first?.split(separator: " ") == ["rank", "trial", "learning-rate", "beta1", "dev_accuracy", "dev_cost", "train_accuracy",
                                                           "epochs", "seconds", "stopped"])
        #expect(shownLines.dropFirst().prefix(6).allSatisfy { $0.hasSuffix("completed") })
        #expect(shownLines.contains { $0 == "best: trial \(best["trial"] as? Int ?? -1); reproduce it with" })
        #expect(shownLines.last.map(String.init) == "  \(command)")

        // Coarse to fine: narrowed --search options, ready to paste.
        let refine = try CLI.run(["tune", "show", "--study", "one.study", "--refine"], in: scratch.url)
        #expect(refine.status == 0 && refine.standardOutput.hasPrefix("--search 'learning-rate=log:") && refine.standardOutput.contains(" --search 'beta1=1-log:"))

        // --save trains the best trial again and saves it; the test set is looked at only then.
        let saved = try CLI.run(Self.search + ["--test-fraction", "0.2", "--save", "best.safetensors"], in: scratch.url)
        #expect(saved.status == 0, "\(saved.standardError)")
        let savedReport = try #require(try CLI.json(saved.standardOutput)["saved"] as? [String: Any])
        #expect(savedReport["model"] as? String == "best.safetensors" && (savedReport["test_accuracy"] as? Double ?? 0) > 0.5)
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("best.safetensors").path))
        let savedTrials = try #require(try CLI.json(saved.standardOutput)["trials"] as? [[String: Any]])
        #expect(savedTrials.allSatisfy { (($0["metrics"] as? [String: Any]) ?? [:]).keys.allSatisfy { !$0.hasPrefix("test_") } })

        // Another search against the same study file is refused, naming what changed.
        let changed = try CLI.run(Self.search.map { $0 == "learning-rate=log:1e-3..1e-1" ? "learning-rate=log:1e-4..1e-1" : $0 }
                                  + ["--study", "one.study"], in: scratch.url)
        #expect(changed.status == 1 && changed.standardError.contains("one.study: was made with another search (search learning-rate=log:1e-3..1e-1"))
    }

    @Test("killed with SIGKILL mid-study, the same command runs only the missing trials: exactly N, equal to an uninterrupted study")
    func killAndRerun() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let arguments = Self.search.map { $0 == "6" ? "10" : $0 } + ["--jobs", "1", "--study", "killed.study"]
        let study = scratch.url.appendingPathComponent("killed.study")
        func lines() -> Int { ((try? String(contentsOf: study, encoding: .utf8)) ?? "").split(separator: "\n").count }
        let killed = try CLI.interrupt(arguments, in: scratch.url, signal: SIGKILL) { _ in lines() >= 4 }
        let before = lines() - 1
        #expect(killed.killed, "the run was killed, not finished")
        #expect(before >= 3 && before < 10, "\(before) trials before the kill")

        let rerun = try CLI.run(arguments, in: scratch.url)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        let stored = try #require(try StudyJournal.read(study))
        #expect(stored.records.map(\.trial).sorted() == Array(0..<10))
        let whole = try CLI.run(Self.search.map { $0 == "6" ? "10" : $0 } + ["--jobs", "2"], in: scratch.url)
        let rerunTrials = try Self.trials(rerun), wholeTrials = try Self.trials(whole)
        #expect(rerunTrials == wholeTrials)
    }

    @Test("Ctrl-C mid-study: the running trials finish, the results so far are shown, exit 130; the same command finishes the study")
    func ctrlCShowsTheTrialsSoFar() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let arguments = Self.search.filter { $0 != "--json" }.map { $0 == "6" ? "40" : $0 } + ["--jobs", "1", "--study", "stopped.study"]
        let study = scratch.url.appendingPathComponent("stopped.study")
        func lines() -> Int { ((try? String(contentsOf: study, encoding: .utf8)) ?? "").split(separator: "\n").count }
        let stopped = try CLI.interrupt(arguments, in: scratch.url) { _ in lines() >= 3 }
        let kept = lines() - 1
        #expect(stopped.status == 130, "\(stopped.errors)")
        #expect(kept >= 2 && kept < 40, "\(kept) trials before the interruption")
        #expect(stopped.errors.contains("error: interrupted (SIGINT) with \(kept) of 40 trials finished; they are in stopped.study"), "\(stopped.errors)")
        #expect(stopped.output.contains("best: trial") && stopped.output.split(separator: "\n").count >= kept + 3,
                "the table of the trials so far: \(stopped.output)")
        let rerun = try CLI.run(arguments, in: scratch.url)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(try #require(try StudyJournal.read(study)).records.map(\.trial).sorted() == Array(0..<40))
    }

    @Test("halving: every trial at r epochs, the best 1/η so far of each rung η times longer, the same whatever --jobs and after a kill")
    func halvingPromotesTheBestThird() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let arguments = ["tune", "--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--batch-size", "64", "--epochs", "90",
                         "--method", "halving", "--min-epochs", "10", "--search", "learning-rate=log:1e-3..1e-1", "--trials", "12", "--json"]
        let one = try CLI.run(arguments + ["--jobs", "1", "--study", "h.study"], in: scratch.url)
        let two = try CLI.run(arguments + ["--jobs", "2"], in: scratch.url)
        #expect(one.status == 0 && two.status == 0, "\(one.standardError) \(two.standardError)")
        let study = scratch.url.appendingPathComponent("h.study")
        let records = try #require(try StudyJournal.read(study)).records
        func rung(_ k: Int) -> [TrialRecord] { records.filter { $0.rung == k }.sorted { $0.trial < $1.trial } }
        #expect(rung(0).map(\.trial) == Array(0..<12))
        #expect(Set(rung(0).map(\.epochs)) == [10] && Set(rung(1).map(\.epochs)) == [30] && Set(rung(2).map(\.epochs)) == [90])
        // Rung k + 1 holds exactly the trials among the best max(1, ⌊n/3⌋) of the n rung-k trials numbered up to their own.
        for k in 0..<2 {
            let promoted = rung(k).enumerated().filter { position, record in
                let rivals = Array(rung(k)[...position])
                return TrialRecord.ranked(rivals).prefix(max(1, rivals.count / 3)).contains(record)
            }.map(\.element.trial)
            #expect(rung(k + 1).map(\.trial) == promoted, "rung \(k + 1)")
            #expect(promoted.first == 0)
        }
        #expect(rung(1).count < 12 && !rung(2).isEmpty)
        let trialsOne = try #require(try CLI.json(one.standardOutput)["trials"] as? [[String: Any]])
        let trialsTwo = try #require(try CLI.json(two.standardOutput)["trials"] as? [[String: Any]])
        func summary(_ trials: [[String: Any]]) -> [String] {
            trials.map { "\($0["trial"] ?? "")@\($0["rung"] ?? ""):\((($0["metrics"] as? [String: Any]) ?? [:]).sorted { $0.key < $1.key })" }
        }
        #expect(summary(trialsOne) == summary(trialsTwo))
        #expect(trialsOne.count == records.count)
        // The best record's command trains its own rung's epochs.
        let best = try #require(try CLI.json(one.standardOutput)["best"] as? [String: Any])
        #expect((best["command"] as? String)?.contains("--epochs \(best["epochs"] as? Int ?? -1) ") == true)

        // Killed after the definition and the first third of the lines: the rerun on two jobs completes the same study.
        let lines = try String(contentsOf: study, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.prefix(1 + records.count / 3).joined(separator: "\n") + "\n").write(to: study, atomically: true, encoding: .utf8)
        let resumed = try CLI.run(arguments + ["--jobs", "2", "--study", "h.study"], in: scratch.url)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let completed = try #require(try StudyJournal.read(study)).records
        #expect(Set(completed.map(\.key)) == Set(records.map(\.key)) && completed.count == records.count)
        #expect(summary(try #require(try CLI.json(resumed.standardOutput)["trials"] as? [[String: Any]])) == summary(trialsOne))
    }

    @Test("a job array: --prepare, one descent tune trial per index in parallel processes, collect — the study equals a local run")
    func simulatedJobArray() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let base = Self.search.filter { $0 != "--json" }
        let prepared = try CLI.run(base + ["--study", "array.study", "--prepare"], in: scratch.url)
        #expect(prepared.status == 0, "\(prepared.standardError)")
        #expect(prepared.standardOutput.contains("array.study: 6 trials to run with descent tune trial --study array.study --index I"))
        // $SLURM_ARRAY_TASK_ID = 0…5, all at once.
        let processes = try (0..<6).map { index -> Process in
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["tune", "trial", "--study", "array.study", "--index", "\(index)"]
            process.currentDirectoryURL = scratch.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let collect = try CLI.run(["tune", "collect", "--study", "array.study"], in: scratch.url)
        #expect(collect.status == 0 && collect.standardOutput == "array.study: 6 trials collected, 6 in the study\n", "\(collect.standardError)")
        let again = try CLI.run(["tune", "collect", "--study", "array.study"], in: scratch.url)
        #expect(again.standardOutput == "array.study: 0 trials collected, 6 in the study\n", "collecting twice adds nothing")

        // Running the study "locally" now has nothing left to do and reports the same trials as a fresh local run.
        let shown = try CLI.run(base + ["--study", "array.study", "--json"], in: scratch.url)
        let local = try CLI.run(Self.search + ["--jobs", "2"], in: scratch.url)
        let shownTrials = try Self.trials(shown), localTrials = try Self.trials(local)
        #expect(shownTrials.count == 6 && shownTrials == localTrials)
    }

    @Test("on a raw table, the data's notes are printed once, not once per trial")
    func tableNotesOnce() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", "id,color,x,label\n" + (0..<120).map { "\($0 + 1),\(["red", "blue"][$0 % 2]),\($0 % 7),\($0 % 2)" }
            .joined(separator: "\n") + "\n")
        let result = try CLI.run(["tune", "--data", "t.csv", "--hidden", "3", "--epochs", "5", "--search", "learning-rate=log:1e-3..1e-1",
                                  "--trials", "4", "--jobs", "2", "--json"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.components(separatedBy: "note: left out, identifier-like or a row index (a distinct value per row; --numeric NAME keeps a number column): id").count == 2)
    }

    /// A study that fixes `--precision` trains its trials on the data `descent train` prepares for
    /// it (a given float32 reads the file straight into float32; the file default prepares in
    /// float64 and converts), so the best trial's command reproduces its dev numbers to the bit.
    @Test("on decimals, the best trial's printed command reproduces its dev RMSE exactly, with --precision float32 given and by default",
          arguments: [["--precision", "float32"], []])
    func bestCommandReproducesTheTrialInEachPrecision(precision: [String]) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = (0..<200).map { row -> String in
            let a = Double((row * 37) % 101) / 7.3, b = Double((row * 53) % 89) / 3.1
            return String(format: "%.6f,%.6f,%.5f", a, b, 1.37 * a - 0.61 * b + Double(row % 7) / 9.7)
        }
        try scratch.file("d.csv", "a,b,y\n" + rows.joined(separator: "\n") + "\n")
        let tune = try CLI.run(["tune", "--data", "d.csv", "--task", "regression", "--hidden", "8", "--epochs", "15",
                                "--search", "learning-rate=log:1e-3..1e-2", "--trials", "2", "--json"] + precision, in: scratch.url)
        #expect(tune.status == 0, "\(tune.standardError)")
        let best = try #require(try CLI.json(tune.standardOutput)["best"] as? [String: Any])
        let command = try #require(best["command"] as? String)
        let train = try CLI.run(Array(command.split(separator: " ").dropFirst().map(String.init)) + ["--json"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let metrics = try #require(best["metrics"] as? [String: Any])
        let trained = try CLI.json(train.standardOutput)
        let devRMSE = try #require(metrics["dev_rmse"] as? Double)
        #expect(trained["dev_rmse"] as? Double == devRMSE, "\(command)")
    }

    @Test(arguments: [
        (["--search", "lr=log:1e-3..1e-1"], "unknown option '--lr'"),
        (["--search", "learning-rate=0.1..0.01"], "--search learning-rate=0.1..0.01: the range is empty or inverted"),
        (["--search", "learning-rate=log:0..0.1"], "a log range must be above 0"),
        (["--search", "optimizer=adam|"], "a choice has no value"),
        (["--search", "learning-rate=log:1e-3..1e-1", "--trials", "0"], "--trials: must be at least 1"),
        (["--search", "learning-rate=log:1e-3..1e-1", "--learning-rate", "0.1"], "also given as a fixed --learning-rate"),
        (["--search", "learning-rate=log:1e-3..1e-1", "--history", "h.csv"], "--history: not a tune setting"),
        (["--epochs", "3"], "--search: give at least one"),
        (["--search", "keep-prob=0.5..2"], "--keep-prob"),
    ] as [([String], String)])
    func badSearchesFailBeforeTraining(arguments: [String], fragment: String) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let result = try CLI.run(["tune", "--data", "moons", "--study", "s.study"] + arguments, in: scratch.url)
        #expect(result.status == 64 || result.status == 1, "\(result.standardError)")
        #expect(!result.crashed)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: ") && result.standardError.contains(fragment), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("s.study").path), "nothing ran")
    }

    @Test("a test file added to a study's command keeps the study: its trials are not run again, and --save scores the best on it once")
    func testFileIsNotPartOfTheStudy() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // Two Gaussian blobs, a training and a test file.
        var random = FastRandom(seed: 5)
        func rows(_ count: Int) -> String {
            "a,b,label\n" + (0..<count).map { j in
                let noise = random.randn(rows: 2, columns: 1, as: Double.self)
                let label = j % 2, a = noise[0, 0] + Double(label) * 2.5, b = noise[1, 0] - Double(label)
                return "\(a),\(b),\(label)"
            }.joined(separator: "\n") + "\n"
        }
        _ = try scratch.file("train.csv", rows(200))
        _ = try scratch.file("test.csv", rows(100))
        let search = ["tune", "--data", "train.csv", "--hidden", "4", "--optimizer", "adam", "--epochs", "20", "--batch-size", "32",
                      "--search", "learning-rate=log:1e-3..1e-1", "--trials", "4", "--study", "s.study", "--json"]
        let first = try CLI.run(search, in: scratch.url)
        #expect(first.status == 0, "\(first.standardError)")
        let again = try CLI.run(search + ["--test", "test.csv", "--save", "best.safetensors"], in: scratch.url)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try Self.trials(again) == Self.trials(first), "the trials read back, not trained again")
        let saved = try #require(try CLI.json(again.standardOutput)["saved"] as? [String: Any])
        let accuracy = try #require(saved["test_accuracy"] as? Double)
        #expect(accuracy > 0.8, "the best trial scored once on the test file: \(accuracy)")
        #expect(FileManager.default.fileExists(atPath: scratch.file("best.safetensors").path))
        // Another search against the study is still refused.
        let other = try CLI.run(search.map { $0 == "learning-rate=log:1e-3..1e-1" ? "learning-rate=log:1e-4..1e-1" : $0 }, in: scratch.url)
        #expect(other.status != 0 && other.standardError.contains("was made with another search"))
    }
}
