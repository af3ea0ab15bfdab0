/// What batch and layer normalization share in backpropagation: the gradients of their affine
/// step Z̃ = γ ⊙ ẑ + β, per unit (row), `dγ = Σ_j dZ̃ ⊙ ẑ` and `dβ = Σ_j dZ̃`.
@usableFromInline
enum NormalizationGradients {
    /// Writes dγ into `gammaGradient` and dβ into `betaGradient` (units × 1, resized in place)
    /// from dZ̃ (`outputGradient`) and ẑ (`normalized`), both units × m.
    @inlinable
    static func affine<Scalar: DescentFloat>(
        _ outputGradient: Matrix<Scalar>, normalized: Matrix<Scalar>, gammaGradient: inout Matrix<Scalar>, betaGradient: inout Matrix<Scalar>
    ) {
        let n = outputGradient.rows, m = outputGradient.columns
        gammaGradient.resize(rows: n, columns: 1)
        betaGradient.resize(rows: n, columns: 1)
        outputGradient.elements.withUnsafeBufferPointer { dy in
            normalized.elements.withUnsafeBufferPointer { hat in
                for i in 0..<n {
                    var sum: Scalar = 0, weighted: Scalar = 0
                    for j in i * m ..< (i + 1) * m {
                        sum += dy[j]
                        weighted += dy[j] * hat[j]
                    }
                    gammaGradient.elements[i] = weighted
                    betaGradient.elements[i] = sum
                }
            }
        }
    }
}
