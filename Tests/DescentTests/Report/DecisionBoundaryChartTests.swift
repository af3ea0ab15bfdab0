import Foundation
import Testing
@testable import Descent
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct DecisionBoundaryChartTests {
    static let points: [(x: Double, y: Double)] = [(-1, -0.5), (0.5, 1), (1.5, 0.2), (-0.8, 0.9), (0.2, -0.7)]
    static let labels = [0, 1, 1, 0, 1]

    @Test func gridSamplesCellCentresAndThePredictorRunsOnceOnTheWholeGrid() {
        let (xs, ys) = DecisionBoundaryChart.grid(xRange: 0...1, yRange: -2...2, resolution: 4)
        #expect(xs == [0.125, 0.375, 0.625, 0.875])
        #expect(ys == [-1.5, -0.5, 0.5, 1.5])
        var calls = 0
        var seen: [(Double, Double)] = []
        let chart = DecisionBoundaryChart(xRange: 0...1, yRange: -2...2, resolution: 4, points: [], labels: []) { grid in
            calls += 1
            seen = grid
            return grid.map { $0.0 }
        }
        #expect(calls == 1)
        #expect(seen.count == 16)
        #expect(seen[1] == (0.375, -1.5) && seen[4] == (0.125, -0.5))  // x fastest, rows by ascending y
        #expect(chart.probabilities == seen.map { $0.0 })
    }

    @Test func drawsOneOutlinedCirclePerPointInItsLabelColour() throws {
        let chart = DecisionBoundaryChart(title: "planar", xRange: -2...2, yRange: -1.5...1.5, resolution: 40,
                                          points: Self.points, labels: Self.labels) { grid in
            grid.map { 1 / (1 + Foundation.exp(-4 * ($0.0 + $0.1))) }
        }
        let svg = chart.svg(width: 500, height: 420)
        let document = try SVGInspection.parse(svg)
        let circles = try SVGInspection.elements("circle", in: document)
            .filter { (SVGInspection.attribute("class", of: $0) ?? "").hasPrefix("point") }
        #expect(circles.count == Self.points.count)
        for (circle, label) in zip(circles, Self.labels) {
            #expect(SVGInspection.attribute("class", of: circle) == "point label-\(label)")
            #expect(SVGInspection.attribute("fill", of: circle) == ChartPalette.classColor(at: label))
            let group = circle.parent as? XMLElement
            #expect(group.flatMap { SVGInspection.attribute("stroke", of: $0) } == "#1a1a1a")
        }
        let legend = try SVGInspection.elements("text", in: document)
            .filter { SVGInspection.attribute("class", of: $0) == "legend-name" }.map(\.stringValue)
        #expect(legend == ["y = 0", "y = 1"])
    }

    @Test func shadesByPredictedClassAndTracesTheHalfContour() throws {
        // p > 0.5 exactly where x > 0.3: cells left of it are class 0, right of it class 1.
        let chart = DecisionBoundaryChart(xRange: -1...1, yRange: -1...1, resolution: 20, points: [], labels: []) { grid in
            grid.map { 1 / (1 + Foundation.exp(-6 * ($0.0 - 0.3))) }
        }
        let document = try SVGInspection.parse(chart.svg(width: 400, height: 400))
        let rects = try SVGInspection.elements("rect", in: document)
            .filter { ($0.parent as? XMLElement).flatMap { SVGInspection.attribute("fill", of: $0) } != nil
                && ($0.parent?.parent as? XMLElement).flatMap { SVGInspection.attribute("class", of: $0) } == "regions" }
        // Runs merge: each row has the same few buckets, far fewer rects than 400 cells.
        #expect(rects.count < 20 * 12)
        let fills = Set(rects.compactMap { ($0.parent as? XMLElement).flatMap { SVGInspection.attribute("fill", of: $0) } })
        let class0 = Set((0..<5).map { DecisionBoundaryChart.fill(classIndex: 0, level: $0) })
        let class1 = Set((0..<5).map { DecisionBoundaryChart.fill(classIndex: 1, level: $0) })
        #expect(!fills.isDisjoint(with: class0) && !fills.isDisjoint(with: class1))
        #expect(fills.isSubset(of: class0.union(class1)))
        // The rects of one row tile the plot width exactly.
        let frame = try #require(try SVGInspection.elements("rect", in: document).first { SVGInspection.attribute("class", of: $0) == "frame" })
        let plotWidth = Double(SVGInspection.attribute("width", of: frame) ?? "") ?? 0
        let widthsByRow = Dictionary(grouping: rects) { SVGInspection.attribute("y", of: $0) ?? "" }
            .mapValues { $0.compactMap { Double(SVGInspection.attribute("width", of: $0) ?? "") }.reduce(0, +) }
        #expect(widthsByRow.count == 20)
        #expect(widthsByRow.values.allSatisfy { abs($0 - plotWidth) < 0.05 })
        // The contour is a vertical line at x = 0.3.
        let boundary = try #require(try SVGInspection.elements("path", in: document).first { SVGInspection.attribute("class", of: $0) == "boundary" })
        let numbers = SVGInspection.numbers(in: SVGInspection.attribute("d", of: boundary) ?? "")
        let plotLeft = Double(SVGInspection.attribute("x", of: frame) ?? "") ?? 0
        let expectedX = plotLeft + (0.3 + 1) / 2 * plotWidth
        let xs = stride(from: 0, to: numbers.count, by: 2).map { numbers[$0] }
        #expect(xs.count == 2 * 19)
        #expect(xs.allSatisfy { abs($0 - expectedX) < 0.05 })
    }

    @Test func saddleCellsAndCircularBoundariesStayCompact() throws {
        // A ring: class 1 inside radius 1. 100×100 cells must stay small.
        let chart = DecisionBoundaryChart(xRange: -2...2, yRange: -2...2, resolution: 100, points: Self.points, labels: Self.labels) { grid in
            grid.map { 1 / (1 + Foundation.exp(-5 * (1 - ($0.0 * $0.0 + $0.1 * $0.1)))) }
        }
        let svg = chart.svg()
        _ = try SVGInspection.parse(svg)
        #expect(svg.utf8.count < 200_000)
        // Checkerboard probabilities exercise both saddle cases without breaking the output.
        let saddles = DecisionBoundaryChart(xRange: 0...1, yRange: 0...1, xs: [0.25, 0.75], ys: [0.25, 0.75],
                                            probabilities: [0.9, 0.1, 0.2, 0.8], points: [], labels: [])
        let boundary = try SVGInspection.elements("path", in: SVGInspection.parse(saddles.svg()))
        #expect(boundary.count == 1)
        #expect((SVGInspection.attribute("d", of: boundary[0]) ?? "").filter { $0 == "M" }.count == 2)
    }

    @Test func nonFiniteProbabilitiesAreGreyCellsNotNaN() throws {
        let chart = DecisionBoundaryChart(xRange: 0...1, yRange: 0...1, xs: [0.25, 0.75], ys: [0.25, 0.75],
                                          probabilities: [.nan, 0.2, .infinity, 0.7], points: [(x: 0.5, y: 0.5)], labels: [1])
        let svg = chart.svg()
        _ = try SVGInspection.parse(svg)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(svg.contains("#d0d0d0"))
    }

    @Test func datasetConvenienceUsesTheFirstTwoFeaturesAndAMargin() {
        let dataset = Dataset<Float>(features: Matrix([[0, 2, 1], [-1, 1, 3]]), labels: Matrix([[0, 1, 1]]))
        let chart = DecisionBoundaryChart(dataset: dataset, resolution: 10) { $0.map { _ in 0.7 } }
        #expect(chart.xRange == -1...3 && chart.yRange == -2...4)
        #expect(chart.labels == [0, 1, 1])
        #expect(chart.points.map(\.y) == [-1, 1, 3])
        #expect(chart.probabilities.count == 100)
    }
}
