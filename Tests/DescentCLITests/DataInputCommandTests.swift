import Descent
import DescentTestSupport
import Foundation
import Testing

/// Data as it comes: standard input, gzip files, `descent describe`, degenerate splits, test
/// labels spelled differently from the training labels, and an MNIST-shaped file in a child
/// process whose peak memory is measured.
@Suite struct DataInputCommandTests {
    /// A small two-class table with distinct rows.
    static let table = "x1,x2,label\n" + (0..<40).map { "\($0 % 7).5,\(($0 * 3) % 11),\($0 % 2)" }.joined(separator: "\n") + "\n"

    @Test("--data - reads CSV from standard input and trains exactly as from the file")
    func standardInputTrainsLikeTheFile() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", Self.table)
        let arguments = ["--hidden", "3", "--epochs", "20", "--json", "--seed", "2"]
        let fromFile = try CLI.run(["train", "--data", "t.csv"] + arguments, in: scratch.url)
        let fromPipe = try ProcessRun(CLI.executable, ["train", "--data", "-"] + arguments, in: scratch.url, input: Array(Self.table.utf8))
        #expect(fromFile.status == 0 && fromPipe.status == 0, "\(fromFile.standardError) \(fromPipe.standardError)")
        let file = try CLI.json(fromFile.standardOutput), pipe = try CLI.json(fromPipe.standardOutput)
        #expect(file["final_cost"] as? Double == pipe["final_cost"] as? Double)
        #expect(file["train_accuracy"] as? Double == pipe["train_accuracy"] as? Double)

        // --test - reads the test set from standard input.
        let testFromPipe = try ProcessRun(CLI.executable, ["train", "--data", "t.csv", "--test", "-"] + arguments, in: scratch.url,
                                          input: Array(Self.table.utf8))
        #expect(testFromPipe.status == 0, "\(testFromPipe.standardError)")
        let tested = try CLI.json(testFromPipe.standardOutput)
        #expect(tested["test_accuracy"] as? Double == file["train_accuracy"] as? Double, "the same rows score the same")
    }

    @Test("--dev FILE is the dev set: measured every epoch, early stopping on it, its accuracy what evaluate says")
    func devFile() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = Self.table.split(separator: "\n").dropFirst()
        try scratch.file("train.csv", "x1,x2,label\n" + rows.prefix(30).joined(separator: "\n") + "\n")
        try scratch.file("dev.csv", "x1,x2,label\n" + rows.dropFirst(30).joined(separator: "\n") + "\n")
        let train = try CLI.run(["train", "--data", "train.csv", "--dev", "dev.csv", "--hidden", "3", "--epochs", "40", "--seed", "2",
                                 "--early-stopping", "50", "--save", "m.safetensors", "--json"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let dev = try #require(try CLI.json(train.standardOutput)["dev_accuracy"] as? Double)
        let evaluate = try CLI.run(["evaluate", "--model", "m.safetensors", "--data", "dev.csv", "--json"], in: scratch.url)
        #expect(try CLI.json(evaluate.standardOutput)["accuracy"] as? Double == dev)
        let both = try CLI.run(["train", "--data", "train.csv", "--dev", "dev.csv", "--dev-fraction", "0.2"], in: scratch.url)
        #expect(both.status == 64 && both.standardError.contains("--dev and --dev-fraction"))
    }

    @Test("a .csv.gz file (stored blocks here; real gzip output when /bin/gzip exists) trains exactly as the plain file")
    func gzipTrainsLikeThePlainFile() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", Self.table)
        try scratch.write(Gzip.stored(Array(Self.table.utf8)), to: "stored.csv.gz")
        var files = ["stored.csv.gz"]
        if FileManager.default.isExecutableFile(atPath: "/bin/gzip") {
            let run = try ProcessRun(URL(fileURLWithPath: "/bin/gzip"), ["-k", "-9", "t.csv"], in: scratch.url)
            #expect(run.status == 0)
            files.append("t.csv.gz")
        } else {
            print("DataInputCommandTests: no /bin/gzip; only the hand-made gzip file is read")
        }
        let arguments = ["--hidden", "3", "--epochs", "20", "--json", "--seed", "2"]
        let plain = try CLI.json(try CLI.run(["train", "--data", "t.csv"] + arguments, in: scratch.url).standardOutput)
        for file in files {
            let result = try CLI.run(["train", "--data", file] + arguments, in: scratch.url)
            #expect(result.status == 0, "\(file): \(result.standardError)")
            let compressed = try CLI.json(result.standardOutput)
            #expect(compressed["final_cost"] as? Double == plain["final_cost"] as? Double, "\(file)")
        }
        // Concatenated members read as one file (`cat a.gz b.gz`).
        let half = Self.table.split(separator: "\n", omittingEmptySubsequences: false)
        let first = half.prefix(21).joined(separator: "\n") + "\n", second = half.dropFirst(21).joined(separator: "\n")
        try scratch.write(Gzip.stored(Array(first.utf8)) + Gzip.stored(Array(second.utf8)), to: "two.csv.gz")
        let two = try CLI.run(["describe", "--data", "two.csv.gz", "--json"], in: scratch.url)
        #expect(try CLI.json(two.standardOutput)["rows"] as? Int == 40, "\(two.standardError)")
    }

    @Test("predict --data - reads a pipe and writes the predictions to standard output; a named pipe (<(command)) reads as a file would")
    func predictInAPipe() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", Self.table)
        let train = try CLI.run(["train", "--data", "t.csv", "--hidden", "3", "--epochs", "50", "--save", "m.safetensors"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let fromFile = try CLI.run(["predict", "--model", "m.safetensors", "--data", "t.csv"], in: scratch.url)
        let fromPipe = try ProcessRun(CLI.executable, ["predict", "--model", "m.safetensors", "--data", "-"], in: scratch.url,
                                      input: Array(Self.table.utf8))
        #expect(fromPipe.status == 0, "\(fromPipe.standardError)")
        #expect(fromPipe.standardOutput == fromFile.standardOutput)
        #expect(fromPipe.standardOutput.split(separator: "\n").count == 41)
        let evaluated = try ProcessRun(CLI.executable, ["evaluate", "--model", "m.safetensors", "--data", "-"], in: scratch.url,
                                       input: Array(Self.table.utf8))
        #expect(evaluated.status == 0 && evaluated.standardOutput.hasPrefix("m.safetensors on <stdin>: 40 examples"), "\(evaluated.standardOutput)")

        // A named pipe (a shell's `<(command)`) as --data reads like standard input, for predict and train.
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let substituted = try ProcessRun(URL(fileURLWithPath: "/bin/bash"), ["-c", #""$0" predict --model m.safetensors --data <(cat t.csv)"#,
                                                                             CLI.executable.path], in: scratch.url)
        #expect(substituted.status == 0 && substituted.standardOutput == fromFile.standardOutput, "\(substituted.standardError)")
        let trained = try ProcessRun(URL(fileURLWithPath: "/bin/bash"), ["-c", #""$0" train --data <(cat t.csv) --hidden 3 --epochs 50 --json"#,
                                                                         CLI.executable.path], in: scratch.url)
        #expect(trained.status == 0, "\(trained.standardError)")
        let trainedFromFile = try CLI.run(["train", "--data", "t.csv", "--hidden", "3", "--epochs", "50", "--json"], in: scratch.url)
        #expect(try CLI.json(trained.standardOutput)["train_accuracy"] as? Double == CLI.json(trainedFromFile.standardOutput)["train_accuracy"] as? Double)
    }

    @Test("describe --json: rows, features, label, classes or target, per-column statistics, constant columns")
    func describeReportsTheTable() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("c.csv", "a,same,label\n1,5,x\n3,5,y\n5,5,x\n")
        let classes = try CLI.run(["describe", "--data", "c.csv", "--json"], in: scratch.url)
        #expect(classes.status == 0, "\(classes.standardError)")
        let object = try CLI.json(classes.standardOutput)
        #expect(object["rows"] as? Int == 3 && object["features"] as? Int == 2 && object["label"] as? String == "label")
        let counts = try #require(object["classes"] as? [String: Any])
        #expect(counts["x"] as? Int == 2 && counts["y"] as? Int == 1)
        #expect(object["constant"] as? [String] == ["same"])
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.first?["mean"] as? Double == 3 && columns.first?["min"] as? Double == 1 && columns.first?["max"] as? Double == 5)
        #expect(abs((columns.first?["std"] as? Double ?? 0) - (8.0 / 3).squareRoot()) < 1e-12)

        try scratch.file("r.csv", "a,y\n1,0.5\n2,1.5\n")
        let regression = try CLI.json(try CLI.run(["describe", "--data", "r.csv", "--task", "regression", "--json"], in: scratch.url).standardOutput)
        let target = try #require(regression["target"] as? [String: Any])
        #expect(target["min"] as? Double == 0.5 && target["max"] as? Double == 1.5 && target["mean"] as? Double == 1)

        // Missing cells and text cells are counted per feature with the first one, and the encoding shown.
        try scratch.file("bad.csv", "a,b,c,label\n1,x,3,0\n2,,NaN,1\n3,5,7,0\n4,y,8,1\n")
        let bad = try CLI.run(["describe", "--data", "bad.csv", "--json"], in: scratch.url)
        #expect(bad.status == 0, "\(bad.standardError)")
        let badObject = try CLI.json(bad.standardOutput)
        let missing = try #require(badObject["missing_cells"] as? [[String: Any]])
        #expect(missing.map { $0["feature"] as? String } == ["b", "c"])
        #expect(missing.map { $0["count"] as? Int } == [1, 1])
        #expect(missing.map { $0["first_line"] as? Int } == [3, 3])
        #expect(missing.map { $0["first_value"] as? String } == ["", "NaN"])
        let texts = try #require(badObject["text_columns"] as? [[String: Any]])
        #expect(texts.count == 1 && texts[0]["feature"] as? String == "b" && texts[0]["distinct"] as? Int == 2
                && texts[0]["first_line"] as? Int == 2 && texts[0]["first_value"] as? String == "x")
        let encoding = try #require(badObject["encoding"] as? [String: Any])
        #expect(encoding["inputs"] as? Int == 6)
        #expect((encoding["summary"] as? [String])?.first == "3 feature columns → 6 inputs: 2 numeric, 1 categorical one-hot: b (3 + missing)")

        let text = try CLI.run(["describe", "--data", "c.csv"], in: scratch.url)
        #expect(text.standardOutput.contains("c.csv: 3 rows, 2 features, label column 'label'"))
        #expect(text.standardOutput.contains("classes (2): x 2, y 1"))
        #expect(text.standardOutput.contains("constant features (1"))
        let badText = try CLI.run(["describe", "--data", "bad.csv"], in: scratch.url).standardOutput
        #expect(badText.contains("missing cells (2 in 2 features):"))
        #expect(badText.contains("  b: 1, first at line 3: \"\"") && badText.contains("  c: 1, first at line 3: \"NaN\""))
        #expect(badText.contains("text columns (1):\n  b: 2 distinct, first at line 2: \"x\""))
        #expect(badText.contains("columns as train encodes them:\n  3 feature columns → 6 inputs"))
        #expect(badText.contains("b        text, 2 distinct values"), "a text column (train one-hot encodes it) shows its values, not NaN statistics")
    }

    @Test("huge values: a column times 1e300 (its squares overflow) trains as the column itself and describe's statistics stay finite")
    func hugeValuesTrainAsTheirScaledColumn() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = Self.table.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        try scratch.file("huge.csv", "x1,x2,label\n" + rows.map { "\($0[0])e300,\($0[1])e300,\($0[2])" }.joined(separator: "\n") + "\n")
        try scratch.file("t.csv", Self.table)
        let options = ["--hidden", "3", "--epochs", "40", "--json"]
        let huge = try CLI.run(["train", "--data", "huge.csv"] + options, in: scratch.url)
        let plain = try CLI.run(["train", "--data", "t.csv"] + options, in: scratch.url)
        #expect(huge.status == 0 && plain.status == 0, "\(huge.standardError)")
        let hugeCost = try #require(try CLI.json(huge.standardOutput)["final_cost"] as? Double)
        let plainCost = try #require(try CLI.json(plain.standardOutput)["final_cost"] as? Double)
        #expect(abs(hugeCost - plainCost) <= 1e-6 * plainCost, "standardized, the columns are the same to rounding")
        // The file default, float32, standardizes in float64 first: no value is rounded, nor overflows, before.
        #expect(try CLI.json(huge.standardOutput)["precision"] as? String == "float32")
        let float32 = try CLI.run(["train", "--data", "huge.csv", "--precision", "float32"] + options, in: scratch.url)
        #expect(float32.status == 1 && float32.standardError.contains("huge.csv:2:1: ")
                && float32.standardError.contains("is beyond float32's range (±3.4e38): train in float64 (--precision float64"),
                "read straight into float32 when asked: \(float32.standardError)")
        let float64 = try CLI.run(["train", "--data", "huge.csv", "--precision", "float64"] + options, in: scratch.url)
        let float64Cost = try #require(try CLI.json(float64.standardOutput)["final_cost"] as? Double)
        let plain64 = try CLI.run(["train", "--data", "t.csv", "--precision", "float64"] + options, in: scratch.url)
        #expect(abs(float64Cost - (try CLI.json(plain64.standardOutput)["final_cost"] as? Double ?? 0)) <= 1e-9 * float64Cost)
        let described = try CLI.json(try CLI.run(["describe", "--data", "huge.csv", "--json"], in: scratch.url).standardOutput)
        let columns = try #require(described["features"] as? Int == 2 ? described["columns"] as? [[String: Any]] : nil)
        for column in columns {
            let deviation = try #require(column["std"] as? Double)
            #expect(deviation.isFinite && deviation > 1e299, "\(column)")
        }
    }

    @Test("a .tsv file is read with tabs without --delimiter (train, describe, predict); --delimiter tab and '\\t' name a tab")
    func tabSeparatedFiles() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", Self.table)
        try scratch.file("t.tsv", Self.table.replacingOccurrences(of: ",", with: "\t"))
        try scratch.file("tabs.txt", Self.table.replacingOccurrences(of: ",", with: "\t"))
        let options = ["--hidden", "3", "--epochs", "20", "--json"]
        let csv = try CLI.json(try CLI.run(["train", "--data", "t.csv"] + options, in: scratch.url).standardOutput)
        for arguments in [["--data", "t.tsv"], ["--data", "tabs.txt", "--delimiter", "tab"], ["--data", "tabs.txt", "--delimiter", "\\t"]] {
            let result = try CLI.run(["train"] + arguments + options + ["--save", "m.safetensors"], in: scratch.url)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            #expect(try CLI.json(result.standardOutput)["final_cost"] as? Double == csv["final_cost"] as? Double, "\(arguments)")
        }
        let described = try CLI.run(["describe", "--data", "t.tsv", "--json"], in: scratch.url)
        #expect(try CLI.json(described.standardOutput)["features"] as? Int == 2, "\(described.standardError)")
        let predicted = try CLI.run(["predict", "--model", "m.safetensors", "--data", "t.tsv"], in: scratch.url)
        #expect(predicted.status == 0 && predicted.standardOutput.split(separator: "\n").count == 41, "\(predicted.standardError)")
        let wrong = try CLI.run(["train", "--data", "t.tsv", "--delimiter", ","] + options, in: scratch.url)
        #expect(wrong.status == 1 && wrong.standardError.contains("no feature columns"), "an explicit --delimiter wins")
    }

    @Test("a table whose header repeats a name (and leaves one blank) trains, describes and predicts by the renamed columns")
    func repeatedHeaderNames() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = (0..<40).map { "\($0 % 7),\(($0 * 3) % 11),\(["red", "blue"][$0 % 2]),\($0 % 5),\($0 % 2)" }
        try scratch.file("t.csv", "a,a,color,,label\n" + rows.joined(separator: "\n") + "\n")
        // The same columns, reordered: prediction finds them by name.
        try scratch.file("reordered.csv", "label,a,color,a,column 4\n" + rows.map { row in
            let f = row.split(separator: ",")
            return [f[4], f[0], f[2], f[1], f[3]].joined(separator: ",")
        }.joined(separator: "\n") + "\n")
        let train = try CLI.run(["train", "--data", "t.csv", "--hidden", "3", "--epochs", "30", "--save", "m.safetensors"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let described = try CLI.json(try CLI.run(["describe", "--data", "t.csv", "--json"], in: scratch.url).standardOutput)
        let names = (described["columns"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["a", "a.1", "color", "column 4"], "\(described)")
        let same = try CLI.run(["predict", "--model", "m.safetensors", "--data", "t.csv"], in: scratch.url)
        let reordered = try CLI.run(["predict", "--model", "m.safetensors", "--data", "reordered.csv"], in: scratch.url)
        #expect(same.status == 0 && !same.crashed, "\(same.standardError)")
        #expect(reordered.status == 0 && reordered.standardOutput == same.standardOutput, "\(reordered.standardError)")
    }

    @Test(".npy features with text labels (np.array of str): train, evaluate and predict name the classes")
    func npyTextLabels() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = 40
        try NPYFile(shape: [rows, 2], dataType: .float64, values: (0..<rows).flatMap { [Double($0 % 7), Double(($0 * 3) % 11)] })
            .write(to: scratch.url.appendingPathComponent("x.npy"))
        try Data(NPYText.unicode((0..<rows).map { $0 % 2 == 0 ? "cat" : "dog" })).write(to: scratch.url.appendingPathComponent("y.npy"))
        let train = try CLI.run(["train", "--data", "x.npy", "--labels", "y.npy", "--hidden", "3", "--epochs", "30", "--json",
                                 "--save", "m.safetensors"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        #expect(try CLI.json(train.standardOutput)["classes"] as? [String] == ["cat", "dog"])
        let evaluate = try CLI.run(["evaluate", "--model", "m.safetensors", "--data", "x.npy", "--labels", "y.npy", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let predict = try CLI.run(["predict", "--model", "m.safetensors", "--data", "x.npy"], in: scratch.url)
        #expect(predict.standardOutput.hasPrefix("prediction,probability_cat,probability_dog\n"), "\(predict.standardError)")
    }

    @Test("a row-index column (as pandas' to_csv writes, unnamed) is pointed out with how to leave it out; --ignore silences it")
    func rowIndexColumnsAreNamed() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let rows = Self.table.split(separator: "\n").dropFirst()
        try scratch.file("indexed.csv", ",x1,x2,label\n" + rows.enumerated().map { "\($0),\($1)" }.joined(separator: "\n") + "\n")
        try scratch.file("ids.csv", "id,x1,x2,label\n" + rows.enumerated().map { "\($0 + 1),\($1)" }.joined(separator: "\n") + "\n")
        let indexed = try CLI.run(["train", "--data", "indexed.csv", "--epochs", "2"], in: scratch.url)
        #expect(indexed.status == 0 && indexed.standardError.contains("warning: indexed.csv: column 'column 1' numbers the rows 0, 1, 2, …: "
            + "a row index tells the network nothing about new examples; leave it out (see --ignore)"), "\(indexed.standardError)")
        let ids = try CLI.run(["train", "--data", "ids.csv", "--epochs", "2"], in: scratch.url)
        #expect(ids.standardError.contains("column 'id' numbers the rows 1, 2, 3, …"), "\(ids.standardError)")
        let ignored = try CLI.run(["train", "--data", "ids.csv", "--ignore", "id", "--epochs", "2"], in: scratch.url)
        #expect(ignored.status == 0 && !ignored.standardError.contains("numbers the rows"), "\(ignored.standardError)")
        try scratch.file("t.csv", Self.table)
        let plain = try CLI.run(["train", "--data", "t.csv", "--epochs", "2"], in: scratch.url)
        #expect(plain.status == 0 && !plain.standardError.contains("numbers the rows"), "\(plain.standardError)")
    }

    @Test("a test file labelled 0.0 / 1.0 matches training labels 0 / 1, in train as in evaluate")
    func numericTestLabelsMatchByValue() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", Self.table)
        try scratch.file("float-labels.csv", Self.table.replacingOccurrences(of: ",0\n", with: ",0.0\n").replacingOccurrences(of: ",1\n", with: ",1.0\n"))
        let train = try CLI.run(["train", "--data", "t.csv", "--test", "float-labels.csv", "--hidden", "3", "--epochs", "30", "--json",
                                 "--save", "m.safetensors"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        let trained = try CLI.json(train.standardOutput)
        let testAccuracy = try #require(trained["test_accuracy"] as? Double)
        #expect(testAccuracy == trained["train_accuracy"] as? Double, "the same rows must score the same")
        let evaluate = try CLI.run(["evaluate", "--model", "m.safetensors", "--data", "float-labels.csv", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        #expect(try CLI.json(evaluate.standardOutput)["accuracy"] as? Double == testAccuracy)
    }

    @Test("a dev split too small to hold every class trains with a warning naming the missing class")
    func heldOutSplitMissingAClassWarns() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("rare.csv", "x,label\n" + (0..<20).map { "\($0),\($0 % 2)" }.joined(separator: "\n") + "\n99,rare\n")
        let result = try CLI.run(["train", "--data", "rare.csv", "--dev-fraction", "0.2", "--epochs", "2", "--json"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("warning: --dev-fraction 0.2: the 4-example dev split has no example of class 'rare'"),
                "\(result.standardError)")
    }

    @Test("an MNIST-shaped CSV (6,000 × 785 here; 60,000 in release) is described, and trained one full-batch step in float32, in a child process within a stated peak memory")
    func mnistShapedFileInAChildProcess() throws {
        let rows = ProcessInfo.processInfo.environment["DESCENT_FULL_LABS"] == "1" ? 60_000 : 6_000
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let url = scratch.file("mnist.csv")
        try MNISTShaped.write(to: url, rows: rows)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        let (result, peak) = try CLI.runMeasuringPeakMemory(["describe", "--data", "mnist.csv", "--json"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect(object["rows"] as? Int == rows && object["features"] as? Int == 784 && object["label"] as? String == "label")
        #expect((object["classes"] as? [String: Any])?.count == 10)
        // The float64 matrix and at most 96 MB of everything else (the binary, the labels, the
        // statistics, staging): the file's pages are handed back as they are parsed. pandas takes
        // ~1.3 GB for the 60,000-row file.
        let matrix = rows * 784 * 8
        let bound = matrix + (96 << 20)
        print("MNIST-shaped \(rows)×785 (\(size >> 20) MiB): child peak RSS \(peak >> 20) MiB, bound \(bound >> 20) MiB")
        #expect(peak > matrix, "the peak must include the matrix itself")
        #expect(peak < bound)

        // train in float32 reads the file straight into the float32 training matrix (4 bytes a value, no
        // float64 copy), and one batch of every example is that matrix itself, not a shuffled copy. The
        // bound: the matrix, the labels, and 80 MB for everything else (the binary, the parse's staging
        // and the file's pages not yet handed back, the network, its workspace and the statistics).
        let (trained, trainPeak) = try CLI.runMeasuringPeakMemory(["train", "--data", "mnist.csv", "--hidden", "", "--epochs", "1",
                                                                   "--batch-size", "\(rows)", "--precision", "float32", "--json"],
                                                                  in: scratch.url)
        #expect(trained.status == 0, "\(trained.standardError)")
        let trainingMatrix = rows * 784 * 4
        let trainBound = trainingMatrix + (80 << 20)
        print("MNIST-shaped \(rows)×785, train --precision float32 --batch-size \(rows): child peak RSS \(trainPeak >> 20) MiB, "
            + "bound \(trainBound >> 20) MiB (training matrix \(trainingMatrix >> 20) MiB)")
        #expect(trainPeak > trainingMatrix, "the peak must include the training matrix")
        #expect(trainPeak < trainBound)
    }
}

extension DataInputCommandTests {
    @Test("DESCENT_PEAK_MEMORY=1: a child reports its own peak, not the test runner's 256 MiB (a child's ru_maxrss would)")
    func childReportsItsOwnPeak() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("t.csv", Self.table)
        // The runner's own peak is now at least 256 MiB; on Linux posix_spawn's child starts in
        // this address space, and execve folds its peak into the child's ru_maxrss.
        let size = 256 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        defer { buffer.deallocate() }
        for offset in stride(from: 0, to: size, by: 4096) { buffer.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        let (result, peak) = try CLI.runMeasuringPeakMemory(["describe", "--data", "t.csv"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("peak memory"), "the report line is taken out")
        #expect(peak > 1 << 20 && peak < 128 << 20, "describing a 40-row file: \(peak >> 20) MiB")
        let quiet = try CLI.run(["describe", "--data", "t.csv"], in: scratch.url)
        #expect(!quiet.standardError.contains("peak memory"), "only with DESCENT_PEAK_MEMORY=1")
        let failed = try CLI.runMeasuringPeakMemory(["describe", "--data", "missing.csv"], in: scratch.url)
        #expect(failed.run.status == 1 && failed.run.standardError.hasPrefix("error: "), "a failing command reports too")
    }

    @Test("a wide table with string labels and empty cells (300 × 5,000 here; 2,000 × 20,000 in release) is described in a child process within a stated peak memory")
    func wideTableWithStringsAndEmptyCells() throws {
        let release = ProcessInfo.processInfo.environment["DESCENT_FULL_LABS"] == "1"
        let (rows, columns) = release ? (2_000, 20_000) : (300, 5_000)
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let url = scratch.file("wide.csv")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        var chunk = (0..<columns).map { "f\($0)" }.joined(separator: ",") + ",label\n"
        var empty = 0
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = row * columns + column
                if cell % 997 == 0 {
                    empty += 1
                    chunk += ","
                } else {
                    chunk += "\((cell * 31) % 1000),"
                }
            }
            chunk += ["cat", "dog", "bird"][row % 3] + "\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        try handle.close()

        let (result, peak) = try CLI.runMeasuringPeakMemory(["describe", "--data", "wide.csv", "--json"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect(object["rows"] as? Int == rows && object["features"] as? Int == columns)
        let classes = try #require(object["classes"] as? [String: Any])
        #expect(classes["bird"] as? Int == rows / 3 && classes["cat"] as? Int == (rows + 2) / 3)
        let missing = try #require(object["missing_cells"] as? [[String: Any]])
        #expect(missing.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == empty, "every empty cell counted")
        #expect(missing.first?["feature"] as? String == "f0" && missing.first?["first_line"] as? Int == 2)
        // Every column is constant but for its empty cells, so only the columns with one are kept.
        let withEmpty = Set(stride(from: 0, to: rows * columns, by: 997).map { $0 % columns }).count
        #expect((object["encoding"] as? [String: Any])?["inputs"] as? Int == withEmpty)
        // The float64 matrix plus at most 96 MB for everything else.
        let matrix = rows * columns * 8
        print("wide \(rows)×\(columns) with empty cells: child peak RSS \(peak >> 20) MiB, matrix \(matrix >> 20) MiB")
        #expect(peak > matrix, "the peak must include the matrix itself")
        #expect(peak < matrix + (96 << 20))
    }
}

/// An MNIST-shaped CSV for tests: a `label` column 0-9 and 784 pixel integers 0-255, generated.
enum MNISTShaped {
    static func write(to url: URL, rows: Int) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = "label," + (0..<784).map { "pixel\($0)" }.joined(separator: ",") + "\n"
        var state: UInt64 = 11
        for row in 0..<rows {
            chunk += String(row % 10)
            for _ in 0..<784 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let draw = Int(state >> 33)
                chunk += draw % 2 == 0 ? ",0" : ",\(draw % 256)"
            }
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }
}
