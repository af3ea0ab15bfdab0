extension Matrix {
    /// The matrix product `op(self) · op(other)` (numpy's `np.dot`), where `op` optionally transposes.
    ///
    /// `w.dot(a)` is `W·A`; `dz.dot(a, transposeOther: true)` is `dZ·Aᵀ`;
    /// `w.dot(dz, transposeSelf: true)` is `Wᵀ·dZ`.
    @inlinable
    public func dot(_ other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        var result = Matrix(rows: 0, columns: 0)
        result.setProduct(self, other, transposeA: transposeSelf, transposeB: transposeOther)
        return result
    }

    /// Overwrites `self` with `alpha · op(a) · op(b) + beta · self`, resizing `self` to the product's
    /// shape (reusing its storage when large enough, so a workspace allocates only once).
    @inlinable
    public mutating func setProduct(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Scalar = 1, beta: Scalar = 0
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "Matrix product needs matching inner dimensions: op(A) is \(m)×\(k), op(B) is \(kB)×\(n).")
        if beta != 0 {
            precondition(rows == m && columns == n, "Accumulating a product needs the destination already \(m)×\(n).")
        } else {
            resize(rows: m, columns: n)
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            // An empty sum: C = beta·C (A or B may have no storage to point at).
            elements.withUnsafeMutableBufferPointer { GEMM.scale($0.baseAddress!, ldc: n, m: m, n: n, by: beta) }
            return
        }
        a.elements.withUnsafeBufferPointer { aBuffer in
            b.elements.withUnsafeBufferPointer { bBuffer in
                elements.withUnsafeMutableBufferPointer { cBuffer in
                    GEMM.multiply(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: aBuffer.baseAddress!, lda: max(a.columns, 1),
                        b: bBuffer.baseAddress!, ldb: max(b.columns, 1),
                        beta: beta, c: cBuffer.baseAddress!, ldc: max(n, 1))
                }
            }
        }
    }

    /// The transpose `selfᵀ`.
    @inlinable
    public var transposed: Matrix {
        Matrix(rows: columns, columns: rows) { i, j in self[j, i] }
    }
}
