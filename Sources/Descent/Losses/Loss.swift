import RealModule

/// The training objective, paired with the output activation it is fused with.
///
/// | case | output | per-example loss | dZ[L] |
/// |---|---|---|---|
/// | `binaryCrossEntropy` | sigmoid, 1 unit | −y log a − (1 − y) log(1 − a) | (1/m)(A − Y) |
/// | `categoricalCrossEntropy` | softmax, k units | −log a_y (log-sum-exp form) | (1/m)(A − onehot(Y)) |
/// | `meanSquaredError` | linear | (1/k) Σ_i (a_i − y_i)² | (2/(m k))(A − Y) |
public enum Loss: String, CaseIterable, Sendable, Codable {
    case binaryCrossEntropy = "binary-cross-entropy"
    case categoricalCrossEntropy = "categorical-cross-entropy"
    case meanSquaredError = "mean-squared-error"

    /// The output activation this loss is fused with.
    public var outputActivation: Activation {
        switch self {
        case .binaryCrossEntropy: .sigmoid
        case .categoricalCrossEntropy: .softmax
        case .meanSquaredError: .linear
        }
    }

    /// True for the classification losses.
    public var isClassification: Bool { self != .meanSquaredError }
}

/// How the cross-entropy cost is evaluated.
///
/// - `stable` (default): from the logits Z, `max(z, 0) − z·y + log(1 + e^(−|z|))`, finite for any
///   z, so a saturated sigmoid never produces `inf` or NaN.
/// - `course`: the labs' formula on probabilities, `(−log a)·y + (−log(1 − a))·(1 − y)`, summed with
///   numpy's `nansum` (terms `0·∞ = NaN` are skipped), so it can be `inf` — as the Initialization
///   lab's random run prints at iteration 0. Needed for lab parity.
/// - `courseStrict`: the course formula with a plain `sum`, as the Gradient Checking lab computes it.
public enum CostFormula: String, CaseIterable, Sendable, Codable {
    case stable
    case course
    case courseStrict = "course-strict"
}

extension Loss {
    /// The summed (not averaged) loss over the m columns: Σ_j loss(a_j, y_j).
    ///
    /// `z` is the output layer's pre-activation and `a` its activation, both (outputs, m); `y` is
    /// (1, m) of labels (0/1 or class indices) for classification, (outputs, m) for regression.
    /// Divide by m for the course's cost `(1/m) Σ`. With `labelSmoothing` ε > 0 (classification)
    /// the targets are `y(1 − ε) + ε/K` (`Regularization.labelSmoothing`).
    @inlinable
    public func summedCost<T: DescentFloat>(z: Matrix<T>, a: Matrix<T>, y: Matrix<T>, formula: CostFormula = .stable,
                                            labelSmoothing: Double = 0) -> T {
        let m = a.columns
        let skipsNaN = formula == .course
        if labelSmoothing != 0 { return smoothedSummedCost(z: z, a: a, y: y, formula: formula, epsilon: T(labelSmoothing)) }
        switch self {
        case .binaryCrossEntropy:
            precondition(a.rows == 1 && y.rows == 1 && y.columns == m, "Binary cross-entropy needs (1, m) outputs and labels.")
            return z.elements.withUnsafeBufferPointer { logits in
                a.elements.withUnsafeBufferPointer { probabilities in
                    y.elements.withUnsafeBufferPointer { labels in
                        PairwiseSum.sum(count: m) { j -> T in
                            let label = labels[j]
                            if formula == .stable {
                                let logit = logits[j]
                                return Swift.max(logit, 0) - logit * label + T.log(onePlus: T.exp(-Swift.abs(logit)))
                            }
                            let p = probabilities[j]
                            // For a 0/1 label and 0 < p < 1, one of the two products is an exact +0
                            // (a finite non-negative value times 0), so the formula reduces to the
                            // other logarithm — bit for bit, with half the `log` calls.
                            if p > 0 && p < 1 {
                                if label == 1 { return -T.log(p) }
                                if label == 0 { return 0 + (-T.log(1 - p)) }
                            }
                            let term = (-T.log(p)) * label + (-T.log(1 - p)) * (1 - label)
                            return skipsNaN && term.isNaN ? 0 : term
                        }
                    }
                }
            }
        case .categoricalCrossEntropy:
            precondition(y.rows == 1 && y.columns == m, "Categorical cross-entropy needs (1, m) class-index labels.")
            let classes = a.rows
            if formula == .stable {
                // Column j's log-sum-exp minus its label's logit, computed for a block of columns
                // at a time (the logits read row by row), each with the same operations in the same
                // order as one column at a time, and summed pairwise as the columns come.
                return z.elements.withUnsafeBufferPointer { z in
                    y.elements.withUnsafeBufferPointer { y in
                        PairwiseSum.sum(count: m) { (start: Int, costs: UnsafeMutableBufferPointer<T>) in
                            let n = costs.count, logits = z.baseAddress!
                            withUnsafeTemporaryAllocation(of: T.self, capacity: n) { total in
                                // costs holds each column's largest logit until its cost replaces it.
                                Activation.columnExponentialSums(logits, rows: classes, columns: m, from: start, width: n,
                                                                 largest: costs.baseAddress!, total: total.baseAddress!, exponentials: nil)
                                for j in 0..<n {
                                    let label = y[start + j].integerPart
                                    precondition(label >= 0 && label < classes, "Class index \(label) is outside 0..<\(classes).")
                                    costs[j] = costs[j] + T.log(total[j]) - z[label * m + start + j]
                                }
                            }
                        }
                    }
                }
            }
            return a.elements.withUnsafeBufferPointer { a in
                y.elements.withUnsafeBufferPointer { y in
                    PairwiseSum.sum(count: m) { j -> T in
                        let label = y[j].integerPart
                        precondition(label >= 0 && label < classes, "Class index \(label) is outside 0..<\(classes).")
                        let term = -T.log(a[label * m + j])
                        return skipsNaN && term.isNaN ? 0 : term
                    }
                }
            }
        case .meanSquaredError:
            precondition(y.rows == a.rows && y.columns == m, "Mean squared error needs targets shaped like the outputs.")
            let total = PairwiseSum.sum(count: a.count) { index -> T in
                let difference = a.elements[index] - y.elements[index]
                return difference * difference
            }
            return total / T(a.rows)
        }
    }

    /// Writes dZ[L] = ∂(cost)/∂Z[L] for the cost `(1/m)·Σ loss` into `gradient`, fused with the
    /// output activation (see the type's table). `m` is the number of columns (the batch size).
    /// With `labelSmoothing` ε: dZ = (A − Y') / m for the smoothed targets Y'.
    @inlinable
    public func outputGradient<T: DescentFloat>(a: Matrix<T>, y: Matrix<T>, into gradient: inout Matrix<T>, labelSmoothing: Double = 0) {
        let m = a.columns
        gradient.resize(rows: a.rows, columns: m)
        let inverseM = 1 / T(m)
        if labelSmoothing != 0 {
            precondition(self != .meanSquaredError, "Label smoothing applies to the cross-entropy losses.")
            let epsilon = T(labelSmoothing)
            if self == .binaryCrossEntropy {
                for j in 0..<m { gradient.elements[j] = inverseM * (a.elements[j] - Self.smoothedTarget(y.elements[j], epsilon: epsilon)) }
                return
            }
            // Y' = (1 − ε)·one-hot + ε/K: every output gets −ε/K, the label's output −(1 − ε) more.
            let floor = epsilon / T(a.rows)
            for index in 0..<a.count { gradient.elements[index] = inverseM * (a.elements[index] - floor) }
            for j in 0..<m { gradient.elements[y.elements[j].integerPart * m + j] -= inverseM * (1 - epsilon) }
            return
        }
        switch self {
        case .binaryCrossEntropy:
            for j in 0..<m { gradient.elements[j] = inverseM * (a.elements[j] - y.elements[j]) }
        case .categoricalCrossEntropy:
            for index in 0..<a.count { gradient.elements[index] = inverseM * a.elements[index] }
            for j in 0..<m {
                let label = y.elements[j].integerPart
                gradient.elements[label * m + j] -= inverseM
            }
        case .meanSquaredError:
            let scale = 2 / (T(m) * T(a.rows))
            for index in 0..<a.count { gradient.elements[index] = scale * (a.elements[index] - y.elements[index]) }
        }
    }

    /// A sigmoid output's smoothed target `y(1 − ε) + ε/2`.
    @inlinable
    static func smoothedTarget<T: DescentFloat>(_ y: T, epsilon: T) -> T { y * (1 - epsilon) + epsilon / 2 }

    /// `summedCost` with targets `y(1 − ε) + ε/K`: for the sigmoid output the stable
    /// `max(z, 0) − z·y' + log(1 + e^(−|z|))` or the course's `−y' log a − (1 − y') log(1 − a)`; for
    /// softmax `Σ_i y'_i (logsumexp(z) − z_i)` or `−Σ_i y'_i log a_i`.
    @inlinable
    func smoothedSummedCost<T: DescentFloat>(z: Matrix<T>, a: Matrix<T>, y: Matrix<T>, formula: CostFormula, epsilon: T) -> T {
        precondition(self != .meanSquaredError, "Label smoothing applies to the cross-entropy losses.")
        let m = a.columns
        let skipsNaN = formula == .course
        if self == .binaryCrossEntropy {
            return PairwiseSum.sum(count: m) { j -> T in
                let label = Self.smoothedTarget(y.elements[j], epsilon: epsilon)
                if formula == .stable {
                    let logit = z.elements[j]
                    return Swift.max(logit, 0) - logit * label + T.log(onePlus: T.exp(-Swift.abs(logit)))
                }
                let p = a.elements[j]
                let term = (-T.log(p)) * label + (-T.log(1 - p)) * (1 - label)
                return skipsNaN && term.isNaN ? 0 : term
            }
        }
        let classes = a.rows
        let floor = epsilon / T(classes)
        return PairwiseSum.sum(count: m) { j -> T in
            let label = y.elements[j].integerPart
            precondition(label >= 0 && label < classes, "Class index \(label) is outside 0..<\(classes).")
            var total: T = 0
            if formula == .stable {
                var largest = -T.infinity
                for i in 0..<classes { largest = Swift.max(largest, z.elements[i * m + j]) }
                var exponentials: T = 0
                for i in 0..<classes { exponentials += T.exp(z.elements[i * m + j] - largest) }
                let logSum = largest + T.log(exponentials)
                for i in 0..<classes { total += (floor + (i == label ? 1 - epsilon : 0)) * (logSum - z.elements[i * m + j]) }
                return total
            }
            for i in 0..<classes { total += (floor + (i == label ? 1 - epsilon : 0)) * (-T.log(a.elements[i * m + j])) }
            return skipsNaN && total.isNaN ? 0 : total
        }
    }
}
