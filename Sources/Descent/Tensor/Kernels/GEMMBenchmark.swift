/// One timing of `GEMM.multiply`: GFLOP/s (`2·m·n·k` floating-point operations per product) for a
/// precision, backend and thread count, the median of several repeats.
public struct GEMMMeasurement: Sendable, CustomStringConvertible {
    /// The product's shape: `op(A)` is `m × k`, `op(B)` is `k × n`.
    public let m: Int, n: Int, k: Int
    /// `"float32"` or `"float64"`.
    public let precision: String
    /// The backend that was timed.
    public let backend: GEMMBackend
    /// What ran (`GEMM.implementationName`): e.g. `"built-in avx2"` or `"libopenblas.so.0"`.
    public let implementation: String
    /// The thread limit (for the system BLAS: the OpenBLAS thread count that was set, if it could be).
    public let threads: Int
    /// Median seconds per product.
    public let seconds: Double
    /// Smallest and largest seconds per product over the repeats (the noise).
    public let fastestSeconds: Double, slowestSeconds: Double
    /// `2·m·n·k / seconds / 1e9`.
    public var gflops: Double { 2 * Double(m) * Double(n) * Double(k) / seconds / 1e9 }
    /// The side of a square product (`m`, for the square benchmarks).
    public var size: Int { m }

    /// E.g. `"float32 256×256·256×256 built-in avx2, 1 thread: 81.2 GFLOP/s (0.413 ms)"`.
    public var description: String {
        let milliseconds = (seconds * 1e6).rounded() / 1e3
        let rate = (gflops * 10).rounded() / 10
        return "\(precision) \(m)×\(k)·\(k)×\(n) \(implementation), \(threads) thread\(threads == 1 ? "" : "s"): "
            + "\(rate) GFLOP/s (\(milliseconds) ms)"
    }

    /// Times the square product `N×N · N×N` (see `measure(_:m:n:k:…)`).
    public static func measure<T: DescentFloat>(
        _ precision: T.Type, size: Int, backend: GEMMBackend = .builtIn, threads: Int = 1, repeats: Int = 5
    ) -> GEMMMeasurement? {
        measure(precision, m: size, n: size, k: size, backend: backend, threads: threads, repeats: repeats)
    }

    /// Times `C = op(A)·op(B)` on random operands: each repeat runs enough products to take about
    /// 20 ms (at least one), and the result is the median over `repeats`. Returns `nil` when the
    /// system BLAS is requested but not present. For the system BLAS, `threads` is applied with
    /// `openblas_set_num_threads` (process-wide) and the previous count restored afterwards.
    public static func measure<T: DescentFloat>(
        _ precision: T.Type, m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
        backend: GEMMBackend = .builtIn, threads: Int = 1, repeats: Int = 5
    ) -> GEMMMeasurement? {
        precondition(m > 0 && n > 0 && k > 0 && repeats > 0, "A benchmark needs positive sizes and repeats.")
        if backend == .systemBLAS && SystemBLAS.shared == nil { return nil }
        var generator = FastRandom(seed: 0x5EED)
        let a = (0..<(m * k)).map { _ in T(generator.nextUniform() - 0.5) }
        let b = (0..<(k * n)).map { _ in T(generator.nextUniform() - 0.5) }
        var c = [T](repeating: 0, count: m * n)
        let configuration = GEMMConfiguration(backend: backend, maximumThreads: threads)
        let previousThreads = backend == .systemBLAS ? SystemBLAS.shared?.threadCount : nil
        if backend == .systemBLAS { SystemBLAS.shared?.setThreadCount(threads) }
        defer { if let previousThreads { SystemBLAS.shared?.setThreadCount(previousThreads) } }
        let clock = ContinuousClock()
        func run(_ count: Int) -> Double {
            let elapsed = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        clock.measure {
                            for _ in 0..<count {
                                GEMM.multiply(
                                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                                    a: a.baseAddress!, lda: transposeA ? m : k, b: b.baseAddress!,
                                    ldb: transposeB ? k : n, beta: 0, c: c.baseAddress!, ldc: n,
                                    configuration: configuration)
                            }
                        }
                    }
                }
            }
            return elapsed.seconds
        }
        let warmUp = run(1)
        let count = max(1, Int(0.02 / max(warmUp, 1e-9)))
        let samples = (0..<repeats).map { _ in run(count) / Double(count) }.sorted()
        return GEMMMeasurement(
            m: m, n: n, k: k, precision: T.precisionName, backend: backend,
            implementation: GEMM.implementationName(m: m, n: n, k: k, transposeB: transposeB,
                                                    configuration: configuration),
            threads: threads,
            seconds: samples[samples.count / 2], fastestSeconds: samples[0], slowestSeconds: samples[samples.count - 1])
    }
}
