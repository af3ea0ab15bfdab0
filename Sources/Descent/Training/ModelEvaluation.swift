/// A saved model measured on labelled examples (`descent evaluate`): RMSE and R² for regression;
/// accuracy, the confusion matrix, per-class precision/recall/F1 and — when the model file stores its
/// training error — the course's bias/variance reading for a classifier.
public struct ModelEvaluation: Sendable, Equatable {
    /// What was measured, by task.
    public enum Measures: Sendable, Equatable {
        /// Regression: RMSE = √(mean (ŷ − y)²) and R², with the training RMSE stored in the model file (`train_rmse`), if any.
        case regression(RegressionMetrics, trainRMSE: Double?)
        /// Classification: the metrics over `classNames`, and the bias/variance diagnosis when the
        /// model file stores its training error (`train_error`); its dev error is 1 − accuracy.
        case classification(ClassificationMetrics, classNames: [String], diagnosis: BiasVarianceDiagnosis?)
    }

    /// The model file, as the caller named it.
    public var modelName: String
    /// The data, as the caller named it.
    public var dataName: String
    /// The number of examples m.
    public var examples: Int
    /// The metrics.
    public var measures: Measures

    /// Evaluates `model` on `input` (which must have labels): its predictions against the labels,
    /// with `bayesError` (in [0, 1]) as the Bayes-error estimate of the bias/variance reading
    /// (avoidable bias = train error − Bayes error, variance = error − train error).
    public init<Scalar: DescentFloat>(
        _ model: ModelFile<Scalar>, modelName: String, on input: ModelInput, dataName: String, bayesError: Double = 0
    ) throws(ModelEvaluationError) {
        let truth: Matrix<Double>
        do {
            truth = try model.labelMatrix(input, fileName: dataName)
        } catch {
            throw ModelEvaluationError(.input(error), modelName: modelName, dataName: dataName)
        }
        guard input.count > 0 else { throw ModelEvaluationError(.noExamples, modelName: modelName, dataName: dataName) }
        let outputs = model.outputs(forRaw: input.features)
        self.modelName = modelName
        self.dataName = dataName
        examples = input.count
        guard let classNames = model.classNames else {
            guard outputs.rows == truth.rows else {
                throw ModelEvaluationError(.outputCountMismatch(outputs: outputs.rows, targets: truth.rows), modelName: modelName, dataName: dataName)
            }
            measures = .regression(RegressionMetrics(predicted: outputs.converted(to: Double.self), targets: truth),
                                   trainRMSE: model.metrics["train_rmse"])
            return
        }
        let predicted = Network<Scalar>.labels(fromOutputs: outputs, loss: model.network.loss).converted(to: Double.self)
        let metrics = ClassificationMetrics(predicted: predicted, labels: truth, classCount: classNames.count)
        let diagnosis = model.metrics["train_error"].map {
            BiasVarianceDiagnosis(trainError: $0, devError: 1 - metrics.accuracy, bayesError: bayesError)
        }
        measures = .classification(metrics, classNames: classNames, diagnosis: diagnosis)
    }
}

/// Why a model could not be evaluated on the given data; the description names the file at fault.
public struct ModelEvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The labels could not be read as the model's classes or targets (or there are none).
        case input(ModelInputError)
        /// The data holds no examples.
        case noExamples
        /// A regression model with `outputs` outputs per example against data with `targets` targets.
        case outputCountMismatch(outputs: Int, targets: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// The model file, as the caller named it.
    public var modelName: String
    /// The data, as the caller named it.
    public var dataName: String

    /// An error of `kind` evaluating `modelName` on `dataName`.
    public init(_ kind: Kind, modelName: String, dataName: String) {
        self.kind = kind
        self.modelName = modelName
        self.dataName = dataName
    }

    /// One sentence starting with the file at fault.
    public var description: String {
        switch kind {
        case .input(let error): error.description
        case .noExamples: "\(dataName): no examples"
        case .outputCountMismatch(let outputs, let targets):
            "\(modelName): the model predicts \(outputs) values per example, \(dataName) gives \(targets)"
        }
    }
}

extension ModelEvaluation {
    /// The report `descent evaluate` prints (rounded for reading; `json` keeps every digit): the
    /// example count, then RMSE and R² (regression) or the accuracy, the confusion matrix (rows: true class, columns: predicted class), the per-class
    /// precision, recall, F1 = 2·P·R / (P + R) and support, the macro F1 and the bias/variance line.
    public var text: String {
        var lines = ["\(modelName) on \(dataName): \(examples) example\(examples == 1 ? "" : "s")"]
        switch measures {
        case .regression(let regression, let trainRMSE):
            lines.append("RMSE: \(Markup.significant(regression.rmse, digits: 6))  R²: \(formatFixed(regression.r2, digits: 4))")
            if let trainRMSE { lines.append("train RMSE (from the model file): \(Markup.significant(trainRMSE, digits: 6))") }
        case .classification(let metrics, let classNames, let diagnosis):
            lines.append("accuracy: \(formatFixed(metrics.accuracy, digits: 4))")
            lines.append("")
            lines.append("confusion matrix (rows: true class, columns: predicted class):")
            let labelWidth = max(classNames.map(\.count).max() ?? 1, 4)
            let cellWidth = max(classNames.map(\.count).max() ?? 1, String(metrics.count).count, 3) + 2
            func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
                let padding = String(repeating: " ", count: max(0, width - text.count))
                return left ? text + padding : padding + text
            }
            lines.append(pad("", labelWidth) + classNames.map { pad($0, cellWidth) }.joined())
            for (c, row) in metrics.confusion.enumerated() {
                lines.append(pad(classNames[c], labelWidth, left: true) + row.map { pad(String($0), cellWidth) }.joined())
            }
            lines.append("")
            lines.append(pad("class", labelWidth, left: true) + pad("precision", 11) + pad("recall", 9) + pad("F1", 9) + pad("support", 9))
            for c in classNames.indices {
                lines.append(pad(classNames[c], labelWidth, left: true) + pad(formatFixed(metrics.precision(c), digits: 4), 11)
                             + pad(formatFixed(metrics.recall(c), digits: 4), 9) + pad(formatFixed(metrics.f1(c), digits: 4), 9)
                             + pad(String(metrics.support(c)), 9))
            }
            lines.append("macro F1: \(formatFixed(metrics.macroF1, digits: 4))")
            if let diagnosis {
                lines.append("")
                lines.append("bias/variance: " + diagnosis.summary(devName: dataName))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The object `descent evaluate --json` prints: `examples`, then `rmse`, `r2` (and `train_rmse`)
    /// or `accuracy`, `classes`, `confusion_matrix`, `per_class` [{class, precision, recall, f1,
    /// support}], `macro_f1`, `error` = 1 − accuracy and, with a stored training error, `train_error`,
    /// `bayes_error`, `avoidable_bias`, `variance`, `diagnosis` and `remedy`.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("examples", .integer(examples))]
        switch measures {
        case .regression(let regression, let trainRMSE):
            members += [("rmse", .number(regression.rmse)), ("r2", .number(regression.r2))]
            if let trainRMSE { members.append(("train_rmse", .number(trainRMSE))) }
        case .classification(let metrics, let classNames, let diagnosis):
            members += [
                ("accuracy", .number(metrics.accuracy)),
                ("classes", .array(classNames.map { .string($0) })),
                ("confusion_matrix", .array(metrics.confusion.map { .array($0.map { .integer($0) }) })),
                ("per_class", .array(classNames.indices.map { c in
                    .object([("class", .string(classNames[c])), ("precision", .number(metrics.precision(c))),
                             ("recall", .number(metrics.recall(c))), ("f1", .number(metrics.f1(c))), ("support", .integer(metrics.support(c)))])
                })),
                ("macro_f1", .number(metrics.macroF1)),
            ]
            if let diagnosis {
                members += [
                    ("train_error", .number(diagnosis.trainError)), ("error", .number(diagnosis.devError)),
                    ("bayes_error", .number(diagnosis.bayesError)), ("avoidable_bias", .number(diagnosis.avoidableBias)),
                    ("variance", .number(diagnosis.variance)), ("diagnosis", .string(diagnosis.regime.rawValue)),
                    ("remedy", .string(diagnosis.remedy)),
                ]
            } else {
                members.append(("error", .number(1 - metrics.accuracy)))
            }
        }
        return .object(members)
    }
}
