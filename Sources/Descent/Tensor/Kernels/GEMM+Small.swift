/// The simple loops for small products (no packing, no allocation, no threads).
extension GEMM {
    /// `Σ_p x[p]·y[p]` over contiguous vectors, in four interleaved partial sums (lanes of a `SIMD4`),
    /// then the tail in order.
    @inlinable
    static func dot<T: DescentFloat>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, count: Int) -> T {
        var partial = SIMD4<T>()
        var p = 0
        while p + 4 <= count {
            partial += UnsafeRawPointer(x + p).loadUnaligned(as: SIMD4<T>.self)
                * UnsafeRawPointer(y + p).loadUnaligned(as: SIMD4<T>.self)
            p += 4
        }
        var total = (partial[0] + partial[1]) + (partial[2] + partial[3])
        while p < count {
            total += x[p] * y[p]
            p += 1
        }
        return total
    }

    /// `C = alpha · op(A) · op(B) + beta · C` by direct loops (no packing, allocation or threads).
    @inlinable
    static func smallMultiply<T: DescentFloat>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        switch (transposeA, transposeB) {
        case (false, false), (true, false):
            // C[i, :] = beta·C[i, :] + Σ_p alpha·op(A)[i, p] · B[p, :]  — contiguous rows of B and C.
            scale(c, ldc: ldc, m: m, n: n, by: beta)
            for i in 0..<m {
                let cRow = c + i * ldc
                for p in 0..<k {
                    let scale = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
                    let bRow = b + p * ldb
                    for j in 0..<n { cRow[j] += scale * bRow[j] }
                }
            }
        case (false, true), (true, true):
            // C[i, j] = alpha · Σ_p op(A)[i, p] · B[j, p] + beta·C[i, j] — rows of B contiguous.
            for i in 0..<m {
                let cRow = c + i * ldc
                for j in 0..<n {
                    let bRow = b + j * ldb
                    var total: T = 0
                    if transposeA {
                        for p in 0..<k { total += a[p * lda + i] * bRow[p] }
                    } else {
                        total = dot(a + i * lda, bRow, count: k)
                    }
                    cRow[j] = beta == 0 ? alpha * total : alpha * total + beta * cRow[j]
                }
            }
        }
    }
}
