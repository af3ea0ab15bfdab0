/// Accuracy, the confusion matrix and per-class precision, recall and F1 of predicted class indices.
///
/// `confusion[i][j]` counts examples of true class i predicted as class j. For class k:
/// precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·P·R / (P + R) (0 when undefined,
/// as scikit-learn's `zero_division=0`).
public struct ClassificationMetrics: Sendable, Equatable {
    /// The number of classes k.
    public var classCount: Int
    /// `confusion[true][predicted]`.
    public var confusion: [[Int]]

    /// Metrics of `predicted` against `labels`, both (1, m) rows of class indices in 0..<classCount.
    public init<Scalar: DescentFloat>(predicted: Matrix<Scalar>, labels: Matrix<Scalar>, classCount: Int) {
        precondition(predicted.count == labels.count, "Predictions and labels must have the same length.")
        precondition(classCount >= 1, "There must be at least one class.")
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for index in 0..<labels.count {
            let truth = labels.elements[index].integerPart, guess = predicted.elements[index].integerPart
            precondition((0..<classCount).contains(truth) && (0..<classCount).contains(guess), "Class indices must be in 0..<\(classCount).")
            confusion[truth][guess] += 1
        }
        self.classCount = classCount
        self.confusion = confusion
    }

    /// The number of examples.
    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    /// The fraction predicted correctly.
    public var accuracy: Double {
        count == 0 ? .nan : Double((0..<classCount).reduce(0) { $0 + confusion[$1][$1] }) / Double(count)
    }
    /// Examples of class k (the row sum).
    public func support(_ k: Int) -> Int { confusion[k].reduce(0, +) }
    /// TP / (TP + FP) of class k.
    public func precision(_ k: Int) -> Double {
        let predicted = (0..<classCount).reduce(0) { $0 + confusion[$1][k] }
        return predicted == 0 ? 0 : Double(confusion[k][k]) / Double(predicted)
    }
    /// TP / (TP + FN) of class k.
    public func recall(_ k: Int) -> Double {
        let actual = support(k)
        return actual == 0 ? 0 : Double(confusion[k][k]) / Double(actual)
    }
    /// The harmonic mean of precision and recall of class k.
    public func f1(_ k: Int) -> Double {
        let p = precision(k), r = recall(k)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    /// The unweighted mean F1 over classes.
    public var macroF1: Double { (0..<classCount).reduce(0) { $0 + f1($1) } / Double(classCount) }
}

/// Root-mean-squared error and the coefficient of determination of regression outputs.
///
/// RMSE = √(mean (ŷ − y)²) over every output and example; R² = 1 − Σ(ŷ − y)² / Σ(y − ȳ)², with ȳ
/// the mean of each output row (averaged over outputs, as scikit-learn's `uniform_average`).
public struct RegressionMetrics: Sendable, Equatable {
    /// √(mean squared error).
    public var rmse: Double
    /// The coefficient of determination (1 is perfect; can be negative).
    public var r2: Double

    /// Metrics of `predicted` against `targets` (same shape: outputs × examples).
    public init(predicted: Matrix<Double>, targets: Matrix<Double>) {
        precondition(predicted.rows == targets.rows && predicted.columns == targets.columns, "Predictions and targets must have the same shape.")
        let m = targets.columns
        var squared = 0.0, r2Total = 0.0
        for i in 0..<targets.rows {
            var mean = 0.0
            for j in 0..<m { mean += targets[i, j] }
            mean /= Double(max(m, 1))
            var residual = 0.0, total = 0.0
            for j in 0..<m {
                residual += (predicted[i, j] - targets[i, j]) * (predicted[i, j] - targets[i, j])
                total += (targets[i, j] - mean) * (targets[i, j] - mean)
            }
            squared += residual
            r2Total += total == 0 ? (residual == 0 ? 1 : 0) : 1 - residual / total
        }
        rmse = (squared / Double(max(targets.count, 1))).squareRoot()
        r2 = r2Total / Double(max(targets.rows, 1))
    }
}
