/// A 2-D decision-boundary plot as SVG: the plane shaded by the model's predicted class, the 0.5
/// probability contour, and the training points coloured by label.
///
/// The plane is sampled at the centres of a `columns × rows` grid of cells (see `grid`). Each cell
/// is filled with its predicted class's colour (`ChartPalette.classColors`: class 0 vermillion,
/// class 1 blue), lighter the closer the probability is to 0.5, in five intensity buckets; cells of
/// one row with the same colour are merged into one rectangle, so a 100 × 100 grid stays a few tens
/// of kilobytes. A non-finite probability (a diverged model) is a grey cell. The 0.5 contour is
/// traced through the cell centres by marching squares. Each training point is a `<circle>` with
/// class `point label-k` in class k's colour and a dark outline.
///
/// ```swift
/// let chart = DecisionBoundaryChart(title: "He init", xRange: -1.5...2.5, yRange: -1...1.5,
///                                   points: points, labels: labels) { grid in
///     model.predictProbabilities(grid)           // one call on all resolution² points
/// }
/// let svg = chart.svg(width: 560, height: 480)
/// ```
public struct DecisionBoundaryChart: Sendable {
    /// Heading drawn above the plot ("" for none).
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// The plotted x interval.
    public var xRange: ClosedRange<Double>
    /// The plotted y interval.
    public var yRange: ClosedRange<Double>
    /// The x of each grid column's centre, ascending.
    public var xs: [Double]
    /// The y of each grid row's centre, ascending (row 0 is drawn at the bottom).
    public var ys: [Double]
    /// Predicted probability of class 1 at (xs[j], ys[i]), stored at `i · xs.count + j`; a cell is
    /// class 1 when p > 0.5 (the course's `predictions = A > 0.5`).
    public var probabilities: [Double]
    /// The training examples' coordinates.
    public var points: [(x: Double, y: Double)]
    /// The class index of each point (0/1 for binary labels).
    public var labels: [Int]
    /// Legend names per class index; by default "y = 0", "y = 1".
    public var classNames: [String]
    /// Whether to trace the p = 0.5 contour.
    public var showsContour: Bool

    /// The centres of a `resolution × resolution` grid of equal cells covering the ranges:
    /// xs[j] = x₀ + (j + ½)·(x₁ − x₀)/resolution, likewise ys.
    public static func grid(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                            resolution: Int) -> (xs: [Double], ys: [Double]) {
        precondition(resolution > 0, "A decision-boundary grid needs at least one cell per side.")
        func centres(_ range: ClosedRange<Double>) -> [Double] {
            let step = (range.upperBound - range.lowerBound) / Double(resolution)
            return (0..<resolution).map { range.lowerBound + (Double($0) + 0.5) * step }
        }
        return (centres(xRange), centres(yRange))
    }

    /// The grid's points in storage order (row by row, x fastest): (xs[j], ys[i]) at i·xs.count + j.
    public static func gridPoints(xs: [Double], ys: [Double]) -> [(Double, Double)] {
        var result: [(Double, Double)] = []
        result.reserveCapacity(xs.count * ys.count)
        for y in ys { for x in xs { result.append((x, y)) } }
        return result
    }

    /// A chart from probabilities already evaluated on `grid(xRange:yRange:resolution:)`'s cells
    /// (`probabilities.count == xs.count · ys.count`, row-major, rows by ascending y).
    public init(title: String = "", xLabel: String = "x₁", yLabel: String = "x₂",
                xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xs: [Double], ys: [Double],
                probabilities: [Double], points: [(x: Double, y: Double)], labels: [Int],
                classNames: [String] = ["y = 0", "y = 1"], showsContour: Bool = true) {
        precondition(probabilities.count == xs.count * ys.count,
                     "The probability grid needs one value per cell: \(probabilities.count) vs \(xs.count)×\(ys.count).")
        precondition(points.count == labels.count, "Each point needs one label: \(points.count) vs \(labels.count).")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = xRange
        self.yRange = yRange
        self.xs = xs
        self.ys = ys
        self.probabilities = probabilities
        self.points = points
        self.labels = labels
        self.classNames = classNames
        self.showsContour = showsContour
    }

    /// A chart whose grid is evaluated by `predict`, called once with all `resolution²` grid
    /// points (row by row, x fastest) and returning the probability of class 1 for each, so the
    /// caller can run the model on one (2, resolution²) batch.
    public init(title: String = "", xLabel: String = "x₁", yLabel: String = "x₂",
                xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int = 100,
                points: [(x: Double, y: Double)], labels: [Int], classNames: [String] = ["y = 0", "y = 1"],
                showsContour: Bool = true, predict: ([(Double, Double)]) throws -> [Double]) rethrows {
        let (xs, ys) = Self.grid(xRange: xRange, yRange: yRange, resolution: resolution)
        let probabilities = try predict(Self.gridPoints(xs: xs, ys: ys))
        self.init(title: title, xLabel: xLabel, yLabel: yLabel, xRange: xRange, yRange: yRange, xs: xs, ys: ys,
                  probabilities: probabilities, points: points, labels: labels, classNames: classNames,
                  showsContour: showsContour)
    }

    /// A chart of a two-feature dataset (features row 0 → x, row 1 → y, label row 0 → class),
    /// over the data's bounding box widened by `margin` on every side (the course uses 1).
    public init<Scalar: DescentFloat>(title: String = "", dataset: Dataset<Scalar>, resolution: Int = 100,
                                      margin: Double = 1, classNames: [String] = ["y = 0", "y = 1"],
                                      showsContour: Bool = true,
                                      predict: ([(Double, Double)]) throws -> [Double]) rethrows {
        precondition(dataset.featureCount >= 2, "A decision-boundary chart needs two features, got \(dataset.featureCount).")
        let points = (0..<dataset.count).map { (x: Double(dataset.features[0, $0]), y: Double(dataset.features[1, $0])) }
        let labels = (0..<dataset.count).map { column -> Int in
            let label = Double(dataset.labels[0, column])
            return label.isFinite ? Int(label.rounded()) : 0
        }
        let xRange = Self.range(points.map(\.x), margin: margin)
        let yRange = Self.range(points.map(\.y), margin: margin)
        try self.init(title: title, xRange: xRange, yRange: yRange, resolution: resolution, points: points,
                      labels: labels, classNames: classNames, showsContour: showsContour, predict: predict)
    }

    /// [min − margin, max + margin] of the finite `values`; [−1, 1] when there are none.
    public static func range(_ values: [Double], margin: Double) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return -1...1 }
        let pad = max(margin, high - low == 0 ? 1 : 0)
        return (low - pad)...(high + pad)
    }

    /// The predicted class and its intensity bucket (0 faintest … 4 strongest) of one probability;
    /// nil for a non-finite probability.
    static func bucket(_ probability: Double) -> (classIndex: Int, level: Int)? {
        guard probability.isFinite else { return nil }
        let p = min(max(probability, 0), 1)
        let confidence = abs(p - 0.5) * 2  // 0 at the boundary, 1 when certain
        return (p > 0.5 ? 1 : 0, min(Int(confidence * 5), 4))
    }

    /// The fill of a cell: the class colour mixed with white, 12 % for the faintest level to 48 %
    /// for the strongest, so the points drawn over it stay readable.
    static func fill(classIndex: Int, level: Int) -> String {
        ChartPalette.tint(ChartPalette.classColor(at: classIndex), amount: 0.12 + 0.09 * Double(level))
    }

    /// The chart as a standalone SVG document of `width × height` px.
    public func svg(width: Int = 560, height: Int = 480) -> String {
        var canvas = ChartCanvas(width: width, height: height, hasTitle: !title.isEmpty)
        let xScale = AxisScale.linear(from: xRange.lowerBound, to: xRange.upperBound, extendToTicks: false)
        let yScale = AxisScale.linear(from: yRange.lowerBound, to: yRange.upperBound, extendToTicks: false)
        canvas.open(title: title, cssClass: "decision-boundary")
        canvas.append(regions(canvas: canvas, xScale: xScale, yScale: yScale))
        if showsContour { canvas.append(contour(canvas: canvas, xScale: xScale, yScale: yScale)) }
        canvas.append(Markup.openTag("g", ["class": "points", "stroke": "#1a1a1a", "stroke-width": "0.8"]))
        for (point, label) in zip(points, labels) where point.x.isFinite && point.y.isFinite {
            canvas.append(Markup.element("circle", [
                "class": "point label-\(label)", "cx": canvas.c(canvas.px(xScale.fraction(point.x))),
                "cy": canvas.c(canvas.py(yScale.fraction(point.y))), "r": "3.5",
                "fill": ChartPalette.classColor(at: label),
            ]))
        }
        canvas.append("</g>")
        let drawn = points.filter { $0.x.isFinite && $0.y.isFinite }.map {
            (x: canvas.px(xScale.fraction($0.x)), y: canvas.py(yScale.fraction($0.y)))
        }
        canvas.axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel)
        let present = Set(labels).sorted()
        canvas.legend(entries: present.map { label in
            let name = label >= 0 && label < classNames.count ? classNames[label] : "class \(label)"
            return (name, { x, y in
                Markup.element("circle", [
                    "cx": Markup.coordinate(x + 10), "cy": Markup.coordinate(y), "r": "4.5",
                    "fill": ChartPalette.classColor(at: label), "stroke": "#1a1a1a", "stroke-width": "0.8",
                ])
            })
        }, avoiding: drawn)
        return canvas.close()
    }

    /// The shaded cells: one `<rect>` per run of equal buckets in a row, grouped by fill.
    private func regions(canvas: ChartCanvas, xScale: AxisScale, yScale: AxisScale) -> String {
        let columns = xs.count, rows = ys.count
        guard columns > 0, rows > 0 else { return "" }
        // Cell edges in px, shared by neighbours so merged runs tile without seams.
        let xEdges = (0...columns).map { canvas.px(Double($0) / Double(columns)) }
        let yEdges = (0...rows).map { canvas.py(Double($0) / Double(rows)) }  // descending px
        var runsByFill: [String: String] = [:]
        var fillOrder: [String] = []
        for row in 0..<rows {
            var start = 0
            while start < columns {
                let key = Self.bucket(probabilities[row * columns + start])
                var end = start + 1
                while end < columns, Self.bucket(probabilities[row * columns + end]).map({ [$0.classIndex, $0.level] })
                        == key.map({ [$0.classIndex, $0.level] }) { end += 1 }
                let fill = key.map { Self.fill(classIndex: $0.classIndex, level: $0.level) } ?? "#d0d0d0"
                if runsByFill[fill] == nil { fillOrder.append(fill); runsByFill[fill] = "" }
                runsByFill[fill]! += Markup.element("rect", [
                    "x": canvas.c(xEdges[start]), "y": canvas.c(yEdges[row + 1]),
                    "width": canvas.c(xEdges[end] - xEdges[start]), "height": canvas.c(yEdges[row] - yEdges[row + 1]),
                ])
                start = end
            }
        }
        var markup = Markup.openTag("g", ["class": "regions", "shape-rendering": "crispEdges"])
        for fill in fillOrder {
            markup += Markup.openTag("g", ["fill": fill]) + (runsByFill[fill] ?? "") + "</g>"
        }
        return markup + "</g>"
    }

    /// The p = 0.5 contour by marching squares over the cell centres, as one `<path>` of segments.
    ///
    /// Each square of four neighbouring centres whose probabilities straddle 0.5 contributes a
    /// segment between the edge crossings, placed by linear interpolation t = (0.5 − p₀)/(p₁ − p₀);
    /// the two saddle cases are resolved by the mean of the four corners.
    private func contour(canvas: ChartCanvas, xScale: AxisScale, yScale: AxisScale) -> String {
        let columns = xs.count, rows = ys.count
        guard columns > 1, rows > 1 else { return "" }
        let threshold = 0.5
        var pathData = ""
        func point(_ x: Double, _ y: Double) -> String {
            canvas.c(canvas.px(xScale.fraction(x))) + " " + canvas.c(canvas.py(yScale.fraction(y)))
        }
        func crossing(_ a: Double, _ b: Double) -> Double {
            let t = (threshold - a) / (b - a)
            return t.isFinite ? min(max(t, 0), 1) : 0.5
        }
        for row in 0..<(rows - 1) {
            for column in 0..<(columns - 1) {
                // Corners: bottom-left, bottom-right, top-right, top-left.
                let p0 = probabilities[row * columns + column], p1 = probabilities[row * columns + column + 1]
                let p2 = probabilities[(row + 1) * columns + column + 1], p3 = probabilities[(row + 1) * columns + column]
                guard p0.isFinite, p1.isFinite, p2.isFinite, p3.isFinite else { continue }
                let index = (p0 > threshold ? 1 : 0) | (p1 > threshold ? 2 : 0) | (p2 > threshold ? 4 : 0) | (p3 > threshold ? 8 : 0)
                if index == 0 || index == 15 { continue }
                let x0 = xs[column], x1 = xs[column + 1], y0 = ys[row], y1 = ys[row + 1]
                // Crossing points on the four edges: bottom, right, top, left.
                let bottom = { point(x0 + (x1 - x0) * crossing(p0, p1), y0) }
                let right = { point(x1, y0 + (y1 - y0) * crossing(p1, p2)) }
                let top = { point(x0 + (x1 - x0) * crossing(p3, p2), y1) }
                let left = { point(x0, y0 + (y1 - y0) * crossing(p0, p3)) }
                var segments: [(() -> String, () -> String)] = []
                switch index {
                case 1, 14: segments = [(left, bottom)]
                case 2, 13: segments = [(bottom, right)]
                case 3, 12: segments = [(left, right)]
                case 4, 11: segments = [(right, top)]
                case 6, 9: segments = [(bottom, top)]
                case 7, 8: segments = [(left, top)]
                case 5, 10:
                    let centreAbove = (p0 + p1 + p2 + p3) / 4 > threshold
                    // 5: p0 and p2 above. Joined centre keeps the above-corners connected.
                    if (index == 5) == centreAbove {
                        segments = [(left, top), (bottom, right)]
                    } else {
                        segments = [(left, bottom), (right, top)]
                    }
                default: break
                }
                for (from, to) in segments { pathData += "M" + from() + "L" + to() }
            }
        }
        guard !pathData.isEmpty else { return "" }
        return Markup.element("path", [
            "class": "boundary", "d": pathData, "fill": "none", "stroke": "#1a1a1a", "stroke-width": "1.6",
            "stroke-linejoin": "round", "stroke-linecap": "round",
        ])
    }
}
