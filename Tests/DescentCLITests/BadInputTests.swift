import Descent
import DescentTestSupport
import Foundation
import Testing

/// One bad command line: its arguments (run in a directory holding `BadInputFiles`), the exit code
/// it must end with, and the texts its single `error:` line must contain (the file or option, and
/// for CSV the `file:line:column`).
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var status: Int32
    var mentions: [String]

    init(_ name: String, _ arguments: [String], _ status: Int32, _ mentions: String...) {
        self.name = name
        self.arguments = arguments
        self.status = status
        self.mentions = mentions
    }

    var testDescription: String { name }
}

/// The data files the bad inputs refer to, written into each case's scratch directory.
enum BadInputFiles {
    static let good = "x1,x2,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n"

    static var texts: [String: String] {
        [
            "good.csv": good,
            "bom-crlf.csv": "\u{FEFF}x1,x2,label\r\n1,2,0\r\n3,4,1\r\n5,6,0\r\n7,8,1\r\n",
            "empty.csv": "",
            "blank.csv": "\n\r\n\n",
            "header.csv": "x1,x2,label\n",
            "ragged.csv": "x1,x2,label\n1,2,0\n3,4\n",
            "extra.csv": "x1,x2,label\n1,2,0\n3,4,1,9\n",
            "text.csv": "x1,x2,label\n1,2,0\n3,abc,1\n",
            "mixed.csv": "x1,x2,label\n1,a,0\n3,b,1\n2,a,1\n4,b,0\n",
            "nan.csv": "x1,x2,label\n1,2,0\n3,NaN,1\n",
            "inf.csv": "x1,x2,label\n1,2,0\n3,4,1\n-inf,5,0\n",
            "too-wide.csv": "x1,x2,label\n1,1.7e308,0\n3,-1.7e308,1\n2,5,0\n4,6,1\n",
            "quote.csv": "x1,x2,label\n1,2,0\n3,\"4,1\n",
            "after-quote.csv": "x1,x2,label\n\"1\"x,2,0\n",
            "empty-label.csv": "x1,x2,label\n1,2,0\n3,4,\n",
            "only-label.csv": "label\n0\n1\n",
            "strings.csv": "x1,x2,label\n1,2,cat\n3,4,dog\n",
            "one-feature.csv": "x1,label\n1,0\n3,1\n",
            "one-feature-bare.csv": "1,0\n3,1\n",
            "unseen.csv": "x1,x2,label\n1,2,0\n3,4,2\n",
            "one.csv": "x1,label\n1,0\n3,1\n",
            "newline-in-field.csv": "x1,x2,label\n\"1\n2\",2,0\n3,4,1\n",
            "not-npy.npy": good,
            "single-class.csv": "x1,label\n1,a\n2,a\n3,a\n",
            "nan-target.csv": "x1,y\n1,0.5\n2,nan\n",
        ]
    }

    static var binaries: [String: [UInt8]] {
        let x = NPYFile(shape: [4, 2], dataType: .float64, values: [1, 2, 3, 4, 5, 6, 7, 8]).serialized()
        var bigEndian = NPYFile(shape: [4], dataType: .float64, values: [0, 1, 0, 1]).serialized()
        var complex = bigEndian
        replace("'<f8'", with: "'>f8'", in: &bigEndian)
        replace("'<f8'", with: "'<c8'", in: &complex)
        var badHeader = x
        replace("'shape'", with: "'shope'", in: &badHeader)
        // A deterministic stream of bytes, line breaks and control characters included.
        var state: UInt64 = 7
        let garbage = (0..<400).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        return [
            "x.npy": x,
            "y.npy": NPYFile(shape: [4], dataType: .int64, values: [0, 1, 0, 1]).serialized(),
            "y3.npy": NPYFile(shape: [3], dataType: .int64, values: [0, 1, 0]).serialized(),
            "y-nan.npy": NPYFile(shape: [4], dataType: .float64, values: [0, .nan, 0, 1]).serialized(),
            "x-inf.npy": NPYFile(shape: [4, 2], dataType: .float64, values: [1, 2, .infinity, 4, 5, 6, 7, 8]).serialized(),
            "big-endian.npy": bigEndian,
            "complex.npy": complex,
            "bad-header.npy": badHeader,
            "truncated.npy": Array(x.dropLast(12)),
            "cube.npy": cube(),
            "garbage.csv": garbage,
            "truncated.csv.gz": Array(Gzip.stored(Array(good.utf8)).dropLast(6)),
        ]
    }

    /// A valid 3-D `.npy` (the writer only writes up to 2-D, so the header is edited).
    static func cube() -> [UInt8] {
        var bytes = NPYFile(shape: [2, 2], dataType: .float64, values: [1, 2, 3, 4]).serialized()
        replace("(2, 2), } ", with: "(2,1,2), }", in: &bytes)
        return bytes
    }

    /// Replaces `old` by `new` (same length, so the header stays aligned) in `bytes`.
    static func replace(_ old: String, with new: String, in bytes: inout [UInt8]) {
        let target = Array(old.utf8), replacement = Array(new.utf8)
        precondition(target.count == replacement.count, "Keep the header length.")
        guard let start = (0...(bytes.count - target.count)).first(where: { Array(bytes[$0 ..< $0 + target.count]) == target }) else {
            preconditionFailure("\(old) is not in the header")
        }
        bytes.replaceSubrange(start ..< start + target.count, with: replacement)
    }

    /// A scratch directory holding every file, plus a `folder.csv` directory.
    static func make() throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory()
        for (name, text) in texts { _ = try scratch.file(name, text) }
        for (name, bytes) in binaries { try Data(bytes).write(to: scratch.url.appendingPathComponent(name)) }
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("folder.csv"), withIntermediateDirectories: false)
        return scratch
    }
}

/// The bad-input table: data files, model sizes, output paths and option combinations a user can
/// get wrong. Each must end with exit code 1 (runtime) or 64 (usage), print exactly one line on
/// stderr starting with `error: ` that names the file or option, and never crash.
@Suite struct BadInputTests {
    static let cases: [BadInput] = [
        // CSV files.
        BadInput("empty file", ["train", "--data", "empty.csv"], 1, "empty.csv", "the file is empty"),
        BadInput("only blank lines", ["train", "--data", "blank.csv"], 1, "blank.csv", "empty"),
        BadInput("header only", ["train", "--data", "header.csv"], 1, "header.csv", "no examples"),
        BadInput("ragged row, too few fields", ["train", "--data", "ragged.csv"], 1, "ragged.csv:3:3", "expected 3 fields, found 2"),
        BadInput("ragged row, too many fields", ["train", "--data", "extra.csv"], 1, "extra.csv:3:4", "found 4"),
        BadInput("text in a column declared --numeric", ["train", "--data", "text.csv", "--numeric", "x2"], 1, "text.csv:3:2", "--numeric x2",
                 "declared numeric", "abc"),
        BadInput("a missing cell with --missing error", ["train", "--data", "nan.csv", "--missing", "error"], 1, "nan.csv:3:2", "--missing error",
                 "missing value", "NaN"),
        BadInput("infinite feature", ["train", "--data", "inf.csv"], 1, "inf.csv:4:1", "finite"),
        BadInput("a feature spanning ±1.7e308 (too wide to centre)", ["train", "--data", "too-wide.csv"], 1, "too-wide.csv", "feature 'x2'",
                 "too wide to normalize"),
        BadInput("unterminated quote", ["train", "--data", "quote.csv"], 1, "quote.csv:3:2", "quoted field"),
        BadInput("text after a closing quote", ["train", "--data", "after-quote.csv"], 1, "after-quote.csv:2:1", "closing quote"),
        BadInput("empty class label", ["train", "--data", "empty-label.csv"], 1, "empty-label.csv:3:3", "label is missing", "--drop-missing-labels"),
        BadInput("a line break inside a numeric field stays on one line", ["train", "--data", "newline-in-field.csv", "--numeric", "x1"], 1,
                 "newline-in-field.csv:2:1", "\"1\\n2\""),
        BadInput("missing --label column", ["train", "--data", "good.csv", "--label", "nope"], 1, "good.csv:1", "no label column", "nope"),
        BadInput("only a label column", ["train", "--data", "only-label.csv"], 1, "only-label.csv:1", "no feature columns"),
        BadInput("wrong --delimiter", ["train", "--data", "good.csv", "--delimiter", ";"], 1, "good.csv:1", "no feature columns"),
        BadInput("string labels for regression", ["train", "--data", "strings.csv", "--task", "regression"], 1,
                 "strings.csv:2:3", "expected a number", "cat"),
        BadInput("nonexistent file", ["train", "--data", "missing.csv"], 1, "missing.csv", "no such file"),
        BadInput("one class in the training labels", ["train", "--data", "single-class.csv"], 1, "single-class.csv",
                 "every training label is 'a'", "at least two classes"),
        BadInput("a NaN regression target", ["train", "--data", "nan-target.csv", "--task", "regression"], 1, "nan-target.csv:3:2", "label is missing"),
        BadInput("standard input for both --data and --test", ["train", "--data", "-", "--test", "-"], 64, "--data -", "--test -"),
        BadInput("a truncated .csv.gz", ["train", "--data", "truncated.csv.gz"], 1, "truncated.csv.gz", "cannot decompress"),
        BadInput("describe a missing file", ["describe", "--data", "missing.csv"], 1, "missing.csv", "no such file"),
        BadInput("describe a ragged row", ["describe", "--data", "ragged.csv"], 1, "ragged.csv:3:3", "expected 3 fields"),
        BadInput("a directory as the data file", ["train", "--data", "folder.csv"], 1, "folder.csv", "a directory, not a file"),
        BadInput("binary garbage", ["train", "--data", "garbage.csv"], 1, "garbage.csv: not a text file", "a CSV or TSV text file",
                 "or a .npy file"),
        BadInput("describe binary garbage", ["describe", "--data", "garbage.csv"], 1, "garbage.csv: not a text file"),
        BadInput("file name with a line break", ["train", "--data", "bad\nname.csv"], 1, "bad\\nname.csv", "no such file"),
        // .npy files.
        BadInput(".npy that is not .npy", ["train", "--data", "not-npy.npy", "--labels", "y.npy"], 1, "not-npy.npy", "not a NumPy .npy file"),
        BadInput(".npy with a malformed header", ["train", "--data", "bad-header.npy", "--labels", "y.npy"], 1,
                 "bad-header.npy", "malformed .npy header", "shape"),
        BadInput(".npy with an unsupported dtype", ["train", "--data", "x.npy", "--labels", "complex.npy"], 1, "complex.npy", "unsupported dtype"),
        BadInput(".npy big-endian", ["train", "--data", "x.npy", "--labels", "big-endian.npy"], 1, "big-endian.npy", "big-endian"),
        BadInput(".npy truncated", ["train", "--data", "truncated.npy", "--labels", "y.npy"], 1, "truncated.npy", "truncated"),
        BadInput(".npy with three dimensions", ["train", "--data", "cube.npy", "--labels", "y.npy"], 1, "cube.npy", "unsupported shape"),
        BadInput(".npy without --labels", ["train", "--data", "x.npy"], 64, "x.npy", "--labels"),
        BadInput(".npy labels count mismatch", ["train", "--data", "x.npy", "--labels", "y3.npy"], 1, "y3.npy", "3 labels for 4 examples", "x.npy"),
        BadInput(".npy NaN label", ["train", "--data", "x.npy", "--labels", "y-nan.npy"], 1, "y-nan.npy", "label 1", "finite"),
        BadInput(".npy infinite feature", ["train", "--data", "x-inf.npy", "--labels", "y.npy"], 1, "x-inf.npy", "finite"),
        BadInput(".npy labels file missing", ["train", "--data", "x.npy", "--labels", "nolabels.npy"], 1, "nolabels.npy", "no such file"),
        BadInput(".npy test file without --test-labels", ["train", "--data", "good.csv", "--test", "x.npy"], 64, "x.npy", "--test-labels"),
        // Test files against the training data.
        BadInput("test file without a header with a different feature count", ["train", "--data", "good.csv", "--test", "one-feature-bare.csv"], 1,
                 "one-feature-bare.csv", "1 feature", "good.csv"),
        BadInput("test file without one of the training columns", ["train", "--data", "good.csv", "--test", "one-feature.csv"], 1,
                 "one-feature.csv", "has no column 'x2', which the training features need", "good.csv"),
        BadInput("test file with text in a numeric column", ["train", "--data", "good.csv", "--test", "text.csv"], 1,
                 "text.csv:3:2", "text \"abc\" in column 'x2'"),
        BadInput("test file of a table without one of the training columns", ["train", "--data", "mixed.csv", "--test", "one-feature.csv"], 1,
                 "one-feature.csv", "no column 'x2'"),
        BadInput("test file with an unseen class", ["train", "--data", "good.csv", "--test", "unseen.csv"], 1, "unseen.csv", "class '2'"),
        BadInput("test file missing", ["train", "--data", "good.csv", "--test", "absent.csv"], 1, "absent.csv", "no such file"),
        BadInput("test file with a bad row", ["train", "--data", "good.csv", "--test", "ragged.csv"], 1, "ragged.csv:3:3"),
        // Option combinations.
        BadInput("--test with --test-fraction", ["train", "--data", "good.csv", "--test", "good.csv", "--test-fraction", "0.2"], 64,
                 "--test", "--test-fraction"),
        BadInput("--early-stopping with a test set but no dev set", ["train", "--data", "good.csv", "--test-fraction", "0.3", "--early-stopping", "2"],
                 64, "--early-stopping", "--dev-fraction"),
        BadInput("fractions leaving no training data", ["train", "--test-fraction", "0.6", "--dev-fraction", "0.5"], 64,
                 "--test-fraction", "--dev-fraction"),
        BadInput("--test-fraction leaving no test examples", ["train", "--data", "one.csv", "--test-fraction", "0.5"], 1,
                 "--test-fraction 0.5", "no test examples"),
        BadInput("--dev-fraction leaving no dev examples", ["train", "--data", "one.csv", "--dev-fraction", "0.4", "--early-stopping", "1"], 1,
                 "--dev-fraction 0.4", "no dev examples"),
        BadInput("--test-labels without --test", ["train", "--data", "good.csv", "--test-labels", "y.npy"], 64, "--test-labels"),
        BadInput("--labels with a CSV", ["train", "--data", "good.csv", "--labels", "y.npy"], 64, "--labels", "--label"),
        BadInput("--label with a .npy", ["train", "--data", "x.npy", "--labels", "y.npy", "--label", "y"], 64, "--label", ".npy"),
        BadInput("--label with a course dataset", ["train", "--data", "moons", "--label", "y"], 64, "--label", "moons"),
        BadInput("regression on a course dataset", ["train", "--data", "circles", "--task", "regression"], 64, "--task regression"),
        BadInput("--delimiter of two characters", ["train", "--data", "good.csv", "--delimiter", "ab"], 64, "--delimiter"),
        BadInput("--seed out of range", ["train", "--seed", "4294967296"], 64, "--seed"),
        BadInput("negative --print-every", ["train", "--print-every=-1"], 64, "--print-every"),
        BadInput("--normalize unknown", ["train", "--normalize", "zscore"], 64, "--normalize"),
        BadInput("--beta with plain gradient descent", ["train", "--beta", "0.5"], 64, "--beta", "gd"),
        BadInput("--beta1 out of range: the library's field, the command line's flag", ["train", "--optimizer", "adam", "--beta1", "1.5"], 64,
                 "--beta1 1.5 is invalid"),
        BadInput("--plateau-threshold of 2 in relative mode", ["train", "--lr-schedule", "plateau", "--plateau-threshold", "2",
                                                             "--plateau-threshold-mode", "relative"], 64, "--plateau-threshold 2.0", "relative"),
        BadInput("--plateau-cooldown with a constant schedule", ["train", "--plateau-cooldown", "3"], 64, "--plateau-cooldown", "constant"),
        BadInput("--label-smoothing of 1", ["train", "--label-smoothing", "1"], 64, "--label-smoothing", "[0, 1)"),
        BadInput("--label-smoothing for regression", ["train", "--data", "good.csv", "--task", "regression", "--label-smoothing", "0.1"], 64,
                 "--label-smoothing", "regression"),
        BadInput("--power with a cosine schedule", ["train", "--lr-schedule", "cosine", "--power", "2"], 64, "--power", "cosine"),
        BadInput("--restart-multiplier of 0", ["train", "--lr-schedule", "cosine-restarts", "--restart-multiplier", "0"], 64,
                 "--restart-multiplier 0 is invalid"),
        BadInput("lab --json with --quiet", ["lab", "--json", "--quiet"], 64, "--json", "--quiet"),
        BadInput("gradcheck with dropout and a zero threshold", ["gradcheck", "--keep-prob", "0.5", "--l2", "0.1", "--threshold", "0"], 64,
                 "--threshold"),
        BadInput("gradcheck with --keep-prob 0 and --l2", ["gradcheck", "--keep-prob", "0", "--l2", "0.1"], 64, "--keep-prob"),
        BadInput("gradcheck with an epsilon of 1", ["gradcheck", "--epsilon", "1"], 64, "--epsilon"),
        // Sizes that cannot fit in memory: refused before allocating.
        BadInput("absurd hidden layers", ["train", "--data", "good.csv", "--hidden", "1000000000,1000000000"], 1,
                 "--hidden 1000000000,1000000000", "the network needs", "available"),
        BadInput("absurd hidden layers in float32", ["train", "--hidden", "300000,300000", "--precision", "float32"], 1,
                 "--hidden 300000,300000", "GiB available"),
        BadInput("absurd hidden layers in gradcheck", ["gradcheck", "--hidden", "1000000000,1000000000"], 1, "--hidden", "available"),
        // Output paths, checked before any work.
        BadInput("--history in a missing directory", ["train", "--data", "good.csv", "--history", "no/such/dir/h.csv"], 1,
                 "--history no/such/dir/h.csv", "does not exist"),
        BadInput("--history is a directory", ["train", "--data", "good.csv", "--history", "folder.csv"], 1, "--history folder.csv", "is a directory"),
        BadInput("--history under a file", ["train", "--data", "good.csv", "--history", "good.csv/h.csv"], 1, "--history", "not a directory"),
        BadInput("--save in a missing directory: refused before training", ["train", "--data", "good.csv", "--save", "no/such/dir/m.safetensors"], 1,
                 "--save no/such/dir/m.safetensors", "does not exist"),
        BadInput("--save is a directory", ["train", "--data", "good.csv", "--save", "folder.csv"], 1, "--save folder.csv", "is a directory"),
        BadInput("--checkpoint in a missing directory", ["train", "--data", "good.csv", "--checkpoint", "no/such/dir/c.ckpt"], 1,
                 "--checkpoint no/such/dir/c.ckpt", "does not exist"),
        BadInput("tune --study in a missing directory", ["tune", "--search", "learning-rate=log:1e-3..1e-1", "--study", "no/such/dir/s.study"], 1,
                 "--study no/such/dir/s.study", "does not exist"),
        BadInput("a CSV as predict's --model", ["predict", "--model", "good.csv", "--data", "good.csv"], 1,
                 "good.csv: not a Descent model (.safetensors) file"),
        BadInput("a CSV as evaluate's --model", ["evaluate", "--model", "good.csv", "--data", "good.csv"], 1,
                 "good.csv: not a Descent model (.safetensors) file"),
        BadInput("tune --search with a misspelt prefix", ["tune", "--search", "learning-rate=lgo:1e-4..1e-1"], 64,
                 "--search learning-rate=lgo:1e-4..1e-1", "unknown prefix \"lgo:\"", "log:, 1-log:, int:"),
        BadInput("predict --output in a missing directory", ["predict", "--model", "no-model.safetensors", "--data", "good.csv",
                                                              "--output", "no/such/dir/p.csv"], 1, "--output no/such/dir/p.csv", "does not exist"),
        BadInput("--history - (standard output) is not written as a file called -", ["train", "--data", "moons", "--epochs", "1", "--history", "-"], 1,
                 "--history -: writes a file, not standard output; give a file name"),
        BadInput("--save - likewise", ["train", "--data", "moons", "--epochs", "1", "--save", "-"], 1, "--save -: writes a file"),
        BadInput("--report is a file", ["lab", "--report", "good.csv"], 1, "--report good.csv", "not a directory"),
        BadInput("--report under a file", ["lab", "--report", "good.csv/report"], 1, "--report good.csv/report", "not a directory"),
    ]

    @Test(arguments: cases)
    func badInputFailsWithOneErrorLine(_ input: BadInput) throws {
        let scratch = try BadInputFiles.make()
        defer { scratch.remove() }
        let result = try CLI.run(input.arguments + ["--epochs", "2"].filter { _ in input.arguments.first == "train" }, in: scratch.url)
        #expect(!result.crashed, "\(input.name): crashed: \(result.standardError)")
        #expect(result.status == input.status, "\(input.name): exit \(result.status): \(result.standardError)")
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 && result.standardError.hasSuffix("\n"), "\(input.name): \(result.standardError)")
        #expect(result.standardError.hasPrefix("error: "), "\(input.name): \(result.standardError)")
        for text in input.mentions {
            #expect(result.standardError.contains(text), "\(input.name): \(text) not in \(result.standardError)")
        }
        #expect(!result.standardError.contains("Fatal error") && !result.standardError.contains("Backtrac"))
        #expect(result.standardOutput.isEmpty, "\(input.name): refused before any work, yet printed \(result.standardOutput.prefix(200))")
    }

    @Test func caseNamesAreUnique() {
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "case names must be unique")
    }

    @Test("a UTF-8 byte-order mark and CRLF line ends are fine")
    func byteOrderMarkAndCRLFLoad() throws {
        let scratch = try BadInputFiles.make()
        defer { scratch.remove() }
        let result = try CLI.run(["train", "--data", "bom-crlf.csv", "--epochs", "2", "--json"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect(object["classes"] as? [String] == ["0", "1"])
    }

    @Test("absurd sizes are refused in well under a second, before anything is allocated")
    func memoryCheckIsImmediate() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try CLI.run(["train", "--hidden", "1000000000,1000000000,1000000000"])
        #expect(result.status == 1 && !result.crashed)
        #expect(result.standardError.contains("at least 8.0 EiB"), "\(result.standardError)")
        #expect(clock.now - start < .seconds(10))
    }
}
