/// A line chart of cost (or any metric) against iteration or epoch, one line per series, as SVG.
///
/// Points whose y is `nil` or not finite break the line. A `+∞` cost (the course's `inf` at
/// iteration 0 when a log argument underflows) is drawn as a "∞" marker on the top edge at its x,
/// `−∞` as "−∞" on the bottom edge, `NaN` as "NaN" on the top edge, and on a log axis values ≤ 0
/// as "≤0" on the bottom edge, so no value is dropped silently. `nil` means "not recorded" and is
/// only a gap. A finite point with no finite neighbour gets a dot so it stays visible. The legend
/// (shown when there are several series) goes where it covers the fewest data.
///
/// ```swift
/// let chart = CostCurveChart(title: "Training", series: [.init(name: "cost", costs: costs, every: 100)])
/// let svg = chart.svg(width: 640, height: 400)
/// ```
public struct CostCurveChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        /// Shown in the legend.
        public var name: String
        /// (x, y) in drawing order; y `nil` or non-finite is a gap (see `CostCurveChart`).
        public var points: [(x: Double, y: Double?)]

        /// A series of explicit points.
        public init(name: String, points: [(x: Double, y: Double?)]) {
            self.name = name
            self.points = points
        }

        /// The course's cost history: `costs[i]` was recorded at iteration `i · every` (plus
        /// `offset`), e.g. costs appended every 100 iterations → `every: 100`.
        public init(name: String, costs: [Double], every: Int = 1, offset: Int = 0) {
            self.name = name
            points = costs.enumerated().map { (x: Double(offset + $0.offset * every), y: $0.element) }
        }
    }

    /// Heading drawn above the plot ("" for none).
    public var title: String
    /// The x-axis label: "iteration" or "epoch".
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// Whether y is placed by log₁₀ (costs that fall over several decades).
    public var logScaleY: Bool
    /// The lines, drawn in palette order (`ChartPalette.colors`).
    public var series: [Series]
    /// Whether to draw the legend; by default only when there is more than one series.
    public var showsLegend: Bool?
    /// A fixed linear y axis (e.g. `0...1` for fractions) instead of one fitted to the data;
    /// values outside it are clamped to its edges. Ignored on a log axis.
    public var yRange: ClosedRange<Double>?

    /// A chart of `series`.
    public init(title: String = "", xLabel: String = "iteration", yLabel: String = "cost",
                logScaleY: Bool = false, yRange: ClosedRange<Double>? = nil, series: [Series], showsLegend: Bool? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logScaleY = logScaleY
        self.yRange = yRange
        self.series = series
        self.showsLegend = showsLegend
    }

    /// `points` thinned to what `columns` pixel columns can show: the points are cut into `columns`
    /// runs of consecutive points and each run keeps its first and last point, its lowest and
    /// highest finite y and its first unplottable one (a gap or a non-finite marker), in their
    /// order — so a 15,000-epoch curve keeps its shape, spikes and markers in a few thousand
    /// points instead of every one. Shorter series are returned unchanged.
    static func thinned(_ points: [(x: Double, y: Double?)], columns: Int) -> [(x: Double, y: Double?)] {
        let columns = max(columns, 1)
        guard points.count > 4 * columns else { return points }
        var kept: [(x: Double, y: Double?)] = []
        kept.reserveCapacity(5 * columns)
        for run in 0..<columns {
            let range = (run * points.count / columns)..<((run + 1) * points.count / columns)
            var chosen: Set<Int> = [range.lowerBound, range.upperBound - 1]
            var lowest: Int?, highest: Int?, unplottable: Int?
            for index in range {
                guard let y = points[index].y, y.isFinite else {
                    if unplottable == nil { unplottable = index }
                    continue
                }
                if lowest.map({ y < points[$0].y! }) ?? true { lowest = index }
                if highest.map({ y > points[$0].y! }) ?? true { highest = index }
            }
            chosen.formUnion([lowest, highest, unplottable].compactMap { $0 })
            kept += chosen.sorted().map { points[$0] }
        }
        return kept
    }

    /// Whether `y` can be placed on this chart's y axis.
    private func isPlottable(_ y: Double?) -> Bool {
        guard let y, y.isFinite else { return false }
        return !logScaleY || y > 0
    }

    /// The axes fitted to the data: x from the smallest to the largest finite x, y from the
    /// smallest to the largest plottable y widened to round ticks.
    func scales() -> (x: AxisScale, y: AxisScale) {
        var xMin = Double.infinity, xMax = -Double.infinity, yMin = Double.infinity, yMax = -Double.infinity
        for line in series {
            for point in line.points where point.x.isFinite {
                xMin = min(xMin, point.x)
                xMax = max(xMax, point.x)
                if isPlottable(point.y), let y = point.y {
                    yMin = min(yMin, y)
                    yMax = max(yMax, y)
                }
            }
        }
        if xMin > xMax { xMin = 0; xMax = 1 }
        let x = AxisScale.linear(from: xMin, to: xMax, targetTickCount: 7, extendToTicks: false)
        let y: AxisScale
        if let yRange, !logScaleY {
            y = AxisScale.linear(from: yRange.lowerBound, to: yRange.upperBound, targetTickCount: 6)
        } else if logScaleY {
            y = yMin <= yMax ? AxisScale.logarithmic(from: yMin, to: yMax) : AxisScale.logarithmic(from: 1, to: 10)
        } else {
            y = yMin <= yMax ? AxisScale.linear(from: yMin, to: yMax, targetTickCount: 6) : AxisScale.linear(from: 0, to: 1)
        }
        return (x, y)
    }

    /// The chart as a standalone SVG document of `width × height` px, with one `<path>` per series
    /// (class `series`), in palette colours.
    public func svg(width: Int = 640, height: Int = 400) -> String {
        var canvas = ChartCanvas(width: width, height: height, hasTitle: !title.isEmpty)
        let (xScale, yScale) = scales()
        canvas.open(title: title, cssClass: "cost-curve")
        canvas.grid(x: xScale, y: yScale)
        var annotations = ""
        var markersAt: [String: Int] = [:]  // markers already placed per (edge, x pixel)
        var drawn: [(x: Double, y: Double)] = []  // every plotted point in px, kept clear of the legend
        for (index, line) in series.enumerated() {
            let color = ChartPalette.color(at: index)
            var pathData = "", dots = ""
            let points = Self.thinned(line.points.filter { $0.x.isFinite }, columns: Int(canvas.plotWidth))
            for (i, point) in points.enumerated() {
                let xp = canvas.px(xScale.fraction(point.x))
                guard isPlottable(point.y), var y = point.y else {
                    annotations += marker(for: point.y, x: xp, canvas: canvas, color: color, placed: &markersAt)
                    if let y = point.y {  // keep the legend off the marker too
                        let atTop = y.isNaN || y == .infinity
                        drawn.append((xp, atTop ? canvas.plotTop + 12 : canvas.plotTop + canvas.plotHeight - 12))
                        drawn.append((xp + 20, atTop ? canvas.plotTop + 12 : canvas.plotTop + canvas.plotHeight - 12))
                    }
                    continue
                }
                if let yRange, !logScaleY { y = min(max(y, yRange.lowerBound), yRange.upperBound) }
                let yp = canvas.py(yScale.fraction(y))
                let previousPlottable = i > 0 && isPlottable(points[i - 1].y)
                if previousPlottable, let last = drawn.last {
                    // Sample long segments every ~4 px so the legend also avoids lines between points.
                    let steps = min(Int((abs(xp - last.x) + abs(yp - last.y)) / 4), 200)
                    for k in stride(from: 1, to: steps, by: 1) {
                        let t = Double(k) / Double(steps)
                        drawn.append((last.x + t * (xp - last.x), last.y + t * (yp - last.y)))
                    }
                }
                drawn.append((xp, yp))
                let nextPlottable = i + 1 < points.count && isPlottable(points[i + 1].y)
                pathData += (previousPlottable ? "L" : (pathData.isEmpty ? "M" : " M")) + canvas.c(xp) + " " + canvas.c(yp)
                if !previousPlottable && !nextPlottable {
                    dots += Markup.element("circle", ["cx": canvas.c(xp), "cy": canvas.c(yp), "r": "2.5", "fill": color])
                }
            }
            let dash = ChartPalette.dashPattern(at: index).map { [("stroke-dasharray", $0)] } ?? []
            canvas.append(Markup.element("path", [
                "class": "series", "data-series": line.name, "d": pathData, "fill": "none", "stroke": color,
                "stroke-width": "2", "stroke-linejoin": "round", "stroke-linecap": "round",
            ], extra: dash))
            canvas.append(dots)
        }
        canvas.append(annotations)
        canvas.axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel)
        if !series.contains(where: { $0.points.contains { isPlottable($0.y) && $0.x.isFinite } }) {
            canvas.append(Markup.element("text", [
                "class": "no-data", "x": canvas.c(canvas.px(0.5)), "y": canvas.c(canvas.py(0.5)),
                "text-anchor": "middle", "fill": "#777777",
            ], text: "no finite values"))
        }
        if showsLegend ?? (series.count > 1) {
            canvas.legend(entries: series.enumerated().map { index, line in
                let color = ChartPalette.color(at: index)
                let dash = ChartPalette.dashPattern(at: index).map { [("stroke-dasharray", $0)] } ?? []
                return (line.name, { x, y in
                    Markup.element("line", [
                        "x1": Markup.coordinate(x), "y1": Markup.coordinate(y), "x2": Markup.coordinate(x + 20),
                        "y2": Markup.coordinate(y), "stroke": color, "stroke-width": "2.5",
                    ], extra: dash)
                })
            }, avoiding: drawn)
        }
        return canvas.close()
    }

    /// The marker for an unplottable value at x pixel `x`: a small triangle on the top or bottom
    /// edge and its symbol ("∞", "−∞", "NaN", "≤0"); nothing for `nil`. Markers of several series
    /// at the same spot are stacked into the plot area (8 px each) with their labels side by side.
    private func marker(for value: Double?, x: Double, canvas: ChartCanvas, color: String,
                        placed: inout [String: Int]) -> String {
        guard let value else { return "" }
        let atTop = value.isNaN || value > 0 && value.isInfinite
        let symbol = value.isFinite ? "≤0" : Markup.nonFinite(value)
        let key = "\(atTop)/\(Int((x / 6).rounded()))"
        let stack = placed[key, default: 0]
        placed[key] = stack + 1
        let direction = atTop ? 1.0 : -1.0  // +1: pointing up out of the top edge
        let edge = (atTop ? canvas.plotTop : canvas.plotTop + canvas.plotHeight) + direction * 8 * Double(stack)
        let tip = edge - direction * 0.5, base = edge + direction * 7
        let triangle = "\(canvas.c(x)),\(canvas.c(tip)) \(canvas.c(x - 5)),\(canvas.c(base)) \(canvas.c(x + 5)),\(canvas.c(base))"
        let labelY = atTop ? canvas.plotTop + 19 : canvas.plotTop + canvas.plotHeight - 12
        return Markup.element("polygon", ["class": "non-finite", "points": triangle, "fill": color])
            + Markup.element("text", [
                "class": "non-finite-label", "x": canvas.c(x + 8 + 14 * Double(stack)), "y": canvas.c(labelY),
                "font-size": "13", "font-weight": "600", "fill": color,
            ], text: symbol)
    }
}
