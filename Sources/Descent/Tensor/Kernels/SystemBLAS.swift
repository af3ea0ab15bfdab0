#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An optional system BLAS (OpenBLAS, reference BLAS, or Accelerate on macOS) found at run time with
/// `dlopen`/`dlsym`, so the package has no link-time dependency on it.
///
/// Looked up once, on first use, in this order: `libopenblas.so.0`, `libopenblas.so`, `libblas.so.3`
/// (Linux) or Accelerate's framework (macOS); the first that exports both `cblas_sgemm` and
/// `cblas_dgemm` (32-bit-integer CBLAS interface) wins. The result is an immutable `static let`.
/// `DESCENT_BLAS=off` in the environment loads nothing, as on a machine without a BLAS.
public struct SystemBLAS: @unchecked Sendable {
    typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias DGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
        UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias GetThreads = @convention(c) () -> Int32

    /// The library file that was loaded, e.g. `"libopenblas.so.0"`.
    public let path: String
    let sgemm: SGEMM
    let dgemm: DGEMM
    let setThreads: SetThreads?
    let getThreads: GetThreads?

    /// The system BLAS, or `nil` when none of the candidate libraries could be loaded.
    public static let shared: SystemBLAS? = load()

    /// The library names tried, in order.
    public static var candidatePaths: [String] {
        #if canImport(Darwin)
        return ["/System/Library/Frameworks/Accelerate.framework/Accelerate"]
        #else
        return ["libopenblas.so.0", "libopenblas.so", "libblas.so.3"]
        #endif
    }

    static func load() -> SystemBLAS? {
        // DESCENT_BLAS=off: behave as a machine without one (CI checks that path this way).
        if let setting = GEMMConfiguration.environment("DESCENT_BLAS")?.lowercased(), ["off", "0", "no", "false"].contains(setting) {
            return nil
        }
        for path in candidatePaths {
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let s = dlsym(handle, "cblas_sgemm"), let d = dlsym(handle, "cblas_dgemm") else {
                dlclose(handle)
                continue
            }
            // The handle is intentionally kept open for the life of the process.
            return SystemBLAS(
                path: path,
                sgemm: unsafeBitCast(s, to: SGEMM.self),
                dgemm: unsafeBitCast(d, to: DGEMM.self),
                setThreads: dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) },
                getThreads: dlsym(handle, "openblas_get_num_threads").map { unsafeBitCast($0, to: GetThreads.self) })
        }
        return nil
    }

    /// Whether the shape fits the 32-bit CBLAS interface (not variadic: it is checked per product).
    static func fits(m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int) -> Bool {
        let limit = Int(Int32.max)
        return m <= limit && n <= limit && k <= limit && lda <= limit && ldb <= limit && ldc <= limit
    }

    /// OpenBLAS's own thread count (`openblas_get_num_threads`), when the library exposes it.
    public var threadCount: Int? { getThreads.map { Int($0()) } }

    /// Sets OpenBLAS's process-wide thread count (`openblas_set_num_threads`); returns `false` when the
    /// library has no such control. Meant for benchmarks; it affects every caller in the process.
    @discardableResult
    public func setThreadCount(_ threads: Int) -> Bool {
        guard let setThreads else { return false }
        setThreads(Int32(clamping: threads))
        return true
    }

    // CBLAS constants: CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112.
    @usableFromInline
    func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        sgemm(101, transposeA ? 112 : 111, transposeB ? 112 : 111, Int32(m), Int32(n), Int32(k),
              alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @usableFromInline
    func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                  a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                  beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        dgemm(101, transposeA ? 112 : 111, transposeB ? 112 : 111, Int32(m), Int32(n), Int32(k),
              alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
