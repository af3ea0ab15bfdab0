import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite struct HTMLReportTests {
    static func sampleReport(hostile: String = "<script>alert('x')</script> & \"q\"") -> HTMLReport {
        let chart = CostCurveChart(title: hostile, series: [.init(name: hostile, costs: [.infinity, 0.7, 0.4, 0.3], every: 100)])
        return HTMLReport(title: "Report " + hostile, subtitle: hostile, sections: [
            .init(heading: "Heading " + hostile, paragraphs: ["Paragraph " + hostile],
                  tables: [ReportTable(headers: ["name", hostile], rows: [[hostile, "0.5"]])],
                  figures: [.init(svg: chart.svg(), caption: "Caption " + hostile)]),
            .init(heading: "Log", blocks: [.preformatted(hostile)]),
        ])
    }

    @Test func escapesAllText() {
        let html = Self.sampleReport().html()
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(Markup.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
    }

    @Test func isSelfContained() {
        let html = Self.sampleReport().html()
        Self.expectSelfContained(html)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 1)
    }

    /// No network access needed: no external URL (beyond the SVG namespace), script, stylesheet link,
    /// font or image source.
    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"), sourceLocation: sourceLocation)
        for external in ["<script", "<link", "src=", "@import", "url(", "@font-face"] {
            #expect(!withoutNamespace.contains(external), "\(external)", sourceLocation: sourceLocation)
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        #expect(html.contains("<meta charset=\"utf-8\">"), sourceLocation: sourceLocation)
    }

    @Test func keepsSectionContentInOrder() {
        let table = ReportTable(headers: ["a"], rows: [["1"]])
        let section = HTMLReport.Section(heading: "h", paragraphs: ["p1", "p2"], tables: [table],
                                         figures: [.init(svg: "<svg></svg>", caption: "c")])
        #expect(section.blocks == [.paragraph("p1"), .paragraph("p2"), .table(table), .figure(.init(svg: "<svg></svg>", caption: "c"))])
        let html = HTMLReport(title: "t", sections: [section]).html()
        let order = ["<p>p1</p>", "<p>p2</p>", "<table>", "<figure>", "<figcaption>c</figcaption>"].map {
            html.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    @Test func writesIndexHTMLCreatingTheDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = directory.url
        let report = Self.sampleReport()
        let file = try report.write(to: base.appendingPathComponent("nested/run"))
        #expect(file.lastPathComponent == "index.html")
        #expect(try String(contentsOf: file, encoding: .utf8) == report.html())
        // A file where the directory should be is a descriptive error.
        let blocker = base.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        #expect(throws: ReportError.self) { try report.write(to: blocker.appendingPathComponent("x")) }
    }

    /// Writes a sample report with every kind of content to `$DESCENT_REPORT_SAMPLE_DIR`, for
    /// looking at in a browser; does nothing when the variable is unset.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_REPORT_SAMPLE_DIR"] != nil,
                   "writes a sample report only when DESCENT_REPORT_SAMPLE_DIR is set"))
    func writesSampleReportWhenAsked() throws {
        let directory = try #require(ProcessInfo.processInfo.environment["DESCENT_REPORT_SAMPLE_DIR"])
        let costs: (Double) -> [Double] = { rate in [.infinity] + (1..<150).map { 0.69 * Foundation.exp(-rate * Double($0)) + 0.04 } }
        let curves = CostCurveChart(title: "Cost per 100 iterations", series: [
            .init(name: "zeros", costs: [0.6931] + Array(repeating: 0.6931, count: 149), every: 100),
            .init(name: "random ×10", costs: costs(0.02), every: 100),
            .init(name: "he", costs: costs(0.06), every: 100),
        ])
        let logCurves = CostCurveChart(title: "Same, log scale", logScaleY: true, series: curves.series)
        var generator = SystemRandomNumberGenerator()
        var points: [(x: Double, y: Double)] = [], labels: [Int] = []
        for _ in 0..<300 {
            let angle = Double.random(in: 0..<(2 * .pi), using: &generator)
            let label = Int.random(in: 0...1, using: &generator)
            let radius = (label == 1 ? 0.5 : 1.0) + Double.random(in: -0.15...0.15, using: &generator)
            points.append((radius * Foundation.cos(angle), radius * Foundation.sin(angle)))
            labels.append(label)
        }
        let boundary = DecisionBoundaryChart(title: "he — circles", xRange: -1.5...1.5, yRange: -1.5...1.5,
                                             points: points, labels: labels) { grid in
            grid.map { 1 / (1 + Foundation.exp(-12 * (0.56 - ($0.0 * $0.0 + $0.1 * $0.1)))) }
        }
        let table = ReportTable(headers: ["initialization", "train accuracy", "test accuracy", "final cost"],
                                rows: [["zeros", "50.0", "50.0", "0.6931"], ["random ×10", "83.0", "86.0", "0.3817"],
                                       ["he", "99.3", "96.0", "0.0716"]])
        let report = HTMLReport(title: "Initialization lab", subtitle: "descent lab initialization — sample", sections: [
            .init(heading: "Summary", paragraphs: ["Three initializations of a 3-layer network on the circles data <not markup>."],
                  tables: [table]),
            .init(heading: "Training", figures: [.init(svg: curves.svg(), caption: "The first cost is ∞ (log of 0)."),
                                                 .init(svg: logCurves.svg(), caption: "Log-scale y.")]),
            .init(heading: "Decision boundary", figures: [.init(svg: boundary.svg(), caption: "100×100 grid, 0.5 contour.")]),
            .init(heading: "Terminal table", blocks: [.preformatted(table.text())]),
        ])
        try report.write(to: URL(fileURLWithPath: directory))
    }
}
