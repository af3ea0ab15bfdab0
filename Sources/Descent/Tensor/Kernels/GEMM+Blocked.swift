/// The cache-blocked, packed GEMM (the GotoBLAS/BLIS loop nest) and its two-thread split
/// (`TwoThreadRunner` over two halves of `C`).
///
/// Loop nest, outermost first: column blocks of `nc` (`jc`), depth blocks of `kc` (`pc`, packing
/// `op(B)` into `B̃`, which stays in L2/L3), row blocks of `mc` (`ic`, packing `alpha·op(A)` into `Ã`,
/// L2), then `MR`-row panels (`ir`: one `Ã` panel of `MR × kc` splatted vectors, 24 KiB, stays in L1)
/// and `NR`-column panels (`jr`, streamed from `B̃`) handed to the microkernel. (This order measured
/// faster than keeping the `B̃` panel in L1, because the splatted `Ã` panel is the bigger stream.) The first depth block applies `beta`, the next ones accumulate.
/// Block sizes are balanced so the last block is not a sliver. The packing buffer is the calling
/// thread's `GEMMWorkspace` (allocated once per thread, then reused).
extension GEMM {
    /// Largest depth block `kc`.
    @usableFromInline static var blockDepth: Int { 256 }
    /// Largest row block `mc` (rounded to the kernel's `MR`).
    @usableFromInline static var blockRows: Int { 96 }
    /// Largest column block `nc` for `Float` (rounded to the kernel's `NR`; half as many for `Double`,
    /// so `B̃` stays within 1 MiB).
    @usableFromInline static var blockColumns: Int { 1024 }
    /// Products with fewer multiply-adds (`m·n·k`) than this (2²¹ ≈ 128³) run on one thread.
    /// Products alone, back to back, gain from two threads from 64³ (7.5 → 4.6 µs, float32), but whole
    /// training steps do not: between a step's products runs single-threaded work while the worker
    /// spins, and its halves arrive late. Measured end to end on the idle 2-core machine,
    /// `DESCENT_GEMM_THREADS=1` against 2: a table's 27-64-64-1 step (64³ products) 43 against 45 µs,
    /// breast cancer's 30-100-1 at batch 200 (0.6 M multiply-adds) 0.067–0.077 against
    /// 0.086–0.096 s, digits' 64-100-10 and a 30-256-1 (1.3–1.5 M) even; MNIST's 784-256-128-10
    /// (25 M) halves its step time on two.
    @usableFromInline static var parallelThreshold: Int { 1 << 21 }

    /// Splits `total` into `ceil(total / limit)` nearly equal blocks, each a multiple of `quantum`.
    @inline(__always)
    static func balancedBlock(_ total: Int, limit: Int, quantum: Int) -> Int {
        let blocks = (total + limit - 1) / limit
        let size = (total + blocks - 1) / blocks
        return min(((size + quantum - 1) / quantum) * quantum, max(limit / quantum, 1) * quantum)
    }

    /// `C = alpha·op(A)·op(B) + beta·C` with kernel `K`, on up to `threads` threads.
    @inline(__always)
    static func blockedMultiply<K: GEMMMicrokernel>(
        _ kernel: K.Type, threads: Int,
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: K.Vector.Scalar,
        a: UnsafePointer<K.Vector.Scalar>, lda: Int, b: UnsafePointer<K.Vector.Scalar>, ldb: Int,
        beta: K.Vector.Scalar, c: UnsafeMutablePointer<K.Vector.Scalar>, ldc: Int
    ) {
        let mr = K.rows
        let nr = K.vectorsPerRow * K.Vector.scalarCount
        if threads >= 2 && m * n * k >= parallelThreshold && (m >= 2 * mr || n >= 2 * nr) {
            // Two disjoint halves of C (split along its longer side); each element is still summed
            // in the same order, so the result does not depend on the thread count.
            TwoThreadRunner.run(GEMMHalves<K>(
                splitRows: m >= n, transposeA: transposeA, transposeB: transposeB,
                m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc))
        } else {
            blockedMultiplySerial(
                K.self, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// The single-threaded loop nest (see the extension's documentation).
    @inline(__always)
    static func blockedMultiplySerial<K: GEMMMicrokernel>(
        _ kernel: K.Type,
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: K.Vector.Scalar,
        a: UnsafePointer<K.Vector.Scalar>, lda: Int, b: UnsafePointer<K.Vector.Scalar>, ldb: Int,
        beta: K.Vector.Scalar, c: UnsafeMutablePointer<K.Vector.Scalar>, ldc: Int
    ) {
        let mr = K.rows
        let width = K.Vector.scalarCount
        let nr = K.vectorsPerRow * width
        let kc = balancedBlock(k, limit: blockDepth, quantum: 1)
        let mc = balancedBlock(m, limit: blockRows, quantum: mr)
        let nc = balancedBlock(n, limit: blockColumns * 4 / MemoryLayout<K.Vector.Scalar>.size, quantum: nr)
        let aElementBytes = K.splatsA ? MemoryLayout<K.Vector>.stride : MemoryLayout<K.Vector.Scalar>.stride
        // Ã: mc × kc splatted vectors (or scalars); B̃: kc × nc scalars (as vectors).
        let aVectors = K.splatsA ? mc * kc : (mc * kc + width - 1) / width
        let packedA = GEMMWorkspace.current.buffer(of: K.Vector.self, count: aVectors + kc * nc / width)
        let packedB = packedA + aVectors
        var jc = 0
        while jc < n {
            let ncHere = min(nc, n - jc)
            var pc = 0
            while pc < k {
                let kcHere = min(kc, k - pc)
                let betaHere = pc == 0 ? beta : 1
                packB(K.self, transposed: transposeB, b: b, ldb: ldb, depthStart: pc, depth: kcHere,
                      columnStart: jc, columnCount: ncHere, into: packedB)
                var ic = 0
                while ic < m {
                    let mcHere = min(mc, m - ic)
                    packA(K.self, transposed: transposeA, a: a, lda: lda, rowStart: ic, rowCount: mcHere,
                          depthStart: pc, depth: kcHere, alpha: alpha, into: packedA)
                    var ir = 0
                    while ir < mcHere {
                        let aPanel = UnsafeRawPointer(packedA) + (ir / mr) * kcHere * mr * aElementBytes
                        let rows = min(mr, mcHere - ir)
                        var jr = 0
                        while jr < ncHere {
                            let bPanel = UnsafePointer(packedB + (jr / nr) * kcHere * K.vectorsPerRow)
                            K.run(depth: kcHere, a: aPanel, b: bPanel, c: c + (ic + ir) * ldc + jc + jr,
                                  ldc: ldc, rows: rows, columns: min(nr, ncHere - jr), beta: betaHere)
                            jr += nr
                        }
                        ir += mr
                    }
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }

    /// Non-generic entry for `Float` (so the kernel is compiled once, optimized, inside Descent), with
    /// the AVX2+FMA kernel when `instructionSet` is `.avx2`, else the portable SSE2 one.
    @usableFromInline
    static func blockedMultiplyFloat(
        threads: Int, instructionSet: GEMMInstructionSet = .best,
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if instructionSet == .avx2 {
            blockedMultiply(FloatMicrokernelAVX2.self, threads: threads, transposeA: transposeA,
                            transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            blockedMultiply(FloatMicrokernel6x8.self, threads: threads, transposeA: transposeA,
                            transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// Non-generic entry for `Double` (see `blockedMultiplyFloat`).
    @usableFromInline
    static func blockedMultiplyDouble(
        threads: Int, instructionSet: GEMMInstructionSet = .best,
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if instructionSet == .avx2 {
            blockedMultiply(DoubleMicrokernelAVX2.self, threads: threads, transposeA: transposeA,
                            transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            blockedMultiply(DoubleMicrokernel6x4.self, threads: threads, transposeA: transposeA,
                            transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }
}

/// One product `C = alpha·op(A)·op(B) + beta·C` cut into two disjoint halves of `C` — its rows
/// (`splitRows`) or its columns, split at a whole kernel tile (`TwoThreadRunner.half`) — for
/// `TwoThreadRunner`. Each half writes its own part of `c` and only reads `a` and `b`.
struct GEMMHalves<K: GEMMMicrokernel>: SplitTask {
    let splitRows: Bool
    let transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: K.Vector.Scalar
    let a: UnsafePointer<K.Vector.Scalar>, lda: Int, b: UnsafePointer<K.Vector.Scalar>, ldb: Int
    let beta: K.Vector.Scalar, c: UnsafeMutablePointer<K.Vector.Scalar>, ldc: Int

    func run(part: Int) {
        if splitRows {
            let rows = TwoThreadRunner.half(part, of: m, quantum: K.rows), start = rows.lowerBound
            GEMM.blockedMultiplySerial(
                K.self, transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k,
                alpha: alpha, a: transposeA ? a + start : a + start * lda, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c + start * ldc, ldc: ldc)
        } else {
            let columns = TwoThreadRunner.half(part, of: n, quantum: K.vectorsPerRow * K.Vector.scalarCount)
            let start = columns.lowerBound
            GEMM.blockedMultiplySerial(
                K.self, transposeA: transposeA, transposeB: transposeB, m: m, n: columns.count, k: k,
                alpha: alpha, a: a, lda: lda, b: transposeB ? b + start * ldb : b + start, ldb: ldb,
                beta: beta, c: c + start, ldc: ldc)
        }
    }
}
