/// A register-tiled inner kernel of the blocked GEMM: it computes one `rows × columns` tile of
/// `C = Ã·B̃ + beta·C` from packed panels, where `Ã` holds `rows` values of `alpha·op(A)` per depth
/// step (each splatted to a whole `Vector` when `splatsA`, else plain scalars) and `B̃` holds
/// `vectorsPerRow` SIMD vectors of `op(B)` per depth step.
///
/// Two families: the portable Swift kernels below, written against 128-bit vectors (`SIMD4<Float>`,
/// `SIMD2<Double>`) because a Swift package without `unsafeFlags` is compiled for the x86-64 baseline
/// (SSE2: sixteen 128-bit registers, no FMA) — wider Swift SIMD types would only be split into the same
/// instructions, and products are written `acc + a * b` on x86-64 (`addingProduct` becomes a libm `fma`
/// call per lane without FMA; see `multiplyAdd`); and the AVX2+FMA C kernels (`GEMM+AVX2.swift`), used when the processor has them.
@usableFromInline
protocol GEMMMicrokernel: Sendable {
    /// The SIMD vector the kernel computes with.
    associatedtype Vector: SIMD where Vector.Scalar: DescentFloat
    /// Rows of `C` per tile (`MR`).
    static var rows: Int { get }
    /// Whether `Ã` stores each value splatted across a whole `Vector` (else as one scalar).
    static var splatsA: Bool { get }
    /// SIMD vectors of `C` per tile row (`NR = vectorsPerRow · Vector.scalarCount`).
    static var vectorsPerRow: Int { get }
    /// `C[0..<rows, 0..<columns] = Σ_p Ã[p]·B̃[p] + beta·C` (with `beta == 0` ignoring `C`).
    static func run(depth: Int, a: UnsafeRawPointer, b: UnsafePointer<Vector>,
                    c: UnsafeMutablePointer<Vector.Scalar>, ldc: Int, rows: Int, columns: Int, beta: Vector.Scalar)
    /// Packs one `Ã` panel of scalars, `alpha·A[r, p]` at `p·MR + r` (zero rows past `rows`), from a
    /// stored, not transposed `A` in the kernel's own code; false when it has none (`GEMM.packA`'s
    /// loops pack it then).
    static func packPanel(ofA a: UnsafePointer<Vector.Scalar>, lda: Int, rows: Int, depth: Int, alpha: Vector.Scalar,
                          into destination: UnsafeMutablePointer<Vector.Scalar>) -> Bool
    /// Packs one `B̃` panel, `B[j, p]` at `p·NR + j` (zero columns past `columns`), from a stored `B`
    /// that `op` transposes, in the kernel's own code; false when it has none.
    static func packPanel(ofTransposedB b: UnsafePointer<Vector.Scalar>, ldb: Int, columns: Int, depth: Int,
                          into destination: UnsafeMutablePointer<Vector.Scalar>) -> Bool
}

extension GEMMMicrokernel {
    /// No packing code of its own: `GEMM.packA`'s loops pack.
    @inline(__always) @usableFromInline
    static func packPanel(ofA a: UnsafePointer<Vector.Scalar>, lda: Int, rows: Int, depth: Int, alpha: Vector.Scalar,
                          into destination: UnsafeMutablePointer<Vector.Scalar>) -> Bool { false }

    /// No packing code of its own: `GEMM.packB`'s loops pack.
    @inline(__always) @usableFromInline
    static func packPanel(ofTransposedB b: UnsafePointer<Vector.Scalar>, ldb: Int, columns: Int, depth: Int,
                          into destination: UnsafeMutablePointer<Vector.Scalar>) -> Bool { false }

    /// `accumulator + a·b`: one fused `fmla` on arm64 (NEON always has FMA); a separate multiply and
    /// add on x86-64, whose baseline has no FMA (`addingProduct` would call libm's `fma` per lane).
    @inline(__always)
    static func multiplyAdd(_ accumulator: Vector, _ a: Vector, _ b: Vector) -> Vector {
        #if arch(arm64)
        return accumulator.addingProduct(a, b)
        #else
        return accumulator + a * b
        #endif
    }

    /// Writes one full tile row, the vectors `v0` and `v1`, to `destination`, combining with `beta`.
    @inline(__always)
    static func storeRow(_ v0: Vector, _ v1: Vector, to destination: UnsafeMutablePointer<Vector.Scalar>,
                         beta: Vector.Scalar) {
        let raw = UnsafeMutableRawPointer(destination)
        let offset = MemoryLayout<Vector>.stride
        if beta == 0 {
            raw.storeBytes(of: v0, as: Vector.self)
            raw.storeBytes(of: v1, toByteOffset: offset, as: Vector.self)
        } else if beta == 1 {
            raw.storeBytes(of: v0 + raw.loadUnaligned(as: Vector.self), as: Vector.self)
            raw.storeBytes(of: v1 + raw.loadUnaligned(fromByteOffset: offset, as: Vector.self),
                           toByteOffset: offset, as: Vector.self)
        } else {
            raw.storeBytes(of: v0 + beta * raw.loadUnaligned(as: Vector.self), as: Vector.self)
            raw.storeBytes(of: v1 + beta * raw.loadUnaligned(fromByteOffset: offset, as: Vector.self),
                           toByteOffset: offset, as: Vector.self)
        }
    }

    /// Writes a partial tile (`rows × columns`, smaller than the kernel's) from `tile`, which holds the
    /// full tile's vectors row by row.
    @inline(__always)
    static func storePartial(_ tile: UnsafePointer<Vector>, to c: UnsafeMutablePointer<Vector.Scalar>, ldc: Int,
                             rows: Int, columns: Int, beta: Vector.Scalar) {
        tile.withMemoryRebound(to: Vector.Scalar.self, capacity: Self.rows * 2 * Vector.scalarCount) { scalars in
            let width = 2 * Vector.scalarCount
            for r in 0..<rows {
                let source = scalars + r * width
                let destination = c + r * ldc
                if beta == 0 {
                    for j in 0..<columns { destination[j] = source[j] }
                } else {
                    for j in 0..<columns { destination[j] = source[j] + beta * destination[j] }
                }
            }
        }
    }
}

/// The `Float` kernel: a 6 × 8 tile held in twelve `SIMD4<Float>` accumulators.
@usableFromInline
enum FloatMicrokernel6x8: GEMMMicrokernel {
    @usableFromInline typealias Vector = SIMD4<Float>
    @usableFromInline static var rows: Int { 6 }
    @usableFromInline static var vectorsPerRow: Int { 2 }
    @usableFromInline static var splatsA: Bool { true }

    @inline(__always) @usableFromInline
    static func run(depth: Int, a: UnsafeRawPointer, b: UnsafePointer<Vector>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, beta: Float) {
        var c00 = Vector(), c01 = Vector(), c10 = Vector(), c11 = Vector()
        var c20 = Vector(), c21 = Vector(), c30 = Vector(), c31 = Vector()
        var c40 = Vector(), c41 = Vector(), c50 = Vector(), c51 = Vector()
        var pa = a.assumingMemoryBound(to: Vector.self), pb = b
        for _ in 0..<depth {
            let b0 = pb[0], b1 = pb[1]
            var ar = pa[0]
            c00 = multiplyAdd(c00, ar, b0); c01 = multiplyAdd(c01, ar, b1)
            ar = pa[1]
            c10 = multiplyAdd(c10, ar, b0); c11 = multiplyAdd(c11, ar, b1)
            ar = pa[2]
            c20 = multiplyAdd(c20, ar, b0); c21 = multiplyAdd(c21, ar, b1)
            ar = pa[3]
            c30 = multiplyAdd(c30, ar, b0); c31 = multiplyAdd(c31, ar, b1)
            ar = pa[4]
            c40 = multiplyAdd(c40, ar, b0); c41 = multiplyAdd(c41, ar, b1)
            ar = pa[5]
            c50 = multiplyAdd(c50, ar, b0); c51 = multiplyAdd(c51, ar, b1)
            pa += 6
            pb += 2
        }
        if rows == 6 && columns == 8 {
            storeRow(c00, c01, to: c, beta: beta)
            storeRow(c10, c11, to: c + ldc, beta: beta)
            storeRow(c20, c21, to: c + 2 * ldc, beta: beta)
            storeRow(c30, c31, to: c + 3 * ldc, beta: beta)
            storeRow(c40, c41, to: c + 4 * ldc, beta: beta)
            storeRow(c50, c51, to: c + 5 * ldc, beta: beta)
        } else {
            withUnsafeTemporaryAllocation(of: Vector.self, capacity: 12) { tile in
                let t = tile.baseAddress!
                t[0] = c00; t[1] = c01; t[2] = c10; t[3] = c11; t[4] = c20; t[5] = c21
                t[6] = c30; t[7] = c31; t[8] = c40; t[9] = c41; t[10] = c50; t[11] = c51
                storePartial(t, to: c, ldc: ldc, rows: rows, columns: columns, beta: beta)
            }
        }
    }
}

/// The `Double` kernel: a 6 × 4 tile held in twelve `SIMD2<Double>` accumulators.
@usableFromInline
enum DoubleMicrokernel6x4: GEMMMicrokernel {
    @usableFromInline typealias Vector = SIMD2<Double>
    @usableFromInline static var rows: Int { 6 }
    @usableFromInline static var vectorsPerRow: Int { 2 }
    @usableFromInline static var splatsA: Bool { true }

    @inline(__always) @usableFromInline
    static func run(depth: Int, a: UnsafeRawPointer, b: UnsafePointer<Vector>,
                    c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, columns: Int, beta: Double) {
        var c00 = Vector(), c01 = Vector(), c10 = Vector(), c11 = Vector()
        var c20 = Vector(), c21 = Vector(), c30 = Vector(), c31 = Vector()
        var c40 = Vector(), c41 = Vector(), c50 = Vector(), c51 = Vector()
        var pa = a.assumingMemoryBound(to: Vector.self), pb = b
        for _ in 0..<depth {
            let b0 = pb[0], b1 = pb[1]
            var ar = pa[0]
            c00 = multiplyAdd(c00, ar, b0); c01 = multiplyAdd(c01, ar, b1)
            ar = pa[1]
            c10 = multiplyAdd(c10, ar, b0); c11 = multiplyAdd(c11, ar, b1)
            ar = pa[2]
            c20 = multiplyAdd(c20, ar, b0); c21 = multiplyAdd(c21, ar, b1)
            ar = pa[3]
            c30 = multiplyAdd(c30, ar, b0); c31 = multiplyAdd(c31, ar, b1)
            ar = pa[4]
            c40 = multiplyAdd(c40, ar, b0); c41 = multiplyAdd(c41, ar, b1)
            ar = pa[5]
            c50 = multiplyAdd(c50, ar, b0); c51 = multiplyAdd(c51, ar, b1)
            pa += 6
            pb += 2
        }
        if rows == 6 && columns == 4 {
            storeRow(c00, c01, to: c, beta: beta)
            storeRow(c10, c11, to: c + ldc, beta: beta)
            storeRow(c20, c21, to: c + 2 * ldc, beta: beta)
            storeRow(c30, c31, to: c + 3 * ldc, beta: beta)
            storeRow(c40, c41, to: c + 4 * ldc, beta: beta)
            storeRow(c50, c51, to: c + 5 * ldc, beta: beta)
        } else {
            withUnsafeTemporaryAllocation(of: Vector.self, capacity: 12) { tile in
                let t = tile.baseAddress!
                t[0] = c00; t[1] = c01; t[2] = c10; t[3] = c11; t[4] = c20; t[5] = c21
                t[6] = c30; t[7] = c31; t[8] = c40; t[9] = c41; t[10] = c50; t[11] = c51
                storePartial(t, to: c, ldc: ldc, rows: rows, columns: columns, beta: beta)
            }
        }
    }
}
