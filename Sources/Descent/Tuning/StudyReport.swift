import Foundation

extension StudyDefinition {
    /// A self-contained HTML report of a study's `records` (inline SVG, no network), as one static
    /// page of what Optuna's dashboard shows: the best trial and the command that trains it; each
    /// setting's importance (`SettingImportance`, the η² variance share); the ranked table, rounded,
    /// with each trial's command; the dev metric of every trial in trial order with the best so far;
    /// a slice plot per searched setting (a log axis where it was sampled on a log scale, the
    /// choices on a categorical axis); a heat map of the mean metric over the two most important
    /// settings; and, for halving, each trial's metric at every rung it reached.
    public func report(title: String, records: [TrialRecord]) -> HTMLReport {
        let ranked = TrialRecord.ranked(records)
        let accuracy = records.contains { $0.metrics["dev_accuracy"] != nil }
        let metricName = accuracy ? "dev accuracy" : "−dev RMSE"
        // The last rung of each trial (every trial once for the other methods).
        var latest: [Int: TrialRecord] = [:]
        for record in records where (latest[record.trial]?.rung ?? -1) < (record.rung ?? 0) { latest[record.trial] = record }
        let byTrial = latest.values.sorted { $0.trial < $1.trial }
        let importance = SettingImportance.ranked(byTrial, space: space)

        var summary = [HTMLReport.Block.paragraph("\(byTrial.count) trials (\(records.count) records), \(method.rawValue) search over "
            + space.map { "\($0.name)=\($0.spec)" }.joined(separator: ", ") + ".")]
        if let best = ranked.first {
            summary.append(.paragraph("Best: trial \(best.trial)" + (best.rung.map { " in rung \($0)" } ?? "")
                + ", \(metricName) \(Markup.significant(best.score, digits: 4)). It trains again with:"))
            if let command = command(of: best) { summary.append(.preformatted(command)) }
        } else {
            summary.append(.paragraph("No trial finished."))
        }
        var sections = [HTMLReport.Section(heading: "Best trial", blocks: summary)]
        if !importance.isEmpty {
            sections.append(HTMLReport.Section(heading: "Which settings mattered", blocks: [
                .paragraph("The share of the spread of \(metricName) over the trials that each setting explains on its own (η², the "
                    + "correlation ratio: the first-order term of a functional ANOVA, with numbers in \(SettingImportance.binCount) "
                    + "quantile bins), normalized to sum to 100 %."),
                .table(ReportTable(headers: ["setting", "importance", "η²"], rows: importance.map {
                    [$0.name, "\(formatFixed($0.share * 100, digits: 1)) %", Markup.significant($0.explainedVariance, digits: 3)]
                })),
            ]))
        }
        sections.append(trialsSection(ranked: ranked, metricName: metricName))
        sections.append(HTMLReport.Section(heading: "Charts", figures: figures(byTrial: byTrial, records: records, importance: importance,
                                                                              metricName: metricName)))
        return HTMLReport(title: title, subtitle: "descent tune · \(method.rawValue) search · Descent \(Descent.version)", sections: sections)
    }

    /// The `descent train` command that trains `record`'s trial (in its rung), or nil when its
    /// settings no longer validate.
    public func command(of record: TrialRecord) -> String? {
        let rungs = method == .halving ? rungEpochs(maximumEpochs: fixed.effective.epochs) : nil
        return try? settings(for: task(trial: record.trial, rung: record.rung, rungEpochs: rungs)).command
    }

    /// The ranked table (the best 50), every number rounded, and the best ten trials' commands.
    private func trialsSection(ranked: [TrialRecord], metricName: String) -> HTMLReport.Section {
        func short(_ text: String) -> String { Double(text).map { Markup.significant($0, digits: 4) } ?? text }
        let headers = ["rank", "trial"] + (method == .halving ? ["rung"] : []) + space.map(\.name)
            + [metricName, "dev cost", "epochs", "seconds", "stopped"]
        let rows = ranked.prefix(50).enumerated().map { rank, record -> [String] in
            ["\(rank + 1)", "\(record.trial)"] + (method == .halving ? ["\(record.rung ?? 0)"] : [])
                + space.map { dimension in short(record.values.first { $0.name == dimension.name }?.value ?? "") }
                + [record.score.isFinite ? Markup.significant(record.score, digits: 4) : "–",
                   record.metrics["dev_cost"].map { Markup.significant($0, digits: 4) } ?? "–", "\(record.epochs)",
                   formatFixed(record.seconds, digits: 2), record.stopped]
        }
        let commands = ranked.prefix(10).compactMap { record in command(of: record).map { "trial \(record.trial): \($0)" } }
        var blocks: [HTMLReport.Block] = [.table(ReportTable(headers: headers, rows: rows))]
        if ranked.count > 50 { blocks.append(.paragraph("The best 50 of \(ranked.count) records.")) }
        if !commands.isEmpty {
            blocks.append(.paragraph("The best trials' commands:"))
            blocks.append(.preformatted(commands.joined(separator: "\n")))
        }
        return HTMLReport.Section(heading: "Trials", blocks: blocks)
    }

    /// History, slices, the heat map of the two most important settings, halving's rungs.
    private func figures(byTrial: [TrialRecord], records: [TrialRecord], importance: [SettingImportance], metricName: String) -> [HTMLReport.Figure] {
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
            figures.append(HTMLReport.Figure(
                svg: ScatterChart(title: "\(metricName) against \(dimension.name)", xLabel: dimension.name, yLabel: metricName,
                                  logScaleX: dimension.isLogScale, xCategories: choices, series: [.init(name: dimension.name, points: points)]).svg(),
                caption: "Each trial's \(metricName) against its \(dimension.name)"
                    + (dimension.isLogScale ? " (log axis, as it was sampled)." : choices == nil ? "." : " (one column per choice).")))
        }
        if importance.count >= 2, let map = heatMap(byTrial, importance[0].name, importance[1].name, metricName: metricName) {
            figures.append(HTMLReport.Figure(svg: map.svg(), caption: "The mean \(metricName) of the trials in each pair of values of the "
                + "two most important settings (numbers in quantile bins; – where no trial fell)."))
        }
        if method == .halving {
            let trials = Dictionary(grouping: records.filter { $0.rung != nil }, by: \.trial)
            let series = trials.keys.sorted().map { trial -> CostCurveChart.Series in
                let rungs = trials[trial]!.sorted { $0.epochs < $1.epochs }
                let points: [(x: Double, y: Double?)] = rungs.map { record in
                    (x: Double(record.epochs), y: record.score.isFinite ? record.score : nil)
                }
                return CostCurveChart.Series(name: "trial \(trial)", points: points)
            }
            figures.append(HTMLReport.Figure(svg: CostCurveChart(title: "Intermediate values (halving rungs)", xLabel: "epochs", yLabel: metricName,
                                                                 series: series, showsLegend: false).svg(),
                                             caption: "Each trial's \(metricName) at every rung it reached: the best 1/\(reductionFactor) of a rung go on."))
        }
        return figures
    }

    /// The mean score over pairs of groups of settings `x` and `y`, or nil when either has one group.
    private func heatMap(_ records: [TrialRecord], _ x: String, _ y: String, metricName: String) -> HeatMapChart? {
        guard let xDimension = space.first(where: { $0.name == x }), let yDimension = space.first(where: { $0.name == y }) else { return nil }
        let finished = records.filter { $0.score.isFinite }
        func ordered(_ dimension: SearchDimension) -> (labels: [String], groups: [String: [Int]]) {
            if case .choice(let options) = dimension.distribution {
                let groups = SettingImportance.groups(of: dimension, in: finished)
                return (options.filter { groups[$0] != nil }, groups)
            }
            return SettingImportance.bins(finished.map { record in record.values.first { $0.name == dimension.name }.flatMap { Double($0.value) } },
                                          logScale: dimension.isLogScale)
        }
        let columns = ordered(xDimension), rows = ordered(yDimension)
        guard columns.labels.count > 1, rows.labels.count > 1 else { return nil }
        let values = rows.labels.map { rowLabel in
            columns.labels.map { columnLabel -> Double? in
                let members = Set(rows.groups[rowLabel] ?? []).intersection(columns.groups[columnLabel] ?? [])
                guard !members.isEmpty else { return nil }
                return members.reduce(0) { $0 + finished[$1].score } / Double(members.count)
            }
        }
        return HeatMapChart(title: "Mean \(metricName): \(y) against \(x)", xLabel: x, yLabel: y, columns: columns.labels, rows: rows.labels, values: values)
    }
}
