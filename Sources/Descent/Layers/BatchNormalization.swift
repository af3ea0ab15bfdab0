/// Batch normalization (Ioffe & Szegedy, 2015; the course's second course, week 3) of a layer's
/// pre-activations Z (units × m) over the mini-batch, as PyTorch's `BatchNorm1d` computes it:
///
///     μ = (1/m) Σ_j z_j,   σ² = (1/m) Σ_j (z_j − μ)²        (per unit, over the batch's examples)
///     ẑ = (z − μ) / √(σ² + ε),   Z̃ = γ ⊙ ẑ + β               (γ, β learned per unit)
///
/// At inference the running averages take μ's and σ²'s place. Each training batch updates them as
/// PyTorch does, the variance unbiased:
///
///     running_mean ← (1 − momentum)·running_mean + momentum·μ
///     running_var  ← (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)
///
/// γ starts at 1, β at 0, the running mean at 0 and the running variance at 1 (PyTorch's
/// `weight`, `bias`, `running_mean`, `running_var`; `num_batches_tracked` is `batchesTracked`).
/// The layer's own bias b is redundant before it — any shift of Z is taken out with μ, and β
/// shifts instead — which is why the course drops b. A batch of one has no variance: training
/// needs m ≥ 2 (PyTorch refuses it too).
public struct BatchNormalization<Scalar: DescentFloat>: Sendable, Equatable {
    /// γ, (units, 1).
    public var gamma: Matrix<Scalar>
    /// β, (units, 1).
    public var beta: Matrix<Scalar>
    /// The running average of the batch means, (units, 1), used at inference.
    public var runningMean: Matrix<Scalar>
    /// The running average of the batch variances (unbiased), (units, 1), used at inference.
    public var runningVariance: Matrix<Scalar>
    /// How many training batches have updated the running statistics.
    public var batchesTracked: Int
    /// The weight of a new batch's statistics in the running averages (PyTorch's default 0.1; Keras
    /// writes 1 − momentum, 0.99).
    public var momentum: Double
    /// ε, added to the variance before the square root (PyTorch's 1e-5; Keras 1e-3).
    public var epsilon: Double

    /// A fresh normalization of `units` units: γ = 1, β = 0, running mean 0 and variance 1.
    public init(units: Int, momentum: Double = Normalization.defaultMomentum, epsilon: Double = Normalization.defaultEpsilon) {
        precondition(units >= 1, "A normalized layer needs at least one unit.")
        precondition(momentum > 0 && momentum <= 1, "The momentum of the running statistics must be in (0, 1].")
        precondition(epsilon > 0 && epsilon.isFinite, "ε must be positive and finite.")
        gamma = Matrix(rows: units, columns: 1, repeating: 1)
        beta = Matrix(rows: units, columns: 1)
        runningMean = Matrix(rows: units, columns: 1)
        runningVariance = Matrix(rows: units, columns: 1, repeating: 1)
        batchesTracked = 0
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// The number of units normalized.
    @inlinable
    public var units: Int { gamma.rows }

    /// The training pass over a batch `z` (units × m, m ≥ 2): writes Z̃ = γ ⊙ ẑ + β into `output`, ẑ
    /// into `normalized` and 1/√(σ² + ε) per unit into `inverseDeviation` (both kept for
    /// `backward`), and the batch's μ and σ² (biased) per unit into `statistics` (units × 2, for
    /// `updateRunningStatistics`). The buffers are resized in place. The layer itself is unchanged,
    /// so a gradient check's passes leave the running statistics alone.
    @inlinable
    public func normalizeTraining(
        _ z: Matrix<Scalar>, into output: inout Matrix<Scalar>, normalized: inout Matrix<Scalar>, inverseDeviation: inout Matrix<Scalar>,
        statistics: inout Matrix<Scalar>
    ) {
        let n = units, m = z.columns
        precondition(z.rows == n, "The normalization has \(n) units, Z has \(z.rows) rows.")
        precondition(m >= 2, "Batch normalization needs at least 2 examples in a training batch, got \(m).")
        output.resize(rows: n, columns: m)
        normalized.resize(rows: n, columns: m)
        inverseDeviation.resize(rows: n, columns: 1)
        statistics.resize(rows: n, columns: 2)
        let count = Scalar(m), eps = Scalar(epsilon)
        z.elements.withUnsafeBufferPointer { z in
            output.elements.withUnsafeMutableBufferPointer { y in
                normalized.elements.withUnsafeMutableBufferPointer { hat in
                    inverseDeviation.elements.withUnsafeMutableBufferPointer { inverseDeviation in
                        statistics.elements.withUnsafeMutableBufferPointer { statistics in
                            gamma.elements.withUnsafeBufferPointer { gamma in
                                beta.elements.withUnsafeBufferPointer { beta in
                                    for i in 0..<n {
                                        let row = i * m
                                        var sum: Scalar = 0
                                        for j in row ..< row + m { sum += z[j] }
                                        let mean = sum / count
                                        var squares: Scalar = 0
                                        for j in row ..< row + m {
                                            let d = z[j] - mean
                                            squares += d * d
                                        }
                                        let variance = squares / count
                                        let inverse = 1 / (variance + eps).squareRoot()
                                        inverseDeviation[i] = inverse
                                        statistics[2 * i] = mean
                                        statistics[2 * i + 1] = variance
                                        let g = gamma[i], b = beta[i]
                                        for j in row ..< row + m {
                                            let h = (z[j] - mean) * inverse
                                            hat[j] = h
                                            y[j] = g * h + b
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Folds a training batch of `count` examples into the running statistics, from the μ and σ²
    /// `normalizeTraining` wrote into `statistics`:
    /// running_mean ← (1 − momentum)·running_mean + momentum·μ and
    /// running_var ← (1 − momentum)·running_var + momentum·σ²·m/(m − 1); counts the batch.
    @inlinable
    public mutating func updateRunningStatistics(_ statistics: Matrix<Scalar>, count: Int) {
        precondition(statistics.rows == units && statistics.columns == 2 && count >= 2, "The statistics of a training batch of at least 2 examples.")
        let keep = Scalar(1 - momentum), take = Scalar(momentum), unbiased = Scalar(count) / Scalar(count - 1)
        for i in 0..<units {
            runningMean.elements[i] = keep * runningMean.elements[i] + take * statistics.elements[2 * i]
            runningVariance.elements[i] = keep * runningVariance.elements[i] + take * statistics.elements[2 * i + 1] * unbiased
        }
        batchesTracked += 1
    }

    /// The inference pass: Z̃ = γ ⊙ (z − running_mean)/√(running_var + ε) + β into `output`
    /// (resized in place); any number of examples.
    @inlinable
    public func normalizeInference(_ z: Matrix<Scalar>, into output: inout Matrix<Scalar>) {
        let n = units, m = z.columns
        precondition(z.rows == n, "The normalization has \(n) units, Z has \(z.rows) rows.")
        output.resize(rows: n, columns: m)
        let eps = Scalar(epsilon)
        z.elements.withUnsafeBufferPointer { z in
            output.elements.withUnsafeMutableBufferPointer { y in
                for i in 0..<n {
                    let scale = gamma.elements[i] / (runningVariance.elements[i] + eps).squareRoot()
                    let mean = runningMean.elements[i], b = beta.elements[i]
                    for j in i * m ..< (i + 1) * m { y[j] = scale * (z[j] - mean) + b }
                }
            }
        }
    }

    /// Backpropagation through the training pass, given dZ̃ (`outputGradient`, units × m) and the
    /// pass's ẑ and 1/√(σ² + ε):
    ///
    ///     dγ = Σ_j dZ̃ ⊙ ẑ,   dβ = Σ_j dZ̃,
    ///     dZ = (γ / (m·√(σ² + ε))) ⊙ (m·dZ̃ − Σ_j dZ̃ − ẑ ⊙ Σ_j (dZ̃ ⊙ ẑ))
    ///
    /// (the batch's mean and variance depend on every example, hence the two sums). Writes dZ into
    /// `inputGradient` and dγ, dβ (units × 1) into `gammaGradient`, `betaGradient`, resized in place.
    @inlinable
    public func backward(
        _ outputGradient: Matrix<Scalar>, normalized: Matrix<Scalar>, inverseDeviation: Matrix<Scalar>,
        into inputGradient: inout Matrix<Scalar>, gammaGradient: inout Matrix<Scalar>, betaGradient: inout Matrix<Scalar>
    ) {
        let n = units, m = outputGradient.columns
        precondition(outputGradient.rows == n && normalized.rows == n && normalized.columns == m && inverseDeviation.count == n,
                     "backward needs the training pass's ẑ and 1/√(σ² + ε) for the same batch.")
        inputGradient.resize(rows: n, columns: m)
        NormalizationGradients.affine(outputGradient, normalized: normalized, gammaGradient: &gammaGradient, betaGradient: &betaGradient)
        let count = Scalar(m)
        outputGradient.elements.withUnsafeBufferPointer { dy in
            normalized.elements.withUnsafeBufferPointer { hat in
                inputGradient.elements.withUnsafeMutableBufferPointer { dz in
                    for i in 0..<n {
                        let row = i * m
                        let sum = betaGradient.elements[i], weighted = gammaGradient.elements[i]
                        let scale = gamma.elements[i] * inverseDeviation.elements[i] / count
                        for j in row ..< row + m { dz[j] = scale * (count * dy[j] - sum - hat[j] * weighted) }
                    }
                }
            }
        }
    }
}

extension BatchNormalization {
    /// The same normalization (parameters and running statistics) in another precision.
    @inlinable
    public func converted<Other: DescentFloat>(to _: Other.Type = Other.self) -> BatchNormalization<Other> {
        var other = BatchNormalization<Other>(units: units, momentum: momentum, epsilon: epsilon)
        other.gamma = gamma.converted()
        other.beta = beta.converted()
        other.runningMean = runningMean.converted()
        other.runningVariance = runningVariance.converted()
        other.batchesTracked = batchesTracked
        return other
    }

    /// Copies γ, β, the running statistics and the batch count of `source` (same units) into this
    /// normalization's storage, without reallocating (the trainer's snapshots).
    @inlinable
    public mutating func copyElements(from source: BatchNormalization) {
        gamma.copyElements(from: source.gamma)
        beta.copyElements(from: source.beta)
        runningMean.copyElements(from: source.runningMean)
        runningVariance.copyElements(from: source.runningVariance)
        batchesTracked = source.batchesTracked
    }

    /// True when γ, β and the running statistics are all finite.
    @inlinable
    public var isFinite: Bool { gamma.isFinite && beta.isFinite && runningMean.isFinite && runningVariance.isFinite }
}
