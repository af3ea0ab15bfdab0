import DescentCLI
import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 28, the train report as a record of the run: its title, settings and command, data,
/// rounded results, fitted axes, regression charts and a bounded size.
@Suite struct RunReportTests {
    /// Trains `arguments` as `descent train` does and returns the report's HTML.
    static func report(_ arguments: [String], warnings: [DiagnosticWarning] = []) throws -> (html: String, settings: TrainingSettings) {
        let settings = try TrainingSettings(arguments: arguments)
        let (result, data) = try settings.runConfiguration().train()
        return (result.report(data: data, settings: settings, warnings: warnings).html(), settings)
    }

    /// A table of `rows` examples: three numeric features (one with missing cells), a text column and a label.
    static func table(rows: Int, regression: Bool, in directory: TemporaryDirectory) throws -> String {
        var random = FastRandom(seed: 28)
        var lines = ["a,b,c,colour,y"]
        for row in 0..<rows {
            let x = (0..<3).map { _ in random.nextStandardNormal() }
            let colour = ["red", "green", "blue"][row % 3]
            let y = regression ? String(format: "%.3f", 4_000 + 1_500 * (x[0] - 0.5 * x[1])) : (x[0] + x[2] > 0 ? "yes" : "no")
            let c = row % 7 == 0 ? "" : String(format: "%.4f", x[2])
            lines.append(String(format: "%.4f,%.4f,", x[0], x[1]) + "\(c),\(colour),\(y)")
        }
        return try directory.file(regression ? "prices.csv" : "survey.csv", lines.joined(separator: "\n") + "\n").path
    }

    @Test("a table's report: the file's name as title, the command and every setting, the data and its encoding, numbers rounded, under 300 KB")
    func tableReportIsARecord() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.table(rows: 1_000, regression: false, in: directory)
        let (html, settings) = try Self.report(["--data", path, "--dev-fraction", "0.2", "--epochs", "30"])
        #expect(html.contains("<h1>Training on survey.csv</h1>"))
        #expect(!html.contains("<h1>Training on \(directory.url.path)"), "the title is the name, not the path")
        #expect(html.contains(Markup.escape(settings.command)), "the command that reproduces the run")
        // Given settings and the file defaults the run used.
        #expect(html.contains("<td>dev-fraction</td><td>0.2</td>"), "the settings given")
        for value in ["optimizer adam", "hidden 100", "learning-rate 0.001", "init glorot-uniform"] {
            #expect(html.contains(" \(value) ·") || html.contains(": \(value) ·"), "missing the default \(value)")
        }
        #expect(!html.contains("amsgrad false"), "flags left off are not listed")
        #expect(html.contains("<td>colour</td><td>one-hot, 3 categories"))
        #expect(html.contains("filled with"), "the missing cells of column c and their fill value")
        #expect(html.contains("training examples") && html.contains("dev examples"))
        #expect(html.contains("<p>Note: ") && !html.contains("<p>Note: \(directory.url.path)"), "the notes name the file by its name, not its path")
        #expect(html.contains("Learning rate: 0.001 throughout"), "a constant rate is stated, not drawn")
        #expect(!html.contains("<text class=\"chart-title\" x=\"320\" y=\"22\">Learning rate"))
        let longDecimals = try Regex("[0-9]\\.[0-9]{8,}")
        let text = html.replacing(try Regex("<svg.*?</svg>").dotMatchesNewlines(), with: "")
        #expect(text.firstMatch(of: longDecimals) == nil, "numbers rounded for people")
        #expect(html.utf8.count < 300_000, "\(html.utf8.count) bytes")
    }

    @Test("a regression's report draws predicted against actual and the residuals")
    func regressionReportHasItsCharts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.table(rows: 400, regression: true, in: directory)
        let (html, _) = try Self.report(["--data", path, "--test-fraction", "0.25", "--epochs", "20"])
        #expect(html.contains("Predicted against actual (test)") && html.contains("Residuals (test)"))
        #expect(html.contains("test RMSE") && html.contains("test R²"))
        #expect(html.contains("class=\"bar\""))
        #expect(html.contains("<p>Note: prices.csv: the label"), "the inference note names the file, not its temporary path")
        #expect(!html.contains("Confusion matrix"))
    }

    @Test("a schedule's rate is drawn; a raw-input boundary is not called normalized; warnings carry their command")
    func scheduleBoundaryAndWarnings() throws {
        let warning = DiagnosticWarning(kind: .explodingGradients, layer: 1, epoch: 3, step: 3, message: "test warning",
                                        change: ["init": "he"])
        let (html, settings) = try Self.report(["--data", "moons", "--hidden", "5,2", "--epochs", "300", "--lr-schedule", "inverse-time",
                                                "--decay-rate", "0.01"], warnings: [warning])
        #expect(html.contains(">Learning rate</text>"))
        #expect(html.contains(">Decision boundary</text>"), "moons train raw: no 'normalized' in the title")
        #expect(html.contains(Markup.escape(warning.command(for: settings)!)))
        let normalized = try Self.report(["--data", "moons", "--hidden", "5,2", "--epochs", "50", "--normalize", "standard"]).html
        #expect(normalized.contains("Decision boundary (standard-normalized inputs)"))
    }

    @Test("normalized layers are marked: the settings, a results row with the normalization, BN / LN in the per-layer legends")
    func normalizedLayersAreMarked() throws {
        let common = ["--data", "moons", "--hidden", "6,6,6", "--optimizer", "adam", "--batch-size", "64", "--epochs", "30", "--diagnostics", "10"]
        let batch = try Self.report(common + ["--batch-norm", "--normalized-layers", "1,3"]).html
        #expect(batch.contains("<td>batch-norm</td><td>true</td>") && batch.contains("<td>normalized-layers</td><td>1,3</td>"), "the settings given")
        #expect(batch.contains("<td>normalized layers</td><td>1, 3: batch normalization (BN; momentum 0.1, ε 1e-5)</td>"))
        #expect(batch.contains("<p>Normalized layers: 1, 3: batch normalization"), "the per-layer section says which")
        #expect(batch.contains("<td>input normalization</td><td>none</td>"), "the inputs' scaling is named apart from the layers'")
        // Four charts (gradient norm, update ratio, dead units; the output layer is the fourth series of each).
        for (layer, tag) in [(1, " (BN)"), (2, ""), (3, " (BN)"), (4, "")] {
            #expect(batch.components(separatedBy: "data-series=\"layer \(layer)\(tag)\"").count - 1 == 3, "layer \(layer) labelled 'layer \(layer)\(tag)'")
        }
        #expect(!batch.contains("layer 2 (BN)") && !batch.contains("layer 4 (BN)"), "only the normalized layers are tagged")

        let layer = try Self.report(common + ["--layer-norm", "--norm-epsilon", "0.001"]).html
        #expect(layer.contains("<td>normalized layers</td><td>1, 2, 3: layer normalization (LN; ε 0.001)</td>"))
        #expect(layer.contains("data-series=\"layer 2 (LN)\"") && !layer.contains("layer 4 (LN)") && !layer.contains("(BN)"))

        let plain = try Self.report(common).html
        #expect(!plain.contains("normalized layers") && !plain.contains("Normalized layers") && !plain.contains("(BN)") && !plain.contains("(LN)"),
                "a run without normalization says nothing of it")
        #expect(plain.contains("data-series=\"layer 1\""))
    }

    @Test("a long run's report stays small: curves thinned, points sampled")
    func longRunStaysSmall() throws {
        let (html, _) = try Self.report(["--data", "moons", "--hidden", "5,2", "--epochs", "6000", "--diagnostics", "10"])
        #expect(html.utf8.count < 300_000, "\(html.utf8.count) bytes")
    }
}
