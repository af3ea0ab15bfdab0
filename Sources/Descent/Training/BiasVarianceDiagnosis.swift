/// The course's bias/variance reading of train and dev (or test) errors against a Bayes-error estimate.
///
/// avoidable bias = train error − Bayes error; variance = dev error − train error. Each is *high* when
/// it exceeds `threshold` (default 2 percentage points, which classifies the course's examples as it
/// does: 1 % / 11 % high variance, 15 % / 16 % high bias, 15 % / 30 % both, 0.5 % / 1 % neither).
public struct BiasVarianceDiagnosis: Sendable, Equatable {
    /// The regime the errors indicate.
    public enum Regime: String, Sendable {
        case highBias = "high bias"
        case highVariance = "high variance"
        case highBiasAndVariance = "high bias and high variance"
        case lowBiasAndVariance = "low bias and low variance"
    }

    /// The training-set error (1 − accuracy).
    public var trainError: Double
    /// The dev- or test-set error.
    public var devError: Double
    /// The Bayes-error (or human-level) estimate.
    public var bayesError: Double
    /// The margin above which bias or variance counts as high.
    public var threshold: Double

    /// A diagnosis of the given errors (fractions in [0, 1]).
    public init(trainError: Double, devError: Double, bayesError: Double = 0, threshold: Double = 0.02) {
        self.trainError = trainError
        self.devError = devError
        self.bayesError = bayesError
        self.threshold = threshold
    }

    /// train error − Bayes error.
    public var avoidableBias: Double { trainError - bayesError }
    /// dev error − train error.
    public var variance: Double { devError - trainError }

    /// Which regime the errors fall in.
    public var regime: Regime {
        switch (avoidableBias > threshold, variance > threshold) {
        case (true, true): .highBiasAndVariance
        case (true, false): .highBias
        case (false, true): .highVariance
        case (false, false): .lowBiasAndVariance
        }
    }

    /// The course's usual remedies for the regime.
    public var remedy: String {
        switch regime {
        case .highBias: "a bigger network or longer training (or another architecture)"
        case .highVariance: "more data, regularization (L2, dropout) or early stopping"
        case .highBiasAndVariance: "first reduce bias (bigger network, longer training), then variance (more data, regularization)"
        case .lowBiasAndVariance: "nothing pressing: the model fits and generalizes"
        }
    }

    /// One line: `train error 0.7 %, test error 4.0 % (Bayes 0 %): avoidable bias 0.7 points, variance 3.3 points → high variance; try …`.
    public func summary(devName: String = "dev") -> String {
        func percent(_ value: Double) -> String { formatFixed(value * 100, digits: 1) }
        return "train error \(percent(trainError)) %, \(devName) error \(percent(devError)) % (Bayes \(percent(bayesError)) %): "
            + "avoidable bias \(percent(avoidableBias)) points, variance \(percent(variance)) points → \(regime.rawValue); \(remedy)"
    }
}
