/// General matrix multiply on raw row-major buffers:
/// `C = alpha · op(A) · op(B) + beta · C`, where `op(X)` is `X` or `Xᵀ`.
///
/// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row strides of
/// the buffers as stored (before transposition). These are the three forms backpropagation needs:
/// `Z = W·A` (no transposes), `dW = dZ·Aᵀ` (`transposeB`), `dA = Wᵀ·dZ` (`transposeA`).
/// When `beta` is zero, `C` is overwritten and its previous contents (even NaN) are ignored, as in BLAS.
///
/// Tiny products (`GEMM.isSmall`, e.g. the course's 5×2 · 2×64) run simple loops with no packing,
/// allocation or threading. Larger ones run a cache-blocked, packed, register-tiled SIMD kernel
/// (`Float` and `Double`; AVX2+FMA C kernels when the processor has them, `GEMMInstructionSet`, else
/// portable Swift SIMD; `DESCENT_GEMM_KERNEL=sse2` forces the latter), on two threads above
/// `GEMM.parallelThreshold`, or the system BLAS when the configuration asks for it
/// (`GEMMConfiguration`, `DESCENT_BLAS`).
public enum GEMM {
    /// Computes `C = alpha · op(A) · op(B) + beta · C` (see the type's documentation) with the
    /// process-wide `GEMMConfiguration.default`.
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
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, configuration: .default)
    }

    /// Computes `C = alpha · op(A) · op(B) + beta · C` with an explicit backend and thread limit.
    @inlinable
    public static func multiply<T: DescentFloat>(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: T,
        a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int,
        beta: T,
        c: UnsafeMutablePointer<T>, ldc: Int,
        configuration: GEMMConfiguration
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "GEMM dimensions must be non-negative.")
        if m == 0 || n == 0 { return }
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n,
                     "GEMM row strides must be at least the stored rows' lengths.")
        if k == 0 || alpha == 0 {
            scale(c, ldc: ldc, m: m, n: n, by: beta)
            return
        }
        if isSmall(m: m, n: n, k: k, transposeB: transposeB) {
            smallMultiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        if T.self == Float.self {
            largeMultiply(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha as! Float,
                a: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
                b: UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb: ldb, beta: beta as! Float,
                c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc,
                configuration: configuration)
        } else if T.self == Double.self {
            largeMultiply(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha as! Double,
                a: UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda: lda,
                b: UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb: ldb, beta: beta as! Double,
                c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc,
                configuration: configuration)
        } else {
            smallMultiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// Whether a product takes the simple loops rather than the packed kernel: `k < 4`, `n < 4`, or
    /// `m·n·k ≤ 8192`, or fewer than 6 rows (one kernel tile) without `transposeB` — the shapes where
    /// packing costs more than it saves (measured: 5×2·2×64 runs 3× faster unpacked).
    @inlinable
    public static func isSmall(m: Int, n: Int, k: Int, transposeB: Bool) -> Bool {
        k < 4 || n < 4 || m * n * k <= 8192 || (m < 6 && !transposeB)
    }

    /// `C = beta · C` (`beta == 0` writes zeros, ignoring NaN).
    @inlinable
    static func scale<T: DescentFloat>(_ c: UnsafeMutablePointer<T>, ldc: Int, m: Int, n: Int, by beta: T) {
        if beta == 1 { return }
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: n)
            } else {
                for j in 0..<n { row[j] *= beta }
            }
        }
    }

    /// The blocked kernel or the system BLAS for `Float`.
    @usableFromInline
    static func largeMultiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, configuration: GEMMConfiguration
    ) {
        if let blas = systemBLAS(for: configuration, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc) {
            blas.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            blockedMultiplyFloat(threads: configuration.maximumThreads, transposeA: transposeA,
                                 transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// The blocked kernel or the system BLAS for `Double`.
    @usableFromInline
    static func largeMultiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, configuration: GEMMConfiguration
    ) {
        if let blas = systemBLAS(for: configuration, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc) {
            blas.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            blockedMultiplyDouble(threads: configuration.maximumThreads, transposeA: transposeA,
                                  transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                  a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// Which implementation `multiply` uses for this shape and configuration: `"built-in small"` (the
    /// simple loops), `"built-in avx2"` / `"built-in sse2"` (the blocked kernel), or the loaded system
    /// BLAS's file name (e.g. `"libopenblas.so.0"`).
    public static func implementationName(m: Int, n: Int, k: Int, transposeB: Bool = false,
                                          configuration: GEMMConfiguration = .default) -> String {
        if m == 0 || n == 0 || k == 0 || isSmall(m: m, n: n, k: k, transposeB: transposeB) { return "built-in small" }
        let lead = max(m, n, k)
        if let blas = systemBLAS(for: configuration, m: m, n: n, k: k, lda: lead, ldb: lead, ldc: lead) {
            return blas.path
        }
        return "built-in \(GEMMInstructionSet.best.rawValue)"
    }

    /// The system BLAS when the configuration selects it for this shape and it is loaded.
    static func systemBLAS(for configuration: GEMMConfiguration, m: Int, n: Int, k: Int,
                           lda: Int, ldb: Int, ldc: Int) -> SystemBLAS? {
        switch configuration.backend {
        case .builtIn: return nil
        case .automatic where m * n * k < GEMMConfiguration.systemBLASThreshold: return nil
        case .automatic, .systemBLAS:
            guard SystemBLAS.fits(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc) else { return nil }
            return SystemBLAS.shared
        }
    }
}
