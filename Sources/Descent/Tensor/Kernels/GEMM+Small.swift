import DescentKernelsC

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

    /// `(dot(x, y), dot(x, z))`, each summed exactly as `dot(_:_:count:)` sums it, in one pass.
    @inlinable
    static func dot2<T: DescentFloat>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ z: UnsafePointer<T>, count: Int) -> (T, T) {
        var first = SIMD4<T>(), second = SIMD4<T>()
        var p = 0
        while p &+ 4 <= count {
            let xs = UnsafeRawPointer(x + p).loadUnaligned(as: SIMD4<T>.self)
            first += xs * UnsafeRawPointer(y + p).loadUnaligned(as: SIMD4<T>.self)
            second += xs * UnsafeRawPointer(z + p).loadUnaligned(as: SIMD4<T>.self)
            p &+= 4
        }
        var total1 = (first[0] + first[1]) + (first[2] + first[3])
        var total2 = (second[0] + second[1]) + (second[2] + second[3])
        while p < count {
            total1 += x[p] * y[p]
            total2 += x[p] * z[p]
            p &+= 1
        }
        return (total1, total2)
    }

    /// `C = alpha · op(A) · op(B) + beta · C` by direct loops (no packing, allocation or threads).
    @inlinable
    static func smallMultiply<T: DescentFloat>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        if T.self == Float.self && !transposeB && GEMMInstructionSet.best == .avx2 {
            // The same loops in C, eight columns per instruction (the same bits).
            descent_ssmall_multiply(m, n, k, alpha as! Float, UnsafeRawPointer(a).assumingMemoryBound(to: Float.self),
                                    transposeA ? 1 : lda, transposeA ? lda : 1,
                                    UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb, beta as! Float,
                                    UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc)
            return
        }
        smallMultiplyLoops(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                           a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// `smallMultiply`'s loops in Swift (every form, both precisions).
    @inlinable
    static func smallMultiplyLoops<T: DescentFloat>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        switch (transposeA, transposeB) {
        case (false, false), (true, false):
            // C[i, :] = beta·C[i, :] + Σ_p alpha·op(A)[i, p] · B[p, :]  — contiguous rows of B and C.
            // Each element is accumulated in a register over p in order, `((beta·c + s0·b0) + s1·b1) + …`
            // (beta·c is 0 for beta = 0 and c itself for beta = 1): the same operations, in the same
            // order, as scaling C and then adding one row of B after another, with one store per element.
            let aStep = transposeA ? lda : 1
            for i in 0..<m {
                let cRow = c + i &* ldc
                let aRow = transposeA ? a + i : a + i &* lda
                var j = 0
                // Four independent 4-wide accumulators per pass: the additions over p form one
                // dependency chain per element, so several chains in flight hide their latency.
                while j &+ 16 <= n {
                    var t0: SIMD4<T>, t1: SIMD4<T>, t2: SIMD4<T>, t3: SIMD4<T>
                    if beta == 0 {
                        t0 = SIMD4<T>(); t1 = t0; t2 = t0; t3 = t0
                    } else {
                        t0 = UnsafeRawPointer(cRow + j).loadUnaligned(as: SIMD4<T>.self)
                        t1 = UnsafeRawPointer(cRow + (j &+ 4)).loadUnaligned(as: SIMD4<T>.self)
                        t2 = UnsafeRawPointer(cRow + (j &+ 8)).loadUnaligned(as: SIMD4<T>.self)
                        t3 = UnsafeRawPointer(cRow + (j &+ 12)).loadUnaligned(as: SIMD4<T>.self)
                        if beta != 1 {
                            let scaled = SIMD4<T>(repeating: beta)
                            t0 = scaled * t0; t1 = scaled * t1; t2 = scaled * t2; t3 = scaled * t3
                        }
                    }
                    var bColumn = b + j
                    for p in 0..<k {
                        let scale = SIMD4<T>(repeating: alpha * aRow[p &* aStep])
                        t0 += scale * UnsafeRawPointer(bColumn).loadUnaligned(as: SIMD4<T>.self)
                        t1 += scale * UnsafeRawPointer(bColumn + 4).loadUnaligned(as: SIMD4<T>.self)
                        t2 += scale * UnsafeRawPointer(bColumn + 8).loadUnaligned(as: SIMD4<T>.self)
                        t3 += scale * UnsafeRawPointer(bColumn + 12).loadUnaligned(as: SIMD4<T>.self)
                        bColumn += ldb
                    }
                    UnsafeMutableRawPointer(cRow + j).storeBytes(of: t0, as: SIMD4<T>.self)
                    UnsafeMutableRawPointer(cRow + (j &+ 4)).storeBytes(of: t1, as: SIMD4<T>.self)
                    UnsafeMutableRawPointer(cRow + (j &+ 8)).storeBytes(of: t2, as: SIMD4<T>.self)
                    UnsafeMutableRawPointer(cRow + (j &+ 12)).storeBytes(of: t3, as: SIMD4<T>.self)
                    j &+= 16
                }
                while j &+ 4 <= n {
                    var total: SIMD4<T>
                    if beta == 0 {
                        total = SIMD4<T>()
                    } else {
                        total = UnsafeRawPointer(cRow + j).loadUnaligned(as: SIMD4<T>.self)
                        if beta != 1 { total = SIMD4<T>(repeating: beta) * total }
                    }
                    var bColumn = b + j
                    for p in 0..<k {
                        let scale = alpha * aRow[p &* aStep]
                        total += SIMD4<T>(repeating: scale) * UnsafeRawPointer(bColumn).loadUnaligned(as: SIMD4<T>.self)
                        bColumn += ldb
                    }
                    UnsafeMutableRawPointer(cRow + j).storeBytes(of: total, as: SIMD4<T>.self)
                    j &+= 4
                }
                while j < n {
                    var total: T = beta == 0 ? 0 : (beta == 1 ? cRow[j] : beta * cRow[j])
                    for p in 0..<k {
                        let scale = alpha * aRow[p &* aStep]
                        total += scale * b[p &* ldb &+ j]
                    }
                    cRow[j] = total
                    j &+= 1
                }
            }
        case (false, true), (true, true):
            // C[i, j] = alpha · Σ_p op(A)[i, p] · B[j, p] + beta·C[i, j] — rows of B contiguous.
            for i in 0..<m {
                let cRow = c + i * ldc
                var j = 0
                if !transposeA {
                    // Two dot products at a time (each summed exactly as `dot` sums it), for two
                    // independent chains of additions.
                    while j &+ 2 <= n {
                        let (first, second) = dot2(a + i &* lda, b + j &* ldb, b + (j &+ 1) &* ldb, count: k)
                        cRow[j] = beta == 0 ? alpha * first : alpha * first + beta * cRow[j]
                        cRow[j &+ 1] = beta == 0 ? alpha * second : alpha * second + beta * cRow[j &+ 1]
                        j &+= 2
                    }
                }
                while j < n {
                    let bRow = b + j * ldb
                    var total: T = 0
                    if transposeA {
                        for p in 0..<k { total += a[p * lda + i] * bRow[p] }
                    } else {
                        total = dot(a + i * lda, bRow, count: k)
                    }
                    cRow[j] = beta == 0 ? alpha * total : alpha * total + beta * cRow[j]
                    j &+= 1
                }
            }
        }
    }
}
