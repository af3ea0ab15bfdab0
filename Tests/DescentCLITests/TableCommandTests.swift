import Descent
import DescentTestSupport
import Foundation
import Testing

/// A raw table from `train` to `predict`: string columns, missing cells, an identifier and a
/// constant column, through files, standard input and gzip, and back in another column order.
@Suite struct TableCommandTests {
    /// Passengers: `id` (unique), `name` (quoted, unique), `sex`, `age` (NA or empty in some rows),
    /// `class` (1st/2nd/3rd), `fare`, `port` (some `?`), `deck` (always `x`), `survived` (yes/no).
    static func passengers(count: Int, offset: Int = 0) -> [[String]] {
        (0..<count).map { index in
            let i = index + offset
            let k = i &* 2654435761
            let sex = k % 2 == 0 ? "male" : "female"
            let travelClass = ["1st", "2nd", "3rd"][(k / 7) % 3]
            let age = i % 7 == 3 ? "NA" : i % 11 == 5 ? "" : "\(18 + (k / 3) % 50)"
            let survived = (sex == "female") != (travelClass == "3rd" && i % 3 == 0) ? "yes" : "no"
            return ["\(i + 1)", "\"Person \(i), Esq.\"", sex, age, travelClass, "\(10 + (k / 11) % 90).25",
                    i % 9 == 4 ? "?" : ["S", "C", "Q"][(k / 5) % 3], "x", survived]
        }
    }

    static let header = ["id", "name", "sex", "age", "class", "fare", "port", "deck", "survived"]

    static func csv(_ rows: [[String]], columns: [Int] = Array(0..<9)) -> String {
        ([header] + rows).map { row in columns.map { row[$0] }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    @Test("train on the raw table, save, predict and evaluate raw rows in any column order; unseen categories warn, a missing column errs")
    func rawTableToPredict() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.file("train.csv", Self.csv(Self.passengers(count: 400)))
        let train = try CLI.run(["train", "--data", "train.csv", "--dev-fraction", "0.2", "--hidden", "8", "--optimizer", "adam",
                                 "--learning-rate", "0.02", "--batch-size", "32", "--epochs", "40", "--seed", "1",
                                 "--save", "model.safetensors", "--json"], in: scratch.url)
        #expect(train.status == 0, "\(train.standardError)")
        // What was done, said at the start.
        #expect(train.standardError.contains("note: 5 feature columns → 11 inputs: 2 numeric, 3 categorical one-hot: sex (2), class (3), port (3 + missing)"))
        #expect(train.standardError.contains("note: left out, identifier-like or a row index (a distinct value per row; --numeric NAME keeps a number column): id, name"))
        #expect(train.standardError.contains("note: left out, constant: deck"))
        let report = try CLI.json(train.standardOutput)
        #expect(try #require(report["dev_accuracy"] as? Double) >= 0.8, "the label follows sex and class")

        // The model file keeps the encoding, readable.
        let model = try ModelFile<Double>(contentsOf: scratch.url.appendingPathComponent("model.safetensors"))
        let encoder = try #require(model.encoder)
        #expect(encoder.inputColumns == ["sex", "age", "class", "fare", "port"])
        #expect(model.labelName == "survived")
        let metadata = try SafeTensorsFile(contentsOf: scratch.url.appendingPathComponent("model.safetensors")).metadata
        #expect(metadata["columns"]?.contains("\"categories\":[\"C\",\"Q\",\"S\"]") == true)

        // New raw rows: the same predictions with the columns in another order, the label gone.
        let fresh = Self.passengers(count: 30, offset: 1000)
        try scratch.file("new.csv", Self.csv(fresh, columns: [0, 1, 2, 3, 4, 5, 6, 7]))
        try scratch.file("shuffled.csv", Self.csv(fresh, columns: [6, 5, 4, 3, 2, 7]))
        let plain = try CLI.run(["predict", "--model", "model.safetensors", "--data", "new.csv"], in: scratch.url)
        let shuffled = try CLI.run(["predict", "--model", "model.safetensors", "--data", "shuffled.csv"], in: scratch.url)
        #expect(plain.status == 0 && shuffled.status == 0, "\(plain.standardError) \(shuffled.standardError)")
        #expect(plain.standardOutput == shuffled.standardOutput && plain.standardOutput.hasPrefix("prediction,probability_no,probability_yes\n"))
        #expect(plain.standardOutput.split(separator: "\n").count == 31)

        // Evaluate on labelled raw rows; a category the training data never had encodes as zeros with a warning.
        var odd = fresh.map { $0 + [] }
        odd[4][2] = "unknown"
        odd[9][2] = "unknown"
        try scratch.file("labelled.csv", Self.csv(odd))
        let evaluate = try CLI.run(["evaluate", "--model", "model.safetensors", "--data", "labelled.csv", "--json"], in: scratch.url)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        #expect(evaluate.standardError == "warning: labelled.csv: column 'sex': 2 rows have categories the training data lacked "
            + "(first 'unknown' in row 5), encoded as all zeros\n")
        #expect(try #require(try CLI.json(evaluate.standardOutput)["accuracy"] as? Double) >= 0.7)

        // A file without a column the model reads is refused by name.
        try scratch.file("no-age.csv", Self.csv(fresh, columns: [2, 4, 5, 6]))
        let missing = try CLI.run(["predict", "--model", "model.safetensors", "--data", "no-age.csv"], in: scratch.url)
        #expect(missing.status == 1 && !missing.crashed)
        #expect(missing.standardError == "error: no-age.csv: has no column named \"age\" (the model reads sex, age, class, fare, port)\n")
    }

    @Test("a raw table trains the same from a file, standard input and gzip; missing labels stop with their line or are dropped")
    func rawTableThroughEveryInput() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let text = Self.csv(Self.passengers(count: 120))
        try scratch.file("t.csv", text)
        try scratch.write(Gzip.stored(Array(text.utf8)), to: "t.csv.gz")
        let arguments = ["--hidden", "4", "--epochs", "10", "--json", "--seed", "2"]
        let file = try CLI.run(["train", "--data", "t.csv"] + arguments, in: scratch.url)
        let pipe = try ProcessRun(CLI.executable, ["train", "--data", "-"] + arguments, in: scratch.url, input: Array(text.utf8))
        let gzip = try CLI.run(["train", "--data", "t.csv.gz"] + arguments, in: scratch.url)
        #expect(file.status == 0 && pipe.status == 0 && gzip.status == 0, "\(file.standardError) \(pipe.standardError) \(gzip.standardError)")
        let costs = try [file, pipe, gzip].map { try CLI.json($0.standardOutput)["final_cost"] as? Double }
        #expect(costs[0] != nil && costs.allSatisfy { $0 == costs[0] })

        var rows = Self.passengers(count: 120)
        rows[6][8] = "NA"
        rows[50][8] = ""
        try scratch.file("unlabelled.csv", Self.csv(rows))
        let stopped = try CLI.run(["train", "--data", "unlabelled.csv"] + arguments, in: scratch.url)
        #expect(stopped.status == 1)
        #expect(stopped.standardError == "error: unlabelled.csv:8:9: the label is missing (\"NA\" in column 'survived'; 2 rows in all) "
            + "(see --drop-missing-labels)\n")
        let dropped = try CLI.run(["train", "--data", "unlabelled.csv", "--drop-missing-labels"] + arguments, in: scratch.url)
        #expect(dropped.status == 0, "\(dropped.standardError)")
        #expect(dropped.standardError.contains("note: unlabelled.csv: dropped 2 examples whose label is missing (first on line 8)"))

        // --missing error restores the strict reading; --features and --categorical choose and override.
        let strict = try CLI.run(["train", "--data", "t.csv", "--missing", "error"] + arguments, in: scratch.url)
        #expect(strict.status == 1 && strict.standardError.contains("--missing error: t.csv:5:4: missing value \"NA\" in column 'age'"))
        let chosen = try CLI.run(["train", "--data", "t.csv", "--features", "sex,class", "--categorical", "class"] + arguments, in: scratch.url)
        #expect(chosen.status == 0, "\(chosen.standardError)")
        #expect(chosen.standardError.contains("note: 2 feature columns → 5 inputs: 0 numeric, 2 categorical one-hot: sex (2), class (3)"))
        let many = try CLI.run(["train", "--data", "t.csv", "--categorical", "fare"] + arguments, in: scratch.url)
        #expect(many.status == 1 && many.standardError.contains("--max-categories 50:") && many.standardError.contains("ignore: fare"))
    }
}
