extension RunResult {
    /// A self-contained HTML report of this run (inline SVG, no network), like the lab report:
    /// the results and the bias/variance reading; train and dev cost, train and dev accuracy and the learning
    /// rate over training; per layer over training (log scales) the gradient norm ‖dW‖, the update
    /// ratio ‖ΔW‖/‖W‖ and the dead or saturated fraction; the gradient-health `warnings`; the
    /// decision boundary when the data has two features; the confusion matrix of a classifier on
    /// its held-out split (test, else dev, else train).
    public func report(title: String, data: PreparedData, warnings: [DiagnosticWarning] = []) -> HTMLReport {
        var sections: [HTMLReport.Section] = []
        let records = history.records
        let unit = "epoch"

        // Results.
        var rows: [[String]] = []
        for split in ["train", "dev", "test"] {
            if let accuracy = metrics["\(split)_accuracy"] { rows.append(["\(split) accuracy", "\(accuracy)"]) }
            if let rmse = metrics["\(split)_rmse"], let r2 = metrics["\(split)_r2"] { rows.append(["\(split) RMSE / R²", "\(rmse) / \(r2)"]) }
        }
        if let cost = metrics["final_cost"] { rows.append(["final cost", "\(cost)"]) }
        rows.append(["epochs run", "\(records.count)"])
        rows.append(["stopped", "\(history.stopReason)"])
        rows.append(["layers", ([network.inputSize] + network.layers.map(\.outputSize)).map(String.init).joined(separator: ", ")])
        rows.append(["seconds", "\(seconds)"])
        var paragraphs: [String] = []
        if let train = metrics["train_error"], let held = metrics["dev_error"] ?? metrics["test_error"] {
            paragraphs.append("Bias and variance: " + BiasVarianceDiagnosis(trainError: train, devError: held).summary(
                devName: metrics["dev_error"] == nil ? "test" : "dev"))
        }
        sections.append(HTMLReport.Section(heading: "Results", paragraphs: paragraphs,
                                           tables: [ReportTable(headers: ["measure", "value"], rows: rows)]))

        // Curves over training.
        var figures: [HTMLReport.Figure] = []
        var costSeries = [CostCurveChart.Series(name: "train cost", points: records.map { (Double($0.epoch), $0.cost.isFinite ? $0.cost : nil) })]
        if records.contains(where: { $0.devCost != nil }) {
            costSeries.append(CostCurveChart.Series(name: "dev cost", points: records.map { (Double($0.epoch), $0.devCost) }))
        }
        figures.append(HTMLReport.Figure(svg: CostCurveChart(title: "Cost", xLabel: unit, yLabel: "cost", logScaleY: true, series: costSeries).svg(),
                                         caption: "The training cost of every \(unit) (log scale) and the dev cost when there is a dev set."))
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
        let rates = CostCurveChart.Series(name: "learning rate", points: records.map { (Double($0.epoch), $0.learningRate) })
        figures.append(HTMLReport.Figure(svg: CostCurveChart(title: "Learning rate", xLabel: unit, yLabel: "α", logScaleY: true, series: [rates]).svg(),
                                         caption: "The learning rate the schedule gave each \(unit)."))
        sections.append(HTMLReport.Section(heading: "Training", figures: figures))

        // Per-layer diagnostics.
        if let first = history.diagnostics.first {
            func chart(_ title: String, _ label: String, log: Bool, _ value: (LayerStatistics) -> Double?) -> String {
                let series = first.layers.indices.map { index in
                    CostCurveChart.Series(name: "layer \(index + 1)", points: history.diagnostics.map { record in
                        let v = value(record.layers[index])
                        return (Double(record.step), v.flatMap { $0.isFinite && (!log || $0 > 0) ? $0 : nil })
                    })
                }
                return CostCurveChart(title: title, xLabel: "step", yLabel: label, logScaleY: log, series: series).svg()
            }
            var layerFigures = [
                HTMLReport.Figure(svg: chart("Gradient norm per layer", "‖dW‖", log: true) { $0.gradientNorm },
                                  caption: "‖dW[l]‖ over training. Lines orders of magnitude apart, ordered by depth, are vanishing "
                                    + "(early layers lowest) or exploding (early layers highest) gradients."),
                HTMLReport.Figure(svg: chart("Update ratio per layer", "‖ΔW‖/‖W‖", log: true) { $0.updateRatio },
                                  caption: "How much each step changes the weights, relative to their size; about 1e-3 is healthy."),
            ]
            if first.layers.contains(where: { $0.deadFraction != nil }) {
                layerFigures.append(HTMLReport.Figure(svg: chart("Dead ReLU units", "fraction", log: false) { $0.deadFraction },
                                                      caption: "The fraction of each ReLU layer's units that output 0 for the whole batch."))
            }
            if first.layers.dropLast().contains(where: { $0.saturatedFraction != nil }) {
                layerFigures.append(HTMLReport.Figure(svg: chart("Saturated units", "fraction", log: false) { $0.saturatedFraction },
                                                      caption: "The fraction of each sigmoid/tanh layer's activations at the function's limits."))
            }
            let warningText = warnings.isEmpty ? ["No gradient-health warning."] : warnings.map { "Warning — \($0.description)" }
            sections.append(HTMLReport.Section(heading: "Inside the network", paragraphs: warningText, figures: layerFigures))
        }

        // Decision boundary (two features) and confusion matrix.
        var lastBlocks: [HTMLReport.Section] = []
        if data.train.featureCount == 2, data.loss == .binaryCrossEntropy {
            let network = self.network
            let chart = DecisionBoundaryChart(title: "Decision boundary (normalized inputs)", dataset: data.train, resolution: 80) { points in
                var grid = Matrix<Scalar>(rows: 2, columns: points.count)
                for (j, point) in points.enumerated() {
                    grid[0, j] = Scalar(point.0)
                    grid[1, j] = Scalar(point.1)
                }
                return network.outputs(grid).elements.map { Double($0) }
            }
            lastBlocks.append(HTMLReport.Section(heading: "Decision boundary",
                                                 figures: [HTMLReport.Figure(svg: chart.svg(), caption: "The training examples over the network's "
                                                    + "probability of class 1.")]))
        }
        if data.loss.isClassification, let classNames = data.classNames {
            let (name, split) = data.test.map { ("test", $0) } ?? data.dev.map { ("dev", $0) } ?? ("train", data.train)
            let converted = split.converted(to: Scalar.self)
            let predicted = Network<Scalar>.labels(fromOutputs: network.outputs(converted.features), loss: network.loss)
            let confusion = ClassificationMetrics(predicted: predicted, labels: converted.labels, classCount: max(classNames.count, network.classCount))
            let table = ReportTable(headers: ["true \\ predicted"] + classNames, rows: classNames.indices.map { k in
                [classNames[k]] + confusion.confusion[k].map(String.init)
            })
            lastBlocks.append(HTMLReport.Section(heading: "Confusion matrix (\(name))", tables: [table]))
        }
        sections += lastBlocks
        return HTMLReport(title: title, subtitle: "descent train", sections: sections)
    }
}
