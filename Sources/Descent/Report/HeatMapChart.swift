import Foundation

/// A grid of cells coloured by a value, as SVG: a study's mean score for each pair of values of
/// two settings. Cells are shaded from white (the lowest value) to blue (the highest) and carry
/// the value rounded to 3 significant digits; an empty cell (no trial there) is grey with "–".
///
/// ```swift
/// let chart = HeatMapChart(title: "dev accuracy", xLabel: "learning-rate", yLabel: "hidden",
///                          columns: ["0.001", "0.01"], rows: ["32", "64"], values: [[0.91, 0.93], [nil, 0.95]])
/// ```
public struct HeatMapChart: Sendable {
    /// Heading above the grid.
    public var title: String
    /// What the columns are.
    public var xLabel: String
    /// What the rows are.
    public var yLabel: String
    /// The column names, left to right.
    public var columns: [String]
    /// The row names, bottom to top.
    public var rows: [String]
    /// `values[row][column]`; nil for an empty cell.
    public var values: [[Double?]]

    /// A heat map of `values`.
    public init(title: String, xLabel: String, yLabel: String, columns: [String], rows: [String], values: [[Double?]]) {
        precondition(values.count == rows.count && values.allSatisfy { $0.count == columns.count },
                     "values must be rows × columns (\(rows.count) × \(columns.count))")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.columns = columns
        self.rows = rows
        self.values = values
    }

    /// The chart as a standalone SVG document of `width × height` px (one `<rect class="cell">` per cell).
    public func svg(width: Int = 560, height: Int = 400) -> String {
        var canvas = ChartCanvas(width: width, height: height, hasTitle: !title.isEmpty)
        let room = canvas.plotWidth / Double(max(columns.count, 1))
        let xScale = AxisScale(kind: .linear, lower: -0.5, upper: Double(columns.count) - 0.5, ticks: columns.indices.map(Double.init),
                               labels: columns.map { ScatterChart.categoryLabel($0, room: room) })
        let yScale = AxisScale(kind: .linear, lower: -0.5, upper: Double(rows.count) - 0.5, ticks: rows.indices.map(Double.init),
                               labels: rows.map { ScatterChart.categoryLabel($0, room: 60) })
        canvas.open(title: title, cssClass: "heat-map")
        let finite = values.joined().compactMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        var cells = Markup.openTag("g", ["class": "cells", "font-size": "11", "text-anchor": "middle"])
        for (row, line) in values.enumerated() {
            for (column, value) in line.enumerated() {
                let left = canvas.px(xScale.fraction(Double(column) - 0.5)), right = canvas.px(xScale.fraction(Double(column) + 0.5))
                let top = canvas.py(yScale.fraction(Double(row) + 0.5)), bottom = canvas.py(yScale.fraction(Double(row) - 0.5))
                let strength = value.map { high > low ? ($0 - low) / (high - low) : 1 } ?? 0
                let fill = value?.isFinite == true ? ChartPalette.tint(ChartPalette.color(at: 0), amount: 0.08 + 0.8 * strength) : "#e4e4e4"
                cells += Markup.element("rect", ["class": "cell", "x": canvas.c(left), "y": canvas.c(top),
                                                 "width": canvas.c(right - left), "height": canvas.c(bottom - top),
                                                 "fill": fill, "stroke": "#ffffff"])
                let text = value.map { Markup.significant($0, digits: 3) } ?? "–"
                cells += Markup.element("text", ["x": canvas.c((left + right) / 2), "y": canvas.c((top + bottom) / 2 + 4),
                                                 "fill": strength > 0.6 ? "#ffffff" : "#222222"], text: text)
            }
        }
        canvas.append(cells + "</g>")
        canvas.axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel)
        return canvas.close()
    }
}
