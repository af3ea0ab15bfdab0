/// Layer normalization (Ba, Kiros & Hinton, 2016) of a layer's pre-activations Z (units × m), as
/// PyTorch's `LayerNorm(units)` computes it: each example normalized over the layer's units, then
/// scaled and shifted per unit,
///
///     μ_j = (1/n) Σ_i z_ij,   σ²_j = (1/n) Σ_i (z_ij − μ_j)²     (per example, over the n units)
///     ẑ_ij = (z_ij − μ_j) / √(σ²_j + ε),   Z̃_ij = γ_i·ẑ_ij + β_i
///
/// The same in training and at inference: no running statistics, and any batch size, one example
/// included. γ starts at 1, β at 0 (PyTorch's `weight` and `bias`); ε = 1e-5 (PyTorch's; Keras 1e-3).
public struct LayerNormalization<Scalar: DescentFloat>: Sendable, Equatable {
    /// γ, (units, 1).
    public var gamma: Matrix<Scalar>
    /// β, (units, 1).
    public var beta: Matrix<Scalar>
    /// ε, added to the variance before the square root.
    public var epsilon: Double

    /// A fresh normalization of `units` units: γ = 1, β = 0. (A single unit always normalizes to
    /// 0, so its output is β alone.)
    public init(units: Int, epsilon: Double = Normalization.defaultEpsilon) {
        precondition(units >= 1, "A normalized layer needs at least one unit.")
        precondition(epsilon > 0 && epsilon.isFinite, "ε must be positive and finite.")
        gamma = Matrix(rows: units, columns: 1, repeating: 1)
        beta = Matrix(rows: units, columns: 1)
        self.epsilon = epsilon
    }

    /// The number of units normalized.
    @inlinable
    public var units: Int { gamma.rows }

    /// The pass over `z` (units × m): writes Z̃ = γ ⊙ ẑ + β into `output`, ẑ into `normalized` and
    /// 1/√(σ²_j + ε) per example into `inverseDeviation` (1 × m; both kept for `backward`). The
    /// buffers are resized in place.
    @inlinable
    public func normalize(
        _ z: Matrix<Scalar>, into output: inout Matrix<Scalar>, normalized: inout Matrix<Scalar>, inverseDeviation: inout Matrix<Scalar>
    ) {
        let n = units, m = z.columns
        precondition(z.rows == n, "The normalization has \(n) units, Z has \(z.rows) rows.")
        output.resize(rows: n, columns: m)
        normalized.resize(rows: n, columns: m)
        inverseDeviation.resize(rows: 1, columns: m)
        let count = Scalar(n), eps = Scalar(epsilon)
        z.elements.withUnsafeBufferPointer { z in
            output.elements.withUnsafeMutableBufferPointer { y in
                normalized.elements.withUnsafeMutableBufferPointer { hat in
                    inverseDeviation.elements.withUnsafeMutableBufferPointer { s in
                        // Column statistics walked row by row (the elements are row-major): sums, then squares.
                        for j in 0..<m { s[j] = 0 }
                        for i in 0..<n {
                            for j in 0..<m { s[j] += z[i * m + j] }
                        }
                        for j in 0..<m { y[j] = s[j] / count }  // μ_j, parked in row 0
                        for j in 0..<m { s[j] = 0 }
                        for i in 0..<n {
                            for j in 0..<m {
                                let d = z[i * m + j] - y[j]
                                hat[i * m + j] = d
                                s[j] += d * d
                            }
                        }
                        for j in 0..<m { s[j] = 1 / (s[j] / count + eps).squareRoot() }
                        for i in 0..<n {
                            let g = gamma.elements[i], b = beta.elements[i]
                            for j in 0..<m {
                                let h = hat[i * m + j] * s[j]
                                hat[i * m + j] = h
                                y[i * m + j] = g * h + b
                            }
                        }
                    }
                }
            }
        }
    }

    /// Backpropagation, given dZ̃ (`outputGradient`, units × m) and the pass's ẑ and 1/√(σ² + ε):
    ///
    ///     dγ_i = Σ_j dZ̃_ij·ẑ_ij,   dβ_i = Σ_j dZ̃_ij,   dẑ = γ ⊙ dZ̃,
    ///     dz_ij = (1/(n·√(σ²_j + ε)))·(n·dẑ_ij − Σ_k dẑ_kj − ẑ_ij·Σ_k dẑ_kj·ẑ_kj)
    ///
    /// Writes dZ into `inputGradient` and dγ, dβ into `gammaGradient`, `betaGradient`; the two
    /// per-example sums go through `columnSums` (2 × m). Every buffer is resized in place, so a
    /// step allocates nothing once they have their size.
    @inlinable
    public func backward(
        _ outputGradient: Matrix<Scalar>, normalized: Matrix<Scalar>, inverseDeviation: Matrix<Scalar>,
        into inputGradient: inout Matrix<Scalar>, gammaGradient: inout Matrix<Scalar>, betaGradient: inout Matrix<Scalar>,
        columnSums sums: inout Matrix<Scalar>
    ) {
        let n = units, m = outputGradient.columns
        precondition(outputGradient.rows == n && normalized.rows == n && normalized.columns == m && inverseDeviation.count == m,
                     "backward needs the pass's ẑ and 1/√(σ² + ε) for the same batch.")
        inputGradient.resize(rows: n, columns: m)
        NormalizationGradients.affine(outputGradient, normalized: normalized, gammaGradient: &gammaGradient, betaGradient: &betaGradient)
        // Per example: Σ_k dẑ_kj and Σ_k dẑ_kj·ẑ_kj.
        sums.resize(rows: 2, columns: m)
        let count = Scalar(n)
        outputGradient.elements.withUnsafeBufferPointer { dy in
            normalized.elements.withUnsafeBufferPointer { hat in
                inverseDeviation.elements.withUnsafeBufferPointer { inverse in
                    sums.elements.withUnsafeMutableBufferPointer { sums in
                        inputGradient.elements.withUnsafeMutableBufferPointer { dz in
                            for j in 0..<2 * m { sums[j] = 0 }
                            for k in 0..<n {
                                let g = gamma.elements[k]
                                for j in 0..<m {
                                    let dHat = g * dy[k * m + j]
                                    sums[j] += dHat
                                    sums[m + j] += dHat * hat[k * m + j]
                                }
                            }
                            for i in 0..<n {
                                let g = gamma.elements[i]
                                for j in 0..<m {
                                    let dHat = g * dy[i * m + j]
                                    dz[i * m + j] = inverse[j] / count * (count * dHat - sums[j] - hat[i * m + j] * sums[m + j])
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension LayerNormalization {
    /// Copies γ and β of `source` (same units) into this normalization's storage, without reallocating.
    @inlinable
    public mutating func copyElements(from source: LayerNormalization) {
        gamma.copyElements(from: source.gamma)
        beta.copyElements(from: source.beta)
    }

    /// True when γ and β are finite.
    @inlinable
    public var isFinite: Bool { gamma.isFinite && beta.isFinite }

    /// The same normalization in another precision.
    @inlinable
    public func converted<Other: DescentFloat>(to _: Other.Type = Other.self) -> LayerNormalization<Other> {
        var other = LayerNormalization<Other>(units: units, epsilon: epsilon)
        other.gamma = gamma.converted()
        other.beta = beta.converted()
        return other
    }
}
