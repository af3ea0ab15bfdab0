import Foundation

extension RunResult {
    /// A self-contained HTML report of this run (inline SVG, no network) that records it: the
    /// results rounded for people and the bias/variance reading; the `descent train` command that
    /// reproduces the run and every setting it used (given or default); the data (splits, features,
    /// how each column was encoded and its missing cells filled, what was left out); train and dev
    /// cost and accuracy over training and the learning rate (a chart only when a schedule changed
    /// it); per layer over training the gradient norm ‖dW‖, the update ratio ‖ΔW‖/‖W‖ and the dead
    /// or saturated fraction (on 0–1), a normalized layer tagged `BN` or `LN` (`Normalization.tag`)
    /// in the legends and listed with its normalization in the results; the gradient-health `warnings`, each with its suggested
    /// command; the decision boundary when the data has two features; the confusion matrix of a
    /// classifier, or predicted against actual and the residuals of a regression, on its held-out
    /// split (test, else dev, else train).
    ///
    /// Long curves are thinned to what a chart can show and scatter plots sample at most
    /// `Self.reportPointLimit` points, so a report stays small whatever the run's length or the
    /// table's size.
    ///
    /// - Parameters:
    ///   - title: The page title; by default `Training on <file name>` (the name, not its path).
    ///   - data: The run's prepared data: its splits, encoding and scaling.
    ///   - settings: The run's settings, for the command and the settings table (none: left out).
    ///   - warnings: The gradient-health warnings the run raised, each shown with its command.
    public func report(title: String? = nil, data: PreparedData, settings: TrainingSettings? = nil,
                       warnings: [DiagnosticWarning] = []) -> HTMLReport {
        var sections = [resultsSection(data: data)]
        if let settings { sections.append(Self.runSection(settings)) }
        sections.append(Self.dataSection(data, path: settings?.data))
        sections.append(trainingSection(standardizedTarget: data.targetScaler != nil))
        if let layers = layersSection(warnings: warnings, settings: settings) { sections.append(layers) }
        sections += heldOutSections(data: data)
        let subtitle = "descent train · \(history.records.count) epochs · \(stopText) · "
            + "\(formatFixed(seconds, digits: 3)) s · Descent \(Descent.version)"
        return HTMLReport(title: title ?? "Training on \(Self.dataName(settings))", subtitle: subtitle, sections: sections)
    }

    /// The most points a scatter or boundary chart of the report draws (an evenly spaced sample).
    public static var reportPointLimit: Int { 600 }

    /// The data's name for a title: a course dataset's name, a file's name without its folders,
    /// `standard input` for `-`.
    static func dataName(_ settings: TrainingSettings?) -> String {
        guard let data = settings?.data else { return "a dataset" }
        if data == "-" { return "standard input" }
        return URL(fileURLWithPath: data).lastPathComponent
    }

    /// How the run ended, in words.
    var stopText: String {
        switch history.stopReason {
        case .completed: "completed"
        case .earlyStopped(let best): "early-stopped (the weights of epoch \(best) kept)"
        case .diverged(let epoch): "diverged in epoch \(epoch) (\(keptWeightsText) kept)"
        case .diverging(let event): "diverged in epoch \(event.epoch) (\(keptWeightsText) kept)"
        case .stopped(let epoch): "stopped after epoch \(epoch)"
        case .converged(let epoch): "converged after epoch \(epoch) (the training cost stopped falling)"
        }
    }

    /// Which weights a diverged run kept.
    private var keptWeightsText: String {
        history.weightsEpoch.map { "the weights of epoch \($0)" } ?? "the initial weights"
    }

    /// The results table, rounded for people, and the bias/variance reading.
    private func resultsSection(data: PreparedData) -> HTMLReport.Section {
        func short(_ value: Double, _ digits: Int = 4) -> String { Markup.significant(value, digits: digits) }
        var rows: [[String]] = []
        for split in ["train", "dev", "test"] {
            if let accuracy = metrics["\(split)_accuracy"] { rows.append(["\(split) accuracy", short(accuracy)]) }
            if let rmse = metrics["\(split)_rmse"] { rows.append(["\(split) RMSE", short(rmse)]) }
            if let r2 = metrics["\(split)_r2"] { rows.append(["\(split) R²", short(r2)]) }
        }
        // A standardized target's cost is on that scale; RMSE is in the target's units.
        let standardized = data.targetScaler == nil ? "" : " (standardized target)"
        if let cost = metrics["final_cost"] { rows.append(["final cost\(standardized)", short(cost, 6)]) }
        rows.append(["epochs run", "\(history.records.count)"])
        rows.append(["ended", stopText])
        rows.append(["layer sizes", network.layerSizes.map(String.init).joined(separator: ", ")])
        if let normalized = normalizedLayersText { rows.append(["normalized layers", normalized]) }
        rows.append(["parameters", "\(network.parameterCount)"])
        rows.append(["training time", "\(formatFixed(seconds, digits: 3)) s"])
        var paragraphs: [String] = []
        if let train = metrics["train_error"], let held = metrics["dev_error"] ?? metrics["test_error"] {
            let diagnosis = BiasVarianceDiagnosis(trainError: train, devError: held)
            var text = "Bias and variance: " + diagnosis.summary(devName: metrics["dev_error"] == nil ? "test" : "dev")
            if diagnosis.regime == .highBias || diagnosis.regime == .highBiasAndVariance {
                text += ". This takes the best achievable error (Bayes) as 0 %; on noisy data it is higher and the "
                    + "avoidable bias smaller (descent evaluate --bayes-error sets an estimate)."
            }
            paragraphs.append(text)
        }
        return HTMLReport.Section(heading: "Results", paragraphs: paragraphs,
                                  tables: [ReportTable(headers: ["measure", "value"], rows: rows)])
    }

    /// The reproducing command, the settings given and the defaults the run used (flags left off
    /// are not listed).
    private static func runSection(_ settings: TrainingSettings) -> HTMLReport.Section {
        let recorded = Dictionary(settings.recordedValues.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        var given: [[String]] = [], defaults: [String] = []
        for setting in TrainingSettings.vocabulary {
            if settings.isGiven(setting.name) {
                given.append([setting.name, setting.text(in: settings) ?? ""])
            } else if setting.shapesRun, let value = recorded[setting.name], !value.isEmpty, !(setting.isFlag && value == "false") {
                defaults.append("\(setting.name) \(value)")
            }
        }
        let file = settings.data != "-" && CourseDataset(rawValue: settings.data) == nil
        return HTMLReport.Section(heading: "Run", blocks: [
            .paragraph("The command that trains this run again" + (file ? " (run where the data file's path leads to it):" : ":")),
            .preformatted(settings.command),
            .table(ReportTable(headers: ["setting given", "value"], rows: given)),
            .paragraph("Defaults it used: " + defaults.joined(separator: " · ") + "."),
        ])
    }

    /// Rows per split, features, how each column became features, and the preparation's notes
    /// (what was left out and why, what was filled).
    /// The notes name the data file as the run was given it (`path`); the report names it by its
    /// file name, as its title does.
    private static func dataSection(_ data: PreparedData, path: String?) -> HTMLReport.Section {
        var rows: [[String]] = [["training examples", "\(data.trainCount)"]]
        if let dev = data.devCount { rows.append(["dev examples", "\(dev)"]) }
        if let test = data.testCount { rows.append(["test examples", "\(test)"]) }
        rows.append(["features", "\(data.featureNames.count)"])
        if let label = data.labelName { rows.append(["label", label]) }
        if let classes = data.classNames {
            rows.append(["task", "classification, \(classes.count) classes"])
        } else {
            rows.append(["task", "regression"])
            if let target = data.targetScaler {
                rows.append(["target", "standardized with the training split's mean \(Markup.significant(target.offsets[0], digits: 6)) and "
                    + "standard deviation \(Markup.significant(target.scales[0], digits: 6)); costs on that scale, RMSE and R² in its units"])
            }
        }
        rows.append(["input normalization", data.scaler.method == .none ? "none" : "\(data.scaler.method.rawValue), fitted on the training split"])
        var blocks: [HTMLReport.Block] = [.table(ReportTable(headers: ["data", ""], rows: rows))]
        if let encoder = data.encoder {
            let limit = 40
            var columns = encoder.columns.prefix(limit).map { column -> [String] in
                switch column.encoding {
                case .numeric(let fill, let indicator):
                    let filled = column.missingCount == 0 ? "" : "\(column.missingCount) filled with \(Markup.significant(fill))"
                        + (indicator ? ", with a missing indicator" : "")
                    return [column.name, "numeric", filled]
                case .categorical(let categories, let missingCategory):
                    let shown = categories.prefix(6).joined(separator: ", ") + (categories.count > 6 ? ", …" : "")
                    let filled = column.missingCount == 0 ? "" : "\(column.missingCount) as the category 'missing'"
                    return [column.name, "one-hot, \(categories.count + (missingCategory ? 1 : 0)) categories (\(shown))", filled]
                }
            }
            if encoder.columns.count > limit { columns.append(["… \(encoder.columns.count - limit) more columns", "", ""]) }
            blocks.append(.table(ReportTable(headers: ["column", "encoded as", "missing training cells"], rows: columns)))
        }
        let renamed = path.map { (path: $0, name: URL(fileURLWithPath: $0).lastPathComponent) }
        blocks += (data.notes + data.warnings.map(\.description)).map { note in
            .paragraph("Note: " + (renamed.map { note.replacingOccurrences(of: $0.path, with: $0.name) } ?? note))
        }
        return HTMLReport.Section(heading: "Data", blocks: blocks)
    }

    /// Cost (on the standardized target when `standardizedTarget`), accuracy and learning rate over training.
    private func trainingSection(standardizedTarget: Bool) -> HTMLReport.Section {
        let records = history.records
        let unit = "epoch"
        var figures: [HTMLReport.Figure] = []
        var costSeries = [CostCurveChart.Series(name: "train cost", points: records.map { (Double($0.epoch), $0.cost.isFinite ? $0.cost : nil) })]
        if records.contains(where: { $0.devCost != nil }) {
            costSeries.append(CostCurveChart.Series(name: "dev cost", points: records.map { (Double($0.epoch), $0.devCost) }))
        }
        figures.append(HTMLReport.Figure(svg: CostCurveChart(title: "Cost", xLabel: unit, yLabel: "cost", logScaleY: true, series: costSeries).svg(),
                                         caption: "The training cost of every \(unit) (log scale) and the dev cost when there is a dev set"
                                            + (standardizedTarget ? ", on the target standardized with the training split's mean and standard deviation." : ".")))
        var accuracySeries: [CostCurveChart.Series] = []
        if records.contains(where: { $0.trainAccuracy != nil }) {
            accuracySeries.append(CostCurveChart.Series(name: "train accuracy", points: records.map { (Double($0.epoch), $0.trainAccuracy) }))
        }
        if records.contains(where: { $0.devAccuracy != nil }) {
            accuracySeries.append(CostCurveChart.Series(name: "dev accuracy", points: records.map { (Double($0.epoch), $0.devAccuracy) }))
        }
        if !accuracySeries.isEmpty {
            figures.append(HTMLReport.Figure(svg: CostCurveChart(title: "Accuracy", xLabel: unit, yLabel: "accuracy", series: accuracySeries).svg(),
                                             caption: "The running training accuracy of every \(unit) (each batch before its update) and "
                                                + "the dev set's accuracy after it."))
        }
        var paragraphs: [String] = []
        let rates = records.map(\.learningRate)
        if let first = rates.first, rates.allSatisfy({ $0 == first }) {
            paragraphs.append("Learning rate: \(Markup.significant(first, digits: 6)) throughout (no schedule).")
        } else if !rates.isEmpty {
            let series = CostCurveChart.Series(name: "learning rate", points: records.map { (Double($0.epoch), $0.learningRate) })
            figures.append(HTMLReport.Figure(svg: CostCurveChart(title: "Learning rate", xLabel: unit, yLabel: "α", logScaleY: true, series: [series]).svg(),
                                             caption: "The learning rate the schedule gave each \(unit)."))
        }
        return HTMLReport.Section(heading: "Training", paragraphs: paragraphs, figures: figures)
    }

    /// The normalized layers by normalization, `1, 3: batch normalization (BN; momentum 0.1,
    /// ε 1e-5)`; `nil` when no layer is normalized.
    private var normalizedLayersText: String? {
        var groups: [(normalization: Normalization, layers: [Int])] = []
        for (index, layer) in network.layers.enumerated() {
            guard let normalization = layer.normalization else { continue }
            if let group = groups.firstIndex(where: { $0.normalization == normalization }) {
                groups[group].layers.append(index + 1)
            } else {
                groups.append((normalization, [index + 1]))
            }
        }
        guard !groups.isEmpty else { return nil }
        return groups.map { normalization, layers in
            let momentum = if case .batch(let momentum, _) = normalization { "momentum \(Markup.significant(momentum)), " } else { "" }
            return layers.map(String.init).joined(separator: ", ") + ": \(normalization.name) normalization "
                + "(\(normalization.tag); \(momentum)ε \(Markup.significant(normalization.epsilon)))"
        }.joined(separator: "; ")
    }

    /// A layer's name in the per-layer charts' legends: `layer 2`, `layer 2 (BN)` when normalized.
    private func layerLabel(_ layer: Int) -> String {
        "layer \(layer)" + (network.layers[layer - 1].normalization.map { " (\($0.tag))" } ?? "")
    }

    /// Per-layer statistics over training and the gradient-health warnings with their commands.
    private func layersSection(warnings: [DiagnosticWarning], settings: TrainingSettings?) -> HTMLReport.Section? {
        guard let first = history.diagnostics.first else { return nil }
        func chart(_ title: String, _ label: String, log: Bool, range: ClosedRange<Double>? = nil, _ value: (LayerStatistics) -> Double?) -> String {
            let series = first.layers.indices.map { index in
                CostCurveChart.Series(name: layerLabel(index + 1), points: history.diagnostics.map { record in
                    let v = value(record.layers[index])
                    return (Double(record.step), v.flatMap { $0.isFinite && (!log || $0 > 0) ? $0 : nil })
                })
            }
            return CostCurveChart(title: title, xLabel: "step", yLabel: label, logScaleY: log, yRange: range, series: series).svg()
        }
        var figures = [
            HTMLReport.Figure(svg: chart("Gradient norm per layer", "‖dW‖", log: true) { $0.gradientNorm },
                              caption: "‖dW[l]‖ over training. Lines orders of magnitude apart, ordered by depth, are vanishing "
                                + "(early layers lowest) or exploding (early layers highest) gradients."),
            HTMLReport.Figure(svg: chart("Update ratio per layer", "‖ΔW‖/‖W‖", log: true) { $0.updateRatio },
                              caption: "How much each step changes the weights, relative to their size; about 1e-3 is healthy."),
        ]
        if first.layers.contains(where: { $0.deadFraction != nil }) {
            figures.append(HTMLReport.Figure(svg: chart("Dead ReLU units", "fraction", log: false, range: 0...1) { $0.deadFraction },
                                             caption: "The fraction of each ReLU layer's units that output 0 for the whole batch."))
        }
        if first.layers.dropLast().contains(where: { $0.saturatedFraction != nil }) {
            figures.append(HTMLReport.Figure(svg: chart("Saturated units", "fraction", log: false, range: 0...1) { $0.saturatedFraction },
                                             caption: "The fraction of each sigmoid/tanh layer's activations at the function's limits."))
        }
        var blocks: [HTMLReport.Block] = []
        if let normalized = normalizedLayersText {
            blocks.append(.paragraph("Normalized layers: \(normalized). A normalized layer's activation receives Z̃ = γ ⊙ ẑ + β, "
                + "so its dead units are those whose Z̃ is ≤ 0 for the whole batch."))
        }
        if warnings.isEmpty { blocks.append(.paragraph("No gradient-health warning.")) }
        for warning in warnings {
            blocks.append(.paragraph("Warning — \(warning.description)"))
            if let settings, let command = warning.command(for: settings) { blocks.append(.preformatted(command)) }
        }
        return HTMLReport.Section(heading: "Inside the network", blocks: blocks + figures.map(HTMLReport.Block.figure))
    }

    /// The decision boundary (two features), and on the held-out split the confusion matrix of a
    /// classifier or predicted against actual and the residuals of a regression.
    private func heldOutSections(data: PreparedData) -> [HTMLReport.Section] {
        var sections: [HTMLReport.Section] = []
        let network = self.network
        if data.featureCount == 2, data.loss == .binaryCrossEntropy {
            let sample = Self.sampled(data.train)
            let normalized = data.scaler.method == .none ? "" : " (\(data.scaler.method.rawValue)-normalized inputs)"
            let chart = DecisionBoundaryChart(title: "Decision boundary" + normalized, dataset: sample, resolution: 60) { points in
                var grid = Matrix<Scalar>(rows: 2, columns: points.count)
                for (j, point) in points.enumerated() {
                    grid[0, j] = Scalar(point.0)
                    grid[1, j] = Scalar(point.1)
                }
                return network.outputs(grid).elements.map { Double($0) }
            }
            let shown = sample.count == data.trainCount ? "The training examples" : "\(sample.count) of the \(data.trainCount) training examples"
            sections.append(HTMLReport.Section(heading: "Decision boundary", figures: [
                HTMLReport.Figure(svg: chart.svg(), caption: "\(shown) over the network's probability of class 1."),
            ]))
        }
        let (name, split) = data.storedTest.map { ("test", $0) } ?? data.storedDev.map { ("dev", $0) } ?? ("train", data.storedTrain)
        guard split.count > 0 else { return sections }
        let converted = split.dataset(as: Scalar.self)
        let outputs = network.outputs(converted.features)
        if data.loss.isClassification, let classNames = data.classNames {
            let predicted = Network<Scalar>.labels(fromOutputs: outputs, loss: network.loss)
            let confusion = ClassificationMetrics(predicted: predicted, labels: converted.labels, classCount: max(classNames.count, network.classCount))
            let table = ReportTable(headers: ["true \\ predicted"] + classNames, rows: classNames.indices.map { k in
                [classNames[k]] + confusion.confusion[k].map(String.init)
            })
            sections.append(HTMLReport.Section(heading: "Confusion matrix (\(name))", tables: [table]))
        } else if !data.loss.isClassification, outputs.rows == 1 {
            // In the target's units (a standardized target mapped back).
            let actual = data.inTargetUnits(split.labels).elements
            let predicted = data.inTargetUnits(outputs.converted(to: Double.self)).elements
            let step = max(1, (actual.count + Self.reportPointLimit - 1) / Self.reportPointLimit)
            let pairs = stride(from: 0, to: actual.count, by: step).map { (x: actual[$0], y: predicted[$0]) }
            let finite = pairs.flatMap { [$0.x, $0.y] }.filter(\.isFinite)
            var series = [ScatterChart.Series(name: "examples", points: pairs)]
            if let low = finite.min(), let high = finite.max() {
                series.append(ScatterChart.Series(name: "predicted = actual", points: [(low, low), (high, high)], connected: true))
            }
            let scatter = ScatterChart(title: "Predicted against actual (\(name))", xLabel: "actual", yLabel: "predicted", series: series)
            let residuals = HistogramChart(title: "Residuals (\(name))", xLabel: "actual − predicted", values: zip(actual, predicted).map { $0 - $1 })
            let shown = pairs.count == actual.count ? "Every \(name) example" : "\(pairs.count) of the \(actual.count) \(name) examples"
            sections.append(HTMLReport.Section(heading: "Predictions (\(name))", figures: [
                HTMLReport.Figure(svg: scatter.svg(), caption: "\(shown): on the line is a perfect prediction."),
                HTMLReport.Figure(svg: residuals.svg(), caption: "How far off the predictions are, over all \(actual.count) \(name) examples."),
            ]))
        }
        return sections
    }

    /// `dataset` itself, or an evenly spaced sample of `reportPointLimit` of its examples.
    static func sampled(_ dataset: Dataset<Double>) -> Dataset<Double> {
        guard dataset.count > reportPointLimit else { return dataset }
        let step = Double(dataset.count) / Double(reportPointLimit)
        return dataset.selecting(columns: (0..<reportPointLimit).map { Int(Double($0) * step) })
    }
}
