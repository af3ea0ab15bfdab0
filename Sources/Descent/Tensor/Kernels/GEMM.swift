/// General matrix multiply on raw row-major buffers:
/// `C = alpha · op(A) · op(B) + beta · C`, where `op(X)` is `X` or `Xᵀ`.
///
/// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row strides of
/// the buffers as stored (before transposition). These are the three forms backpropagation needs:
/// `Z = W·A` (no transposes), `dW = dZ·Aᵀ` (`transposeB`), `dA = Wᵀ·dZ` (`transposeA`).
/// When `beta` is zero, `C` is overwritten and its previous contents (even NaN) are ignored, as in BLAS.
public enum GEMM {
    /// Computes `C = alpha · op(A) · op(B) + beta · C` (see the type's documentation).
    @inlinable
    public static func multiply<T: DescentFloat>(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: T,
        a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int,
        beta: T,
        c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "GEMM dimensions must be non-negative.")
        for i in 0..<m {
            let cRow = c + i * ldc
            if beta == 0 {
                cRow.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { cRow[j] *= beta }
            }
        }
        if m == 0 || n == 0 || k == 0 { return }
        switch (transposeA, transposeB) {
        case (false, false):
            // C[i, :] += alpha · A[i, p] · B[p, :]  — contiguous rows of B and C.
            for i in 0..<m {
                let cRow = c + i * ldc
                for p in 0..<k {
                    let scale = alpha * a[i * lda + p]
                    let bRow = b + p * ldb
                    for j in 0..<n { cRow[j] += scale * bRow[j] }
                }
            }
        case (false, true):
            // C[i, j] += alpha · dot(A[i, :], B[j, :]) — both rows contiguous.
            for i in 0..<m {
                let aRow = a + i * lda
                for j in 0..<n {
                    let bRow = b + j * ldb
                    var total: T = 0
                    for p in 0..<k { total += aRow[p] * bRow[p] }
                    c[i * ldc + j] += alpha * total
                }
            }
        case (true, false):
            // C[i, :] += alpha · A[p, i] · B[p, :].
            for p in 0..<k {
                let aRow = a + p * lda
                let bRow = b + p * ldb
                for i in 0..<m {
                    let scale = alpha * aRow[i]
                    let cRow = c + i * ldc
                    for j in 0..<n { cRow[j] += scale * bRow[j] }
                }
            }
        case (true, true):
            for i in 0..<m {
                for j in 0..<n {
                    var total: T = 0
                    for p in 0..<k { total += a[p * lda + i] * b[j * ldb + p] }
                    c[i * ldc + j] += alpha * total
                }
            }
        }
    }
}
