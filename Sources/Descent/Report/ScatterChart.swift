/// Points of one or more series as SVG, x on a linear or log₁₀ axis: a study's dev metric against
/// a hyperparameter (log where it was sampled on a log scale) or against the trial number, with an
/// optional line through a series (the best so far).
///
/// Points with a non-finite coordinate, or x ≤ 0 on a log axis, are left out and counted in a note
/// under the plot, so none disappears silently.
public struct ScatterChart: Sendable {
    /// One series: its points, drawn as dots or joined by a line.
    public struct Series: Sendable {
        /// Shown in the legend.
        public var name: String
        /// The points, in drawing order.
        public var points: [(x: Double, y: Double)]
        /// Joined by a line (a step per point) instead of dots.
        public var connected: Bool

        /// A series of `points`.
        public init(name: String, points: [(x: Double, y: Double)], connected: Bool = false) {
            self.name = name
            self.points = points
            self.connected = connected
        }
    }

    /// Heading above the plot.
    public var title: String
    /// The axis labels.
    public var xLabel: String
    /// See `xLabel`.
    public var yLabel: String
    /// Whether x is placed by log₁₀.
    public var logScaleX: Bool
    /// A categorical x axis: x = k is category k, drawn as its name, with half a category of room
    /// on each side and the points of a category spread a little sideways so they do not hide
    /// each other (nil: a numeric axis).
    public var xCategories: [String]?
    /// The series, in palette order.
    public var series: [Series]

    /// A chart of `series`.
    public init(title: String, xLabel: String, yLabel: String, logScaleX: Bool = false, xCategories: [String]? = nil, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logScaleX = logScaleX
        self.xCategories = xCategories
        self.series = series
    }

    /// A category's name shortened to fit under its tick (`…` marks a cut).
    static func categoryLabel(_ name: String, room: Double) -> String {
        let characters = max(Int(room / 7), 3)
        return name.count <= characters ? name : String(name.prefix(characters - 1)) + "…"
    }

    /// The sideways offset of the `rank`-th point of a category, within ±0.3 of a category:
    /// 0, +, −, + … growing with the rank (points at one x stay apart).
    static func spread(rank: Int, of count: Int) -> Double {
        guard count > 1 else { return 0 }
        let step = 0.6 / Double(count - 1)
        return -0.3 + step * Double(rank)
    }

    /// Whether a point can be placed.
    private func isPlottable(_ point: (x: Double, y: Double)) -> Bool {
        point.x.isFinite && point.y.isFinite && (!logScaleX || point.x > 0)
    }

    /// The chart as a standalone SVG document of `width × height` px (dots of class `point`, lines of class `series`).
    public func svg(width: Int = 560, height: Int = 360) -> String {
        let plotted = series.flatMap { $0.points.filter(isPlottable) }
        let xs = plotted.map(\.x), ys = plotted.map(\.y)
        var xScale: AxisScale, yScale: AxisScale
        var canvas = ChartCanvas(width: width, height: height, hasTitle: !title.isEmpty)
        if let categories = xCategories {
            let room = canvas.plotWidth / Double(max(categories.count, 1))
            xScale = AxisScale(kind: .linear, lower: -0.5, upper: Double(categories.count) - 0.5,
                               ticks: categories.indices.map(Double.init),
                               labels: categories.map { Self.categoryLabel($0, room: room) })
        } else if let low = xs.min(), let high = xs.max() {
            xScale = logScaleX ? AxisScale.logarithmic(from: low, to: high == low ? low * 10 : high)
                : AxisScale.linear(from: low, to: high == low ? low + 1 : high, targetTickCount: 7)
        } else {
            xScale = logScaleX ? AxisScale.logarithmic(from: 1, to: 10) : AxisScale.linear(from: 0, to: 1)
        }
        if let low = ys.min(), let high = ys.max() {
            // 4 % of room above and below, so no point sits on the frame.
            let pad = high == low ? 1e-9 + Swift.abs(low) * 0.01 : (high - low) * 0.04
            yScale = AxisScale.linear(from: low - pad, to: high + pad, targetTickCount: 6)
        } else {
            yScale = AxisScale.linear(from: 0, to: 1)
        }
        if xCategories == nil, !logScaleX, let low = xs.min(), let high = xs.max(), high > low {
            xScale = AxisScale.linear(from: low - (high - low) * 0.03, to: high + (high - low) * 0.03, targetTickCount: 7, extendToTicks: false)
        }
        canvas.open(title: title, cssClass: "scatter")
        canvas.grid(x: xScale, y: yScale)
        var left = 0
        var drawn: [(x: Double, y: Double)] = []
        for (index, line) in series.enumerated() {
            let color = ChartPalette.color(at: index)
            var points = line.points.filter(isPlottable)
            left += line.points.count - points.count
            if xCategories != nil, !line.connected {
                let counts = Dictionary(grouping: points.indices, by: { points[$0].x })
                for (_, members) in counts {
                    for (rank, member) in members.enumerated() { points[member].x += Self.spread(rank: rank, of: members.count) }
                }
            }
            let pixels = points.map { (canvas.px(xScale.fraction($0.x)), canvas.py(yScale.fraction($0.y))) }
            drawn += pixels.map { (x: $0.0, y: $0.1) }
            if line.connected {
                let path = pixels.enumerated().map { ($0.offset == 0 ? "M" : "L") + canvas.c($0.element.0) + " " + canvas.c($0.element.1) }.joined()
                canvas.append(Markup.element("path", ["class": "series", "data-series": line.name, "d": path, "fill": "none",
                                                      "stroke": color, "stroke-width": "2"]))
            } else {
                canvas.append(pixels.map { Markup.element("circle", ["class": "point", "cx": canvas.c($0.0), "cy": canvas.c($0.1), "r": "3.5",
                                                                      "fill": color, "fill-opacity": "0.75"]) }.joined())
            }
        }
        canvas.axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel)
        if left > 0 {
            canvas.append(Markup.element("text", ["class": "left-out", "x": canvas.c(canvas.px(1)), "y": canvas.c(canvas.plotTop - 4),
                                                  "text-anchor": "end", "fill": "#777777"],
                                         text: "\(left) point\(left == 1 ? "" : "s") not finite, not shown"))
        }
        if series.count > 1 {
            canvas.legend(entries: series.enumerated().map { index, line in
                let color = ChartPalette.color(at: index)
                return (line.name, { x, y in
                    line.connected
                        ? Markup.element("line", ["x1": Markup.coordinate(x), "y1": Markup.coordinate(y), "x2": Markup.coordinate(x + 20),
                                                  "y2": Markup.coordinate(y), "stroke": color, "stroke-width": "2.5"])
                        : Markup.element("circle", ["cx": Markup.coordinate(x + 10), "cy": Markup.coordinate(y), "r": "3.5", "fill": color])
                })
            }, avoiding: drawn)
        }
        return canvas.close()
    }
}
