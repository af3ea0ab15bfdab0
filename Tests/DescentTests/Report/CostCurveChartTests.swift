import Foundation
import Testing
@testable import Descent
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct CostCurveChartTests {
    /// A cost history like the course's: `inf` at iteration 0, then decreasing.
    static let courseCosts: [Double] = [Double.infinity] + (1..<150).map { (i: Int) -> Double in
        0.7 * Foundation.exp(-Double(i) / 40) + 0.05
    }

    @Test func isWellFormedWithOnePathPerSeriesAndLegendNames() throws {
        let chart = CostCurveChart(title: "Optimizers", series: [
            .init(name: "gd", costs: Self.courseCosts, every: 100),
            .init(name: "momentum", costs: Self.courseCosts.map { $0 * 0.9 }, every: 100),
            .init(name: "adam <β>", costs: Self.courseCosts.map { $0 * 0.5 }, every: 100),
        ])
        let svg = chart.svg(width: 640, height: 400)
        let document = try SVGInspection.parse(svg)
        let paths = try SVGInspection.elements("path", in: document)
        #expect(paths.count == 3)
        #expect(paths.map { SVGInspection.attribute("data-series", of: $0) } == ["gd", "momentum", "adam <β>"])
        #expect(paths.map { SVGInspection.attribute("stroke", of: $0) } == Array(ChartPalette.colors.prefix(3)))
        let legendNames = try SVGInspection.elements("text", in: document)
            .filter { SVGInspection.attribute("class", of: $0) == "legend-name" }.map(\.stringValue)
        #expect(legendNames == ["gd", "momentum", "adam <β>"])
        #expect(svg.contains("adam &lt;β&gt;"))
        let titles = try SVGInspection.elements("text", in: document).filter { SVGInspection.attribute("class", of: $0) == "chart-title" }
        #expect(titles.map(\.stringValue) == ["Optimizers"])
    }

    @Test func nonFiniteCostsAreMarkedNotDrawnAndNeverBecomeNaNCoordinates() throws {
        var costs = Self.courseCosts
        costs[60] = .nan
        costs[80] = -.infinity
        var points = costs.enumerated().map { (x: Double($0.offset * 100), y: Optional($0.element)) }
        points[100].y = nil
        let chart = CostCurveChart(series: [.init(name: "cost", points: points)])
        let svg = chart.svg(width: 600, height: 360)
        #expect(!svg.contains("nan"))
        #expect(!svg.contains("inf"))
        let document = try SVGInspection.parse(svg)
        let labels = try SVGInspection.elements("text", in: document)
            .filter { SVGInspection.attribute("class", of: $0) == "non-finite-label" }.map(\.stringValue)
        #expect(labels == ["∞", "NaN", "−∞"])  // nil is a plain gap
        // The line restarts after each gap: 1…59, 61…79, 81…99, 101…149.
        let path = try #require(try SVGInspection.elements("path", in: document).first)
        let pathData = try #require(SVGInspection.attribute("d", of: path))
        #expect(pathData.filter { $0 == "M" }.count == 4)
        // Every coordinate lies inside the drawing.
        let coordinates = SVGInspection.numbers(in: pathData)
        #expect(coordinates.count == 2 * 146)
        #expect(coordinates.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 600 })
        // The ∞ marker sits on the top edge of the plot area at iteration 0.
        let markers = try SVGInspection.elements("polygon", in: document)
        #expect(markers.count == 3)
        let first = SVGInspection.numbers(in: SVGInspection.attribute("points", of: markers[0]) ?? "")
        let frame = try #require(try SVGInspection.elements("rect", in: document).first { SVGInspection.attribute("class", of: $0) == "frame" })
        let plotLeft = Double(SVGInspection.attribute("x", of: frame) ?? "") ?? -1
        let plotTop = Double(SVGInspection.attribute("y", of: frame) ?? "") ?? -1
        #expect(abs(first[0] - plotLeft) < 0.01)
        #expect(abs(first[1] - plotTop) < 1)
    }

    @Test func ticksAreRoundNumbersCoveringTheData() {
        let scale = AxisScale.linear(from: 0.23, to: 0.68, targetTickCount: 6)
        #expect(scale.labels == ["0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(scale.lower == 0.2 && abs(scale.upper - 0.7) < 1e-12)
        let iterations = AxisScale.linear(from: 0, to: 14900, targetTickCount: 7, extendToTicks: false)
        #expect(iterations.labels == ["0", "2000", "4000", "6000", "8000", "10000", "12000", "14000"])
        #expect(iterations.upper == 14900)
        let small = AxisScale.linear(from: -0.0031, to: 0.0042)
        #expect(small.labels.first == "-0.004" && small.labels.last == "0.005")
        #expect(small.labels.contains("0.000"))
        #expect(AxisScale.niceStep(0.37) == 0.5 && AxisScale.niceStep(1.2) == 1 && AxisScale.niceStep(2400) == 2000)
        let constant = AxisScale.linear(from: 0.693, to: 0.693)
        #expect(constant.lower < 0.693 && constant.upper > 0.693 && constant.ticks.count >= 2)
    }

    @Test func logScalePutsTicksAtPowersOfTenAndMarksNonPositiveCosts() throws {
        let costs: [Double] = [.infinity, 0.69, 0.1, 0.012, 0.0009, 0, 0.00004]
        let chart = CostCurveChart(logScaleY: true, series: [.init(name: "cost", costs: costs, every: 1000)])
        let (_, y) = chart.scales()
        #expect(y.labels == ["1e-5", "0.0001", "0.001", "0.01", "0.1", "1"])
        #expect(abs(y.fraction(0.001) - 2.0 / 5.0) < 1e-12)
        let svg = chart.svg()
        #expect(!svg.contains("nan"))
            #expect(!svg.contains("inf"))
        let labels = try SVGInspection.elements("text", in: SVGInspection.parse(svg))
            .filter { SVGInspection.attribute("class", of: $0) == "non-finite-label" }.map(\.stringValue)
        #expect(labels == ["∞", "≤0"])
    }

    @Test func degenerateInputStillRendersValidSVG() throws {
        let empty = CostCurveChart(title: "nothing", series: [])
        let allInfinite = CostCurveChart(series: [.init(name: "diverged", costs: [.infinity, .nan, .infinity])])
        let single = CostCurveChart(series: [.init(name: "one", points: [(x: 5, y: 0.5)])])
        let huge = CostCurveChart(series: [.init(name: "huge", costs: [-1e308, 1e308, 3])])
        for chart in [empty, allInfinite, single, huge] {
            let svg = chart.svg(width: 300, height: 200)
            _ = try SVGInspection.parse(svg)
            #expect(!svg.contains("nan"))
            #expect(!svg.contains("inf"))
        }
        #expect(allInfinite.svg().contains("no finite values"))
        // An isolated point gets a dot so it is visible.
        let dots = try SVGInspection.elements("circle", in: SVGInspection.parse(single.svg()))
        #expect(dots.count == 1)
    }

    @Test func legendMovesAwayFromTheData() throws {
        // The lines cross the top part of a 0…1 axis: the legend must go to the bottom half.
        let flat = CostCurveChart(series: [
            .init(name: "a", costs: Array(repeating: 0.85, count: 50)),
            .init(name: "b", costs: (0..<50).map { 0.8 + 0.001 * Double($0) }),
            .init(name: "c", costs: [0.0] + Array(repeating: 0.9, count: 49)),
        ])
        let document = try SVGInspection.parse(flat.svg(width: 600, height: 400))
        let legend = try #require(try SVGInspection.elements("g", in: document).first { SVGInspection.attribute("class", of: $0) == "legend" })
        let box = try #require(legend.children?.compactMap { $0 as? XMLElement }.first { $0.localName == "rect" })
        let frame = try #require(try SVGInspection.elements("rect", in: document).first { SVGInspection.attribute("class", of: $0) == "frame" })
        let boxY = Double(SVGInspection.attribute("y", of: box) ?? "") ?? 0
        let plotTop = Double(SVGInspection.attribute("y", of: frame) ?? "") ?? 0
        let plotHeight = Double(SVGInspection.attribute("height", of: frame) ?? "") ?? 0
        #expect(boxY > plotTop + plotHeight / 2)
    }

    @Test func coordinatesArePlainDecimals() {
        #expect(Markup.coordinate(12.345) == "12.35")
        #expect(Markup.coordinate(-3) == "-3")
        #expect(Markup.coordinate(100.07) == "100.07")
        #expect(Markup.coordinate(0.5) == "0.5")
        #expect(Markup.coordinate(-0.004) == "0")
        #expect(Markup.coordinate(.nan) == "0")
        #expect(Markup.coordinate(1e300) == "1000000")
        #expect(Markup.significant(1.5e-5, digits: 3) == "1.5e-5")
        #expect(Markup.fixed(-0.0001, decimals: 2) == "0.00")
        #expect(Markup.fixed(.infinity, decimals: 2) == "∞")
    }
}

@Suite struct CostCurveChartFittingTests {
    @Test("a fraction chart keeps its 0–1 axis when every value is 0 (no −1…1 axis around a flat line)")
    func fixedRangeHoldsForAFlatSeries() throws {
        let chart = CostCurveChart(yRange: 0...1, series: [.init(name: "dead", points: (0..<50).map { (Double($0), 0.0) })])
        let (_, y) = chart.scales()
        #expect(y.lower == 0 && y.upper == 1)
        #expect(try SVGInspection.parse(chart.svg()).rootElement() != nil)
        let fitted = CostCurveChart(series: [.init(name: "dead", points: (0..<50).map { (Double($0), 0.0) })]).scales().y
        #expect(fitted.lower < 0, "without a range the flat line is padded around 0, which is what the report must avoid")
    }

    @Test("a 15,000-point curve is thinned to what the plot can show, keeping its ends, spikes and markers")
    func longSeriesAreThinnedKeepingTheirShape() {
        var points = (0..<15_000).map { (x: Double($0), y: Optional(1 / Double($0 + 1))) }
        points[7_777].y = 50            // a spike
        points[9_001].y = .nan          // a non-finite marker
        let kept = CostCurveChart.thinned(points, columns: 600)
        #expect(kept.count <= 5 * 600 && kept.count >= 1_200)
        #expect(kept.first!.x == 0 && kept.last!.x == 14_999)
        #expect(kept.contains { $0.x == 7_777 && $0.y == 50 })
        #expect(kept.contains { $0.x == 9_001 && $0.y?.isNaN == true })
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x }, "in order")
        let short = Array(points.prefix(100))
        #expect(CostCurveChart.thinned(short, columns: 600).count == 100)
        let svg = CostCurveChart(series: [.init(name: "cost", points: points)]).svg()
        #expect(svg.utf8.count < 80_000, "\(svg.utf8.count) bytes")
    }
}
