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

    @Test("a long run's report stays small: curves thinned, points sampled")
    func longRunStaysSmall() throws {
        let (html, _) = try Self.report(["--data", "moons", "--hidden", "5,2", "--epochs", "6000", "--diagnostics", "10"])
        #expect(html.utf8.count < 300_000, "\(html.utf8.count) bytes")
    }
}
