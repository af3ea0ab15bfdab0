extension LabResult {
    /// The lab's summary table: per run its configuration and results (accuracies and costs, or the
    /// gradient-check difference and verdict).
    public var summaryTable: ReportTable {
        if lab == .gradientChecking {
            return ReportTable(
                headers: ["run", "check", "difference", "verdict (< 2e-7)", "blamed tensors"],
                rows: runs.map { run in
                    let passed = run.passed ?? false
                    return [run.name, run.summary, run.difference.map { "\($0)" } ?? "–", passed ? "correct" : "mistake",
                            run.failingTensors.isEmpty ? "–" : run.failingTensors.joined(separator: ", ")]
                })
        }
        let hasTest = runs.contains { $0.testAccuracy != nil }
        var headers = ["run", "train accuracy"]
        if hasTest { headers.append("test accuracy") }
        headers += ["first cost", "final cost", "configuration"]
        return ReportTable(headers: headers, rows: runs.map { run in
            var row = [run.name, run.trainAccuracy.map { "\($0)" } ?? "–"]
            if hasTest { row.append(run.testAccuracy.map { "\($0)" } ?? "–") }
            row.append(run.costs.first.map { "\($0.rawCost)" } ?? "–")
            row.append(run.curve.last.map { formatFixed($0.rawCost, digits: 6) } ?? "–")
            row.append(run.summary)
            return row
        })
    }

    /// One cost-curve chart per group of runs with the same length (the Optimization lab has two),
    /// one series per run; a non-finite cost is drawn as a marker on the top edge.
    public var costCharts: [CostCurveChart] {
        let trained = runs.filter { !$0.curve.isEmpty }
        var groups = [[LabRun]]()
        for run in trained {
            if let index = groups.firstIndex(where: { $0[0].curve.last?.step == run.curve.last?.step && $0[0].hasDecaySchedule == run.hasDecaySchedule }) {
                groups[index].append(run)
            } else {
                groups.append([run])
            }
        }
        return groups.map { group in
            let series = group.map { run in
                CostCurveChart.Series(name: run.name, points: run.curve.map { (x: Double($0.step), y: Optional($0.rawCost)) })
            }
            let decay = group[0].hasDecaySchedule ? " (scheduled learning-rate decay)" : ""
            let finite = group.flatMap { $0.curve.compactMap(\.cost) }.filter { $0 > 0 }
            let spansDecades = (finite.max() ?? 1) / (finite.min() ?? 1) > 20
            return CostCurveChart(title: "\(lab.title) lab: cost per \(group[0].stepName)\(decay)", xLabel: group[0].stepName,
                                  logScaleY: spansDecades, series: series, showsLegend: true)
        }
    }

    /// One decision-boundary chart per trained classifier, over its training data.
    public var decisionBoundaryCharts: [(run: String, chart: DecisionBoundaryChart)] {
        guard let data else { return [] }
        return runs.compactMap { run in
            guard let network = run.network else { return nil }
            let chart = DecisionBoundaryChart(title: "\(run.name): decision boundary", dataset: data.train, resolution: 100) { points in
                let grid = Matrix<Double>(rows: 2, columns: points.count) { i, j in i == 0 ? points[j].0 : points[j].1 }
                return network.outputs(grid).elements
            }
            return (run.name, chart)
        }
    }

    /// For runs that measured their layers at initialization: ‖dZ[l]‖ and the activations' spread
    /// against depth, one line per run, on log scales — the geometric growth and decay of the
    /// lesson, and the level line of He initialization.
    public var depthCharts: [CostCurveChart] {
        let measured = runs.filter { !$0.initialLayers.isEmpty }
        guard !measured.isEmpty else { return [] }
        func chart(_ title: String, _ label: String, _ value: (LayerStatistics) -> Double, hiddenOnly: Bool) -> CostCurveChart {
            CostCurveChart(title: title, xLabel: "layer l", yLabel: label, logScaleY: true, series: measured.map { run in
                let layers = hiddenOnly ? Array(run.initialLayers.dropLast()) : run.initialLayers
                return CostCurveChart.Series(name: run.name, points: layers.map { (x: Double($0.layer), y: Optional(value($0))) })
            }, showsLegend: true)
        }
        return [
            chart("Backpropagated gradient ‖dZ[l]‖ by layer, at initialization", "‖dZ[l]‖", \.errorNorm, hiddenOnly: false),
            chart("Activation spread std(A[l]) by hidden layer, at initialization", "std(A[l])", \.activationStandardDeviation, hiddenOnly: true),
        ]
    }

    /// The lab's report section: lesson, bias/variance line, summary table, cost curves and
    /// decision boundaries.
    public var reportSection: HTMLReport.Section {
        var blocks: [HTMLReport.Block] = [.paragraph(lesson)]
        if let biasVariance { blocks.append(.paragraph("Bias/variance: " + biasVariance)) }
        if lab == .initialization, let random = runs.first(where: { $0.name == "random" }), random.costs.first?.rawCost.isInfinite == true {
            blocks.append(.paragraph("Why the random run prints inf at iteration 0: with weights ×10 the output sigmoid saturates to "
                + "exactly 1.0 (or 0.0) in float64 for some examples; where the label disagrees, the course's cost term −log(1 − a) "
                + "is −log 0 = ∞, and nansum keeps it (it only drops the NaN terms 0·∞). Descent's default, numerically stable "
                + "cost, computed from the logits, stays finite for the same weights."))
        }
        blocks.append(.table(summaryTable))
        for chart in depthCharts { blocks.append(.figure(.init(svg: chart.svg(), caption: chart.title))) }
        for chart in costCharts { blocks.append(.figure(.init(svg: chart.svg(), caption: chart.title))) }
        for (run, chart) in decisionBoundaryCharts {
            blocks.append(.figure(.init(svg: chart.svg(), caption: "\(run): predictions over the training data (points coloured by label)")))
        }
        return HTMLReport.Section(heading: "\(lab.title) lab", blocks: blocks)
    }
}

extension HTMLReport {
    /// A self-contained report of lab results.
    public init(labs: [LabResult]) {
        self.init(title: "Descent: the course labs, reproduced",
                  subtitle: "Improving Deep Neural Networks, weeks 1-2 — every number computed by Descent on this machine",
                  sections: labs.map(\.reportSection))
    }
}
