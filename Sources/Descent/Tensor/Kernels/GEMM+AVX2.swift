import DescentKernelsC

/// The instruction set of the built-in blocked kernel.
public enum GEMMInstructionSet: String, Sendable, CaseIterable {
    /// The portable Swift kernels (x86-64 baseline SSE2 / 128-bit NEON): Float 6×8, Double 6×4 tiles.
    case sse2
    /// The C kernels compiled with `target("avx2,fma")`: Float 6×16, Double 6×8 tiles of 256-bit FMA.
    case avx2

    /// Whether this processor supports AVX2 and FMA (checked once with `cpuid`; the C kernels are
    /// stubs off x86-64, where this is false).
    public static let processorHasAVX2 = descent_cpu_has_avx2_fma() != 0

    /// The kernel the built-in backend uses: `avx2` when the processor has it, unless the environment
    /// sets `DESCENT_GEMM_KERNEL=sse2` (read once).
    public static let best: GEMMInstructionSet =
        processorHasAVX2 && GEMMConfiguration.environment("DESCENT_GEMM_KERNEL")?.lowercased() != "sse2"
            ? .avx2 : .sse2
}

/// The `Float` AVX2+FMA kernel: a 6 × 16 tile in twelve 256-bit accumulators (C, `DescentKernelsC`).
@usableFromInline
enum FloatMicrokernelAVX2: GEMMMicrokernel {
    @usableFromInline typealias Vector = SIMD8<Float>
    @usableFromInline static var rows: Int { 6 }
    @usableFromInline static var vectorsPerRow: Int { 2 }
    @usableFromInline static var splatsA: Bool { false }

    @inline(__always) @usableFromInline
    static func run(depth: Int, a: UnsafeRawPointer, b: UnsafePointer<Vector>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, beta: Float) {
        descent_sgemm_kernel_6x16(
            depth, a.assumingMemoryBound(to: Float.self), UnsafeRawPointer(b).assumingMemoryBound(to: Float.self),
            c, ldc, rows, columns, beta)
    }

    /// `descent_spack_a6`: eight depth steps of six rows transposed in registers.
    @inline(__always) @usableFromInline
    static func packPanel(ofA a: UnsafePointer<Float>, lda: Int, rows: Int, depth: Int, alpha: Float,
                          into destination: UnsafeMutablePointer<Float>) -> Bool {
        descent_spack_a6(a, lda, rows, depth, alpha, destination)
        return true
    }

    /// `descent_spack_bt16`: eight depth steps of eight columns transposed in registers.
    @inline(__always) @usableFromInline
    static func packPanel(ofTransposedB b: UnsafePointer<Float>, ldb: Int, columns: Int, depth: Int,
                          into destination: UnsafeMutablePointer<Float>) -> Bool {
        descent_spack_bt16(b, ldb, columns, depth, destination)
        return true
    }
}

/// The `Double` AVX2+FMA kernel: a 6 × 8 tile in twelve 256-bit accumulators.
@usableFromInline
enum DoubleMicrokernelAVX2: GEMMMicrokernel {
    @usableFromInline typealias Vector = SIMD4<Double>
    @usableFromInline static var rows: Int { 6 }
    @usableFromInline static var vectorsPerRow: Int { 2 }
    @usableFromInline static var splatsA: Bool { false }

    @inline(__always) @usableFromInline
    static func run(depth: Int, a: UnsafeRawPointer, b: UnsafePointer<Vector>,
                    c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, columns: Int, beta: Double) {
        descent_dgemm_kernel_6x8(
            depth, a.assumingMemoryBound(to: Double.self), UnsafeRawPointer(b).assumingMemoryBound(to: Double.self),
            c, ldc, rows, columns, beta)
    }

    /// `descent_dpack_a6`: four depth steps of six rows transposed in registers.
    @inline(__always) @usableFromInline
    static func packPanel(ofA a: UnsafePointer<Double>, lda: Int, rows: Int, depth: Int, alpha: Double,
                          into destination: UnsafeMutablePointer<Double>) -> Bool {
        descent_dpack_a6(a, lda, rows, depth, alpha, destination)
        return true
    }

    /// `descent_dpack_bt8`: four depth steps of four columns transposed in registers.
    @inline(__always) @usableFromInline
    static func packPanel(ofTransposedB b: UnsafePointer<Double>, ldb: Int, columns: Int, depth: Int,
                          into destination: UnsafeMutablePointer<Double>) -> Bool {
        descent_dpack_bt8(b, ldb, columns, depth, destination)
        return true
    }
}
