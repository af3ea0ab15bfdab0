import RealModule
import Testing
@testable import Descent

/// The numbers `descent evaluate`, `descent train` and the labs print: classification and
/// regression metrics and the bias/variance reading.
@Suite struct MetricsTests {
    @Test func confusionPrecisionRecallAndF1() {
        // Truth 0 0 1 1 1 2, predicted 0 1 1 1 0 1: class 2 is never predicted (precision 0 by convention).
        let metrics = ClassificationMetrics(predicted: Matrix<Double>([[0, 1, 1, 1, 0, 1]]),
                                            labels: Matrix<Double>([[0, 0, 1, 1, 1, 2]]), classCount: 3)
        #expect(metrics.confusion == [[1, 1, 0], [1, 2, 0], [0, 1, 0]])
        #expect(metrics.count == 6 && metrics.accuracy == 0.5)
        #expect(metrics.support(1) == 3 && metrics.support(2) == 1)
        #expect(metrics.precision(0) == 0.5 && metrics.recall(0) == 0.5 && metrics.f1(0) == 0.5)
        #expect(metrics.precision(1) == 0.5 && metrics.recall(1) == 2.0 / 3)
        #expect(metrics.f1(1).isApproximatelyEqual(to: 4.0 / 7, relativeTolerance: 1e-15))
        #expect(metrics.precision(2) == 0 && metrics.recall(2) == 0 && metrics.f1(2) == 0)
        #expect(metrics.macroF1.isApproximatelyEqual(to: (0.5 + 4.0 / 7) / 3, relativeTolerance: 1e-15))
    }

    @Test func rmseAndRSquared() {
        let metrics = RegressionMetrics(predicted: Matrix([[1, 2, 3]]), targets: Matrix([[1, 2, 4]]))
        #expect(metrics.rmse.isApproximatelyEqual(to: (1.0 / 3).squareRoot(), relativeTolerance: 1e-15))
        // ȳ = 7/3, Σ(y − ȳ)² = 42/9, Σ(ŷ − y)² = 1.
        #expect(metrics.r2.isApproximatelyEqual(to: 1 - 9.0 / 42, relativeTolerance: 1e-15))
        // A constant target: R² is 1 when it is predicted exactly, else 0; rows are averaged.
        let constant = RegressionMetrics(predicted: Matrix([[5, 5], [1, 2]]), targets: Matrix([[5, 5], [3, 3]]))
        #expect(constant.r2 == 0.5)
        #expect(constant.rmse.isApproximatelyEqual(to: (5.0 / 4).squareRoot(), relativeTolerance: 1e-15))
    }

    @Test func theCourseBiasVarianceExamples() {
        let cases: [(Double, Double, BiasVarianceDiagnosis.Regime)] = [
            (0.01, 0.11, .highVariance), (0.15, 0.16, .highBias), (0.15, 0.30, .highBiasAndVariance), (0.005, 0.01, .lowBiasAndVariance),
        ]
        for (train, dev, regime) in cases {
            #expect(BiasVarianceDiagnosis(trainError: train, devError: dev).regime == regime, "\(train) / \(dev)")
        }
        // A Bayes error of 14 % turns 15 % / 16 % into a low-bias case.
        #expect(BiasVarianceDiagnosis(trainError: 0.15, devError: 0.16, bayesError: 0.14).regime == .lowBiasAndVariance)
        let diagnosis = BiasVarianceDiagnosis(trainError: 0.007, devError: 0.04)
        #expect(diagnosis.summary(devName: "test") == "train error 0.7 %, test error 4.0 % (Bayes 0.0 %): avoidable bias 0.7 points, "
                + "variance 3.3 points → high variance; more data, regularization (L2, dropout) or early stopping")
        #expect(formatFixed(-0.04, digits: 1) == "0.0" && formatFixed(2.25, digits: 1) == "2.3" && formatFixed(.infinity, digits: 2) == "inf")
    }
}
