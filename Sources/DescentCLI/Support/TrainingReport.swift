import Descent

/// The results of a training run, as text and as the JSON object `descent train --json` prints.
struct TrainingReport<Scalar: DescentFloat> {
    var network: Network<Scalar>
    var prepared: PreparedData
    var history: TrainingHistory
    var seconds: Double
    /// `RunResult.metrics`, shared by the text, the JSON and the saved model's metadata.
    let metrics: [String: Double]

    /// The gradient-health warnings raised during training (also printed on stderr as they came),
    /// each with the run's `descent train` command with its change applied.
    var warnings: [(warning: DiagnosticWarning, command: String?)] = []

    init(result: RunResult<Scalar>, prepared: PreparedData) {
        network = result.network
        self.prepared = prepared
        history = result.history
        seconds = result.seconds
        metrics = result.metrics
    }

    var isClassification: Bool { prepared.loss.isClassification }

    func accuracy(_ split: String) -> Double? { metrics["\(split)_accuracy"] }

    /// Root-mean-squared error and R² for regression.
    func regressionMetrics(_ split: String) -> (rmse: Double, r2: Double)? {
        guard let rmse = metrics["\(split)_rmse"], let r2 = metrics["\(split)_r2"] else { return nil }
        return (rmse, r2)
    }

    var stopText: String {
        switch history.stopReason {
        case .completed: "completed"
        case .earlyStopped: "early-stopped"
        case .diverged, .diverging: "diverged"
        case .stopped: "stopped"
        case .converged: "converged"
        }
    }

    var json: JSON {
        var members: [(String, JSON)] = []
        if isClassification {
            members.append(("train_accuracy", .number(accuracy("train"))))
            if prepared.devCount != nil { members.append(("dev_accuracy", .number(accuracy("dev")))) }
            if prepared.testCount != nil { members.append(("test_accuracy", .number(accuracy("test")))) }
            members.append(("classes", .array((prepared.classNames ?? []).map { .string($0) })))
        } else {
            if let train = regressionMetrics("train") {
                members.append(("train_rmse", .number(train.rmse)))
                members.append(("train_r2", .number(train.r2)))
            }
            if let dev = regressionMetrics("dev") {
                members.append(("dev_rmse", .number(dev.rmse)))
                members.append(("dev_r2", .number(dev.r2)))
            }
            if let test = regressionMetrics("test") {
                members.append(("test_rmse", .number(test.rmse)))
                members.append(("test_r2", .number(test.r2)))
            }
            // The costs below are on the target standardized with these (RMSE above is in its units); null: not scaled.
            members.append(("target_standardization", prepared.targetScaler.map { scaler in
                .object([("mean", .number(scaler.offsets[0])), ("std", .number(scaler.scales[0]))])
            } ?? .null))
        }
        members.append(("final_cost", .number(history.finalCost)))
        members.append(("epochs", .integer(history.records.count)))
        members.append(("seconds", .number(seconds)))
        members.append(("stopped", .string(stopText)))
        if !history.diagnostics.isEmpty {
            members.append(("diagnostics", .array(history.diagnostics.map { record in
                .object([("epoch", .integer(record.epoch)), ("step", .integer(record.step)), ("layers", .array(record.layers.map { stats in
                    .object([
                        ("layer", .integer(stats.layer)), ("gradient_norm", .number(stats.gradientNorm)), ("weight_norm", .number(stats.weightNorm)),
                        ("update_ratio", .number(stats.updateRatio)), ("activation_mean", .number(stats.activationMean)),
                        ("activation_std", .number(stats.activationStandardDeviation)), ("dead_fraction", .number(stats.deadFraction)),
                        ("saturated_fraction", .number(stats.saturatedFraction)),
                    ])
                }))])
            })))
        }
        members.append(("warnings", .array(warnings.map { warning, command in
            .object([("kind", .string(warning.kind.rawValue)), ("layer", .integer(warning.layer)), ("epoch", .integer(warning.epoch)),
                     ("step", .integer(warning.step)), ("message", .string(warning.message)),
                     ("change", .object(warning.change.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                     ("command", command.map { .string($0) } ?? .null)])
        })))
        if case .earlyStopped(let best) = history.stopReason { members.append(("best_epoch", .integer(best))) }
        // Which epoch's weights a diverged or early-stopped run kept (null: the initial weights).
        if history.stopReason.keepsBestWeights { members.append(("weights_epoch", history.weightsEpoch.map { .integer($0) } ?? .null)) }
        members.append(("layers", .array(network.layerSizes.map { .integer($0) })))
        members.append(("precision", .string(Scalar.precisionName)))
        return .object(members)
    }

    /// The results for people: accuracies, RMSE and R² (in the target's units) to 4 significant
    /// digits, the cost to 6 (`--json` keeps every digit) — the network's, labelled as on the
    /// standardized target when it fits one.
    var text: String {
        func short(_ value: Double?, _ digits: Int = 4) -> String { Markup.significant(value ?? .nan, digits: digits) }
        var lines = [String]()
        if isClassification {
            lines.append("train accuracy: \(short(accuracy("train")))")
            if let dev = accuracy("dev") { lines.append("dev accuracy:   \(short(dev))") }
            if let test = accuracy("test") { lines.append("test accuracy:  \(short(test))") }
        } else {
            if let train = regressionMetrics("train") { lines.append("train RMSE: \(short(train.rmse))  R²: \(short(train.r2))") }
            if let dev = regressionMetrics("dev") { lines.append("dev RMSE:   \(short(dev.rmse))  R²: \(short(dev.r2))") }
            if let test = regressionMetrics("test") { lines.append("test RMSE:  \(short(test.rmse))  R²: \(short(test.r2))") }
        }
        if case .earlyStopped(let best) = history.stopReason {
            lines.append("early stopping: the dev cost stopped improving; restored the weights of epoch \(best)")
        }
        if case .converged(let epoch) = history.stopReason {
            lines.append("converged after epoch \(epoch): the training cost stopped falling (--convergence-patience)")
        }
        // A standardized target's cost is not in its units (RMSE is): say so.
        let cost = prepared.targetScaler == nil ? "final cost" : "final cost (standardized target)"
        lines.append("\(cost): \(short(history.finalCost, 6))  (\(history.records.count) epochs, \(formatFixed(seconds, digits: 3)) s)")
        return lines.joined(separator: "\n")
    }
}
