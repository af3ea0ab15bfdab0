/// The frame every chart shares: an SVG document with a title, a rectangular plot area, two axes
/// with ticks, labels and light grid lines. The charts draw their data between `open` and `close`.
struct ChartCanvas {
    /// Total width and height in px.
    let width: Double, height: Double
    /// The plot area in px: left and top edge, width and height.
    let plotLeft: Double, plotTop: Double, plotWidth: Double, plotHeight: Double
    /// The SVG text built so far.
    private(set) var output: String = ""

    /// The font stack: system UI fonts only, nothing is downloaded.
    static let fontFamily = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"

    /// A canvas of `width × height` px whose plot area leaves room for a title and axis labels.
    init(width: Int, height: Int, hasTitle: Bool) {
        self.width = Double(max(width, 120))
        self.height = Double(max(height, 100))
        plotLeft = 64
        plotTop = hasTitle ? 36 : 14
        plotWidth = max(self.width - plotLeft - 18, 10)
        plotHeight = max(self.height - plotTop - 48, 10)
    }

    /// The x pixel of axis fraction `f` (0 at the left edge of the plot area).
    func px(_ f: Double) -> Double { plotLeft + f * plotWidth }
    /// The y pixel of axis fraction `f` (0 at the bottom edge of the plot area).
    func py(_ f: Double) -> Double { plotTop + (1 - f) * plotHeight }

    /// Appends raw SVG markup.
    mutating func append(_ markup: String) { output += markup }

    /// Starts the document: root element, accessible title, white background.
    mutating func open(title: String, cssClass: String) {
        let w = c(width), h = c(height)
        output += Markup.openTag("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "class": cssClass, "width": w, "height": h,
            "viewBox": "0 0 \(w) \(h)", "font-family": Self.fontFamily, "font-size": "12", "role": "img",
        ])
        output += Markup.element("title", [:], text: title.isEmpty ? cssClass : title)
        output += Markup.element("rect", ["class": "background", "x": "0", "y": "0", "width": w, "height": h, "fill": "#ffffff"])
        if !title.isEmpty {
            output += Markup.element("text", [
                "class": "chart-title", "x": c(width / 2), "y": "23", "text-anchor": "middle",
                "font-size": "15", "font-weight": "600", "fill": "#222222",
            ], text: title)
        }
    }

    /// Light horizontal and vertical grid lines at the ticks (drawn under the data).
    mutating func grid(x: AxisScale, y: AxisScale) {
        output += Markup.openTag("g", ["class": "grid", "stroke": "#e6e6e6", "stroke-width": "1"])
        for tick in x.ticks {
            let xp = c(px(x.fraction(tick)))
            output += Markup.element("line", ["x1": xp, "y1": c(plotTop), "x2": xp, "y2": c(plotTop + plotHeight)])
        }
        for tick in y.ticks {
            let yp = c(py(y.fraction(tick)))
            output += Markup.element("line", ["x1": c(plotLeft), "y1": yp, "x2": c(plotLeft + plotWidth), "y2": yp])
        }
        output += "</g>"
    }

    /// The plot-area border, tick marks, tick labels and axis labels (drawn over the data).
    mutating func axes(x: AxisScale, y: AxisScale, xLabel: String, yLabel: String) {
        let left = plotLeft, right = plotLeft + plotWidth, top = plotTop, bottom = plotTop + plotHeight
        output += Markup.element("rect", [
            "class": "frame", "x": c(left), "y": c(top), "width": c(plotWidth), "height": c(plotHeight),
            "fill": "none", "stroke": "#555555", "stroke-width": "1",
        ])
        output += Markup.openTag("g", ["class": "x-axis", "fill": "#333333", "text-anchor": "middle"])
        for (tick, label) in zip(x.ticks, x.labels) {
            let xp = c(px(x.fraction(tick)))
            output += Markup.element("line", ["x1": xp, "y1": c(bottom), "x2": xp, "y2": c(bottom + 5), "stroke": "#555555"])
            output += Markup.element("text", ["x": xp, "y": c(bottom + 18)], text: label)
        }
        output += "</g>"
        output += Markup.openTag("g", ["class": "y-axis", "fill": "#333333", "text-anchor": "end"])
        for (tick, label) in zip(y.ticks, y.labels) {
            let yp = py(y.fraction(tick))
            output += Markup.element("line", ["x1": c(left - 5), "y1": c(yp), "x2": c(left), "y2": c(yp), "stroke": "#555555"])
            output += Markup.element("text", ["x": c(left - 8), "y": c(yp + 4)], text: label)
        }
        output += "</g>"
        if !xLabel.isEmpty {
            output += Markup.element("text", [
                "class": "x-label", "x": c((left + right) / 2), "y": c(height - 9), "text-anchor": "middle",
                "font-size": "13", "fill": "#222222",
            ], text: xLabel)
        }
        if !yLabel.isEmpty {
            let cx = c(16), cy = c((top + bottom) / 2)
            output += Markup.element("text", [
                "class": "y-label", "x": cx, "y": cy, "transform": "rotate(-90 \(cx) \(cy))", "text-anchor": "middle",
                "font-size": "13", "fill": "#222222",
            ], text: yLabel)
        }
    }

    /// A legend box inside the plot area: one swatch and name per entry. Of the four corners and
    /// the four edge middles, it takes the place covering the fewest of `avoiding` (data points
    /// in px), the earliest (top-right first) on ties.
    /// `swatch(x, y)` returns the markup for the swatch whose left-middle point is (x, y).
    mutating func legend(entries: [(name: String, swatch: (Double, Double) -> String)],
                         avoiding: [(x: Double, y: Double)] = []) {
        guard !entries.isEmpty else { return }
        let longest = entries.map { $0.name.count }.max() ?? 0
        let boxWidth = min(Double(longest) * 7 + 44, plotWidth - 12)
        let lineHeight = 18.0
        let boxHeight = Double(entries.count) * lineHeight + 8
        let right = plotLeft + plotWidth - boxWidth - 8, left = plotLeft + 8
        let centre = plotLeft + (plotWidth - boxWidth) / 2
        let top = plotTop + 8, bottom = plotTop + plotHeight - boxHeight - 8
        let middle = plotTop + (plotHeight - boxHeight) / 2
        // In order of preference: corners, then the middles of the right, left, top and bottom edges.
        let corners = [(right, top), (right, bottom), (left, top), (left, bottom),
                       (right, middle), (left, middle), (centre, top), (centre, bottom)]
        let covered = corners.map { corner in
            avoiding.count { point in
                point.x >= corner.0 - 4 && point.x <= corner.0 + boxWidth + 4
                    && point.y >= corner.1 - 4 && point.y <= corner.1 + boxHeight + 4
            }
        }
        let best = covered.indices.min { covered[$0] < covered[$1] } ?? 0
        let (x0, y0) = corners[best]
        output += Markup.openTag("g", ["class": "legend", "font-size": "12", "fill": "#222222"])
        output += Markup.element("rect", [
            "x": c(x0), "y": c(y0), "width": c(boxWidth), "height": c(boxHeight), "rx": "3",
            "fill": "#ffffff", "fill-opacity": "0.9", "stroke": "#bbbbbb",
        ])
        for (index, entry) in entries.enumerated() {
            let cy = y0 + 4 + lineHeight * (Double(index) + 0.5)
            output += entry.swatch(x0 + 8, cy)
            output += Markup.element("text", ["class": "legend-name", "x": c(x0 + 34), "y": c(cy + 4)], text: entry.name)
        }
        output += "</g>"
    }

    /// Ends the document and returns it.
    mutating func close() -> String {
        output += "</svg>"
        return output
    }

    /// Shorthand for `Markup.coordinate`.
    func c(_ value: Double) -> String { Markup.coordinate(value) }
}
