extension StudyDefinition {
    /// A self-contained HTML report of a study's `records` (inline SVG, no network): the ranked
    /// table; the dev metric of every trial in the order of the trial numbers with the best so far;
    /// the dev metric against each searched hyperparameter (a log axis where it was sampled on a
    /// log scale, choices by position); and, for halving, the dev metric of each rung against its
    /// epochs.
    public func report(title: String, records: [TrialRecord]) -> HTMLReport {
        let ranked = TrialRecord.ranked(records)
        let accuracy = records.contains { $0.metrics["dev_accuracy"] != nil }
        let metricName = accuracy ? "dev accuracy" : "−dev RMSE"
        var sections: [HTMLReport.Section] = []

        let headers = ["rank", "trial"] + (method == .halving ? ["rung"] : []) + space.map(\.name) + [metricName, "dev cost", "epochs", "stopped"]
        let rows = ranked.prefix(50).enumerated().map { rank, record -> [String] in
            ["\(rank + 1)", "\(record.trial)"] + (method == .halving ? ["\(record.rung ?? 0)"] : [])
                + space.map { dimension in record.values.first { $0.name == dimension.name }?.value ?? "" }
                + [record.score.isFinite ? "\(record.score)" : "–", record.metrics["dev_cost"].map { "\($0)" } ?? "–", "\(record.epochs)", record.stopped]
        }
        let bestText = ranked.first.map { "Best: trial \($0.trial), \(metricName) \($0.score)." } ?? "No trial finished."
        sections.append(HTMLReport.Section(heading: "Trials", paragraphs: [
            "\(records.count) records, \(method.rawValue) search over \(space.map { "\($0.name)=\($0.spec)" }.joined(separator: ", ")). " + bestText,
        ], tables: [ReportTable(headers: headers, rows: rows)]))

        // The metric over the trials, with the best so far (the last rung of each trial for halving).
        var latest: [Int: TrialRecord] = [:]
        for record in records where (latest[record.trial]?.rung ?? -1) < (record.rung ?? 0) { latest[record.trial] = record }
        let byTrial = latest.values.sorted { $0.trial < $1.trial }
        var best = -Double.infinity
        let bestSoFar = byTrial.map { record -> (x: Double, y: Double) in
            best = Swift.max(best, record.score)
            return (Double(record.trial), best)
        }
        var figures = [HTMLReport.Figure(svg: ScatterChart(title: "\(metricName) by trial", xLabel: "trial", yLabel: metricName, series: [
            .init(name: "trial", points: byTrial.map { (Double($0.trial), $0.score) }),
            .init(name: "best so far", points: bestSoFar, connected: true),
        ]).svg(), caption: "Each trial's \(metricName) in trial order, and the best so far.")]
        for dimension in space {
            let choices: [String]? = if case .choice(let options) = dimension.distribution { options } else { nil }
            let points = byTrial.compactMap { record -> (x: Double, y: Double)? in
                guard let value = record.values.first(where: { $0.name == dimension.name })?.value else { return nil }
                if let choices { return choices.firstIndex(of: value).map { (Double($0), record.score) } }
                return Double(value).map { ($0, record.score) }
            }
            let axis = choices.map { "\(dimension.name): " + $0.enumerated().map { "\($0.offset) = \($0.element)" }.joined(separator: ", ") }
                ?? dimension.name
            figures.append(HTMLReport.Figure(svg: ScatterChart(title: "\(metricName) against \(dimension.name)", xLabel: axis, yLabel: metricName,
                                                               logScaleX: dimension.isLogScale, series: [.init(name: dimension.name, points: points)]).svg(),
                                             caption: "Each trial's \(metricName) against its \(dimension.name)"
                                                + (dimension.isLogScale ? " (log axis, as it was sampled)." : ".")))
        }
        if method == .halving {
            let rungs = Set(records.compactMap(\.rung)).sorted()
            let series = rungs.map { rung in
                ScatterChart.Series(name: "rung \(rung)", points: records.filter { $0.rung == rung }.map { (Double($0.epochs), $0.score) })
            }
            figures.append(HTMLReport.Figure(svg: ScatterChart(title: "Halving rungs", xLabel: "epochs", yLabel: metricName, logScaleX: true,
                                                               series: series).svg(),
                                             caption: "Every rung's trials against the epochs they trained: the best 1/\(reductionFactor) of a rung go on."))
        }
        sections.append(HTMLReport.Section(heading: "Charts", figures: figures))
        return HTMLReport(title: title, sections: sections)
    }
}
