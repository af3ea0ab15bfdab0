import Foundation

/// The distribution of a list of values as an SVG bar chart: how many values fall in each of
/// `binCount` equal-width bins between the smallest and the largest finite value (a regression's
/// residuals, a layer's activations).
///
/// The bin count defaults to ⌈√n⌉ clamped to 5…40 (the square-root rule). Non-finite values are
/// left out and counted in a note above the plot, so none disappears silently.
///
/// ```swift
/// let chart = HistogramChart(title: "Residuals", xLabel: "actual − predicted", values: residuals)
/// let svg = chart.svg()
/// ```
public struct HistogramChart: Sendable {
    /// Heading above the plot.
    public var title: String
    /// The x-axis label (what the values are).
    public var xLabel: String
    /// The values counted.
    public var values: [Double]
    /// The number of bins (nil: the square-root rule).
    public var binCount: Int?

    /// A histogram of `values`.
    public init(title: String, xLabel: String, values: [Double], binCount: Int? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.values = values
        self.binCount = binCount
    }

    /// The bins: their common lower edge, width and counts. Bin k holds lower + k·width ≤ v <
    /// lower + (k+1)·width, the last one also its upper edge.
    func bins() -> (lower: Double, width: Double, counts: [Int]) {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return (0, 1, []) }
        if high == low { (low, high) = (low - 0.5, high + 0.5) }
        let count = binCount ?? min(max(Int(Double(finite.count).squareRoot().rounded(.up)), 5), 40)
        let width = (high / Double(count) - low / Double(count))
        var counts = [Int](repeating: 0, count: count)
        for value in finite {
            let index = Int(((value - low) / width).rounded(.down))
            counts[min(max(index, 0), count - 1)] += 1
        }
        return (low, width, counts)
    }

    /// The chart as a standalone SVG document of `width × height` px (one `<rect class="bar">` per bin).
    public func svg(width: Int = 560, height: Int = 360) -> String {
        let (lower, binWidth, counts) = bins()
        let upper = lower + binWidth * Double(counts.count)
        let xScale = AxisScale.linear(from: lower, to: counts.isEmpty ? 1 : upper, targetTickCount: 7, extendToTicks: false)
        let yScale = AxisScale.linear(from: 0, to: Double(max(counts.max() ?? 1, 1)), targetTickCount: 6)
        var canvas = ChartCanvas(width: width, height: height, hasTitle: !title.isEmpty)
        canvas.open(title: title, cssClass: "histogram")
        canvas.grid(x: xScale, y: yScale)
        var bars = Markup.openTag("g", ["class": "bars", "fill": ChartPalette.color(at: 0), "fill-opacity": "0.8"])
        for (index, count) in counts.enumerated() where count > 0 {
            let left = canvas.px(xScale.fraction(lower + binWidth * Double(index)))
            let right = canvas.px(xScale.fraction(lower + binWidth * Double(index + 1)))
            let top = canvas.py(yScale.fraction(Double(count)))
            bars += Markup.element("rect", [
                "class": "bar", "x": canvas.c(left + 0.5), "y": canvas.c(top),
                "width": canvas.c(max(right - left - 1, 0.5)), "height": canvas.c(canvas.py(0) - top),
            ])
        }
        canvas.append(bars + "</g>")
        canvas.axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: "count")
        let left = values.count - counts.reduce(0, +)
        if left > 0 {
            canvas.append(Markup.element("text", ["class": "left-out", "x": canvas.c(canvas.px(1)), "y": canvas.c(canvas.plotTop - 4),
                                                  "text-anchor": "end", "fill": "#777777"],
                                         text: "\(left) value\(left == 1 ? "" : "s") not finite, not shown"))
        }
        return canvas.close()
    }
}
