import DescentTestSupport
import Foundation
import Testing

/// `descent train --report DIR`: a self-contained HTML report for any run, checked as a file and,
/// where a Chromium is installed, rendered by it.
@Suite struct TrainReportTests {
    /// A headless Chromium, if one is installed (and not switched off with `DESCENT_BROWSER=off`).
    static let browser = ProcessInfo.processInfo.environment["DESCENT_BROWSER"]?.lowercased() == "off" ? nil
        : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func writeReport(in scratch: TemporaryDirectory) throws -> String {
        let result = try CLI.run(["train", "--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--learning-rate", "0.01",
                                  "--batch-size", "64", "--epochs", "200", "--dev-fraction", "0.2", "--diagnostics", "20",
                                  "--print-every", "0", "--report", "report"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("wrote the report to"))
        return try String(contentsOf: scratch.file("report/index.html"), encoding: .utf8)
    }

    @Test("the report has the results, the curves, the per-layer charts, the boundary and the confusion matrix, all inline")
    func reportHasEverySection() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let html = try Self.writeReport(in: scratch)
        for heading in ["Results", "Run", "Data", "Training", "Inside the network", "Decision boundary", "Confusion matrix (dev)"] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        for chart in ["Cost", "Accuracy", "train accuracy", "dev accuracy", "Gradient norm per layer", "Update ratio per layer", "Dead ReLU units"] {
            #expect(html.contains(chart), "missing chart \(chart)")
        }
        #expect(html.contains("Learning rate: 0.01 throughout"), "a constant rate is stated, not charted")
        #expect(html.contains("<h1>Training on moons</h1>") && html.contains("descent train --data moons --hidden 5,2"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 6)
        #expect(html.contains("dev accuracy") && html.contains("Bias and variance"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<script src"), "self-contained")
    }

    @Test("a headless Chromium renders the report (skipped without one)", .enabled(if: TrainReportTests.browser != nil,
          "no Chromium installed (apt-get install chromium), or DESCENT_BROWSER=off"))
    func chromiumRendersTheReport() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        _ = try Self.writeReport(in: scratch)
        let screenshot = scratch.file("report.png")
        // Under `timeout`, so a browser that hangs fails the test instead of stalling the suite.
        let arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,2600",
                         "--screenshot=\(screenshot.path)", scratch.file("report/index.html").absoluteString]
        let run = FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout")
            ? try ProcessRun(URL(fileURLWithPath: "/usr/bin/timeout"), ["120", Self.browser!] + arguments)
            : try ProcessRun(URL(fileURLWithPath: Self.browser!), arguments)
        #expect(run.status == 0, "\(run.standardError)")
        let bytes = try Data(contentsOf: screenshot)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(bytes.count > 50_000, "a page with charts, not a blank one (\(bytes.count) bytes)")
    }
}
