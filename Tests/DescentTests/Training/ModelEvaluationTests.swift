import Testing
@testable import Descent

/// `ModelEvaluation`: the metrics `descent evaluate` prints, on models whose predictions are known.
@Suite struct ModelEvaluationTests {
    /// A one-input softmax classifier over classes a, b, c with logits (−x, 1, x): x = −5 predicts a,
    /// x = 0 predicts b, x = 5 predicts c.
    static func classifier(metrics: [String: Double] = [:]) -> ModelFile<Double> {
        let layer = DenseLayer<Double>(weights: Matrix(rows: 3, columns: 1, elements: [-1, 0, 1]),
                                       bias: Matrix(rows: 3, columns: 1, elements: [0, 1, 0]), activation: .softmax)
        return ModelFile(network: Network(layers: [layer], loss: .categoricalCrossEntropy), classNames: ["a", "b", "c"], metrics: metrics)
    }

    /// Predicted a, b, c, c, b, a against true a, b, c, a, b, c.
    static let input = ModelInput(features: Matrix(rows: 1, columns: 6, elements: [-5, 0, 5, 5, 0, -5]),
                                  labels: ["a", "b", "c", "a", "b", "c"])

    @Test("the confusion matrix, per-class precision/recall/F1, macro F1 and the error of known predictions")
    func classification() throws {
        let evaluation = try ModelEvaluation(Self.classifier(), modelName: "m.safetensors", on: Self.input, dataName: "test.csv")
        #expect(evaluation.examples == 6)
        guard case .classification(let metrics, let classNames, let diagnosis) = evaluation.measures else {
            Issue.record("not a classification")
            return
        }
        #expect(classNames == ["a", "b", "c"])
        #expect(metrics.confusion == [[1, 0, 1], [0, 2, 0], [1, 0, 1]])
        #expect(metrics.accuracy == 4.0 / 6)
        #expect([0, 1, 2].map(metrics.precision) == [0.5, 1, 0.5] && [0, 1, 2].map(metrics.recall) == [0.5, 1, 0.5])
        #expect([0, 1, 2].map(metrics.f1) == [0.5, 1, 0.5])
        #expect(diagnosis == nil, "no training error stored: no bias/variance reading")
        #expect(evaluation.text == """
            m.safetensors on test.csv: 6 examples
            accuracy: 0.6667

            confusion matrix (rows: true class, columns: predicted class):
                    a    b    c
            a       1    0    1
            b       0    2    0
            c       1    0    1

            class  precision   recall       F1  support
            a        0.5000   0.5000   0.5000        2
            b        1.0000   1.0000   1.0000        2
            c        0.5000   0.5000   0.5000        2
            macro F1: 0.6667
            """)
        #expect(evaluation.json.text.hasSuffix(#""macro_f1": 0.6666666666666666, "error": 0.33333333333333337}"#))
    }

    @Test("a stored training error gives the bias/variance reading: avoidable bias = train − Bayes, variance = error − train")
    func biasVariance() throws {
        let evaluation = try ModelEvaluation(Self.classifier(metrics: ["train_error": 0.1]), modelName: "m", on: Self.input,
                                             dataName: "dev.csv", bayesError: 0.05)
        guard case .classification(_, _, let diagnosis?) = evaluation.measures else {
            Issue.record("no diagnosis")
            return
        }
        #expect(diagnosis.trainError == 0.1 && diagnosis.devError == 1 - 4.0 / 6 && diagnosis.bayesError == 0.05)
        #expect(diagnosis.avoidableBias == 0.1 - 0.05 && diagnosis.regime == .highBiasAndVariance)
        #expect(evaluation.text.hasSuffix("\n\nbias/variance: train error 10.0 %, dev.csv error 33.3 % (Bayes 5.0 %): avoidable bias 5.0 points, "
            + "variance 23.3 points → high bias and high variance; " + diagnosis.remedy))
        #expect(evaluation.json.text.contains(#""train_error": 0.1, "error": \#(1 - 4.0 / 6), "bayes_error": 0.05, "#
            + #""avoidable_bias": \#(0.1 - 0.05), "variance": \#(1 - 4.0 / 6 - 0.1), "diagnosis": "high bias and high variance""#))
    }

    @Test("regression: RMSE = √(mean (ŷ − y)²), R² = 1 − Σ(ŷ − y)² / Σ(y − ȳ)², and the stored training RMSE")
    func regression() throws {
        // ŷ = 2x + 1 on x = 0, 1, 2 against y = 1, 3, 6: residuals 0, 0, −1; ȳ = 10/3, Σ(y − ȳ)² = 114/9.
        let layer = DenseLayer<Double>(weights: Matrix(rows: 1, columns: 1, elements: [2]), bias: Matrix(rows: 1, columns: 1, elements: [1]),
                                       activation: .linear)
        let model = ModelFile(network: Network(layers: [layer], loss: .meanSquaredError), metrics: ["train_rmse": 0.5])
        let input = ModelInput(features: Matrix(rows: 1, columns: 3, elements: [0, 1, 2]), labels: ["1", "3", "6"])
        let evaluation = try ModelEvaluation(model, modelName: "r", on: input, dataName: "d")
        guard case .regression(let metrics, let trainRMSE) = evaluation.measures else {
            Issue.record("not a regression")
            return
        }
        #expect(abs(metrics.rmse - (1.0 / 3).squareRoot()) < 1e-15)
        #expect(abs(metrics.r2 - (1 - 9.0 / 114)) < 1e-15)
        #expect(trainRMSE == 0.5)
        // Rounded for reading: √(1/3) to 6 significant digits, R² to 4 decimals.
        #expect(evaluation.text == "r on d: 3 examples\nRMSE: 0.57735  R²: 0.9211\ntrain RMSE (from the model file): 0.5")
        #expect(evaluation.json.text == #"{"examples": 3, "rmse": \#(metrics.rmse), "r2": \#(metrics.r2), "train_rmse": 0.5}"#)
    }

    @Test("no labels, no examples and a mismatched output count are errors naming the file at fault")
    func errors() {
        let unlabelled = ModelInput(features: Matrix(rows: 1, columns: 2, elements: [0, 1]), labels: nil)
        #expect(throws: ModelEvaluationError(.input(ModelInputError(.missingLabels, file: "new.csv")), modelName: "m", dataName: "new.csv")) {
            try ModelEvaluation(Self.classifier(), modelName: "m", on: unlabelled, dataName: "new.csv")
        }
        let empty = ModelInput(features: Matrix(rows: 1, columns: 0), labels: [])
        let noExamples = ModelEvaluationError(.noExamples, modelName: "m", dataName: "empty.csv")
        #expect(throws: noExamples) { try ModelEvaluation(Self.classifier(), modelName: "m", on: empty, dataName: "empty.csv") }
        #expect(noExamples.description == "empty.csv: no examples")
        let twoOutputs = DenseLayer<Double>(weights: Matrix(rows: 2, columns: 1), bias: Matrix(rows: 2, columns: 1), activation: .linear)
        let model = ModelFile(network: Network(layers: [twoOutputs], loss: .meanSquaredError))
        let input = ModelInput(features: Matrix(rows: 1, columns: 1, elements: [0]), labels: ["1"])
        let mismatch = ModelEvaluationError(.outputCountMismatch(outputs: 2, targets: 1), modelName: "m", dataName: "d.csv")
        #expect(throws: mismatch) { try ModelEvaluation(model, modelName: "m", on: input, dataName: "d.csv") }
        #expect(mismatch.description == "m: the model predicts 2 values per example, d.csv gives 1")
    }
}
