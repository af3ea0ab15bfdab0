import Foundation

extension Loss {
    /// The cost `(1/m) Σ loss` of the best prediction that ignores the inputs — what a network that
    /// has learned nothing from them can reach — on `labels` with `outputs` output units:
    ///
    /// - binary cross-entropy: the entropy of the labels' mean p, −p ln p − (1 − p) ln(1 − p);
    /// - categorical cross-entropy: the entropy of the class frequencies, −Σ_k p_k ln p_k;
    /// - mean squared error: the targets' variance (each output's, averaged over the outputs).
    ///
    /// 0 for a single class or a constant target; NaN for no labels.
    public func constantPredictionCost<T: DescentFloat>(labels: Matrix<T>, outputs: Int) -> Double {
        let m = labels.columns
        guard m > 0 else { return .nan }
        if let frequencies = classFrequencies(labels: labels, outputs: outputs) {
            return frequencies.reduce(0) { $0 - ($1 > 0 ? $1 * log($1) : 0) }
        }
        var total = 0.0
        for row in 0..<labels.rows {
            let values = (0..<m).map { Double(labels[row, $0]) }
            let mean = values.reduce(0, +) / Double(m)
            total += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m)
        }
        return total / Double(max(labels.rows, 1))
    }

    /// The accuracy of always predicting the most frequent class — what a classifier that has
    /// learned nothing from its inputs scores on `labels`; `nil` for regression and for no labels.
    public func majorityClassShare<T: DescentFloat>(labels: Matrix<T>, outputs: Int) -> Double? {
        guard labels.columns > 0 else { return nil }
        return classFrequencies(labels: labels, outputs: outputs)?.max()
    }

    /// Each class's share of `labels` (binary cross-entropy: [1 − p, p] with p the labels' mean;
    /// categorical: one share per output); `nil` for mean squared error.
    private func classFrequencies<T: DescentFloat>(labels: Matrix<T>, outputs: Int) -> [Double]? {
        let m = Double(labels.columns)
        switch self {
        case .binaryCrossEntropy:
            let p = labels.elements.reduce(0.0) { $0 + Double($1) } / Double(labels.count)
            return [1 - p, p]
        case .categoricalCrossEntropy:
            var counts = [Double](repeating: 0, count: max(outputs, 1))
            for label in labels.elements {
                let k = Int(Double(label))
                if k >= 0 && k < counts.count { counts[k] += 1 }
            }
            return counts.map { $0 / m }
        case .meanSquaredError:
            return nil
        }
    }
}
