import Descent

/// One row of the GEMM table: a precision and size, the built-in kernel on 1 and 2 threads, and
/// the system BLAS (OpenBLAS) on 1 and 2 threads when it can be loaded.
struct GEMMRow {
    var precision: String
    var size: Int
    var builtIn: [GEMMMeasurement]
    var blas: [GEMMMeasurement]

    static func table(sizes: [Int], repeats: Int) -> [GEMMRow] {
        var rows = [GEMMRow]()
        for precision in ["float32", "float64"] {
            for size in sizes {
                func measure(_ backend: GEMMBackend, _ threads: Int) -> GEMMMeasurement? {
                    precision == "float32"
                        ? GEMMMeasurement.measure(Float.self, size: size, backend: backend, threads: threads, repeats: repeats)
                        : GEMMMeasurement.measure(Double.self, size: size, backend: backend, threads: threads, repeats: repeats)
                }
                rows.append(GEMMRow(precision: precision, size: size,
                                    builtIn: [1, 2].compactMap { measure(.builtIn, $0) },
                                    blas: [1, 2].compactMap { measure(.systemBLAS, $0) }))
            }
        }
        return rows
    }

    static let header = "GEMM (GFLOP/s, N×N·N×N)  built-in 1 thread  built-in 2 threads  BLAS 1 thread  BLAS 2 threads  built-in/BLAS (1 thread)"

    private func rate(_ list: [GEMMMeasurement], _ index: Int) -> String {
        index < list.count ? formatFixed(list[index].gflops, digits: 1) : "–"
    }

    var ratio: Double? {
        guard let mine = builtIn.first, let theirs = blas.first else { return nil }
        return mine.gflops / theirs.gflops
    }

    var line: String {
        let label = "\(precision) N=\(size)".padding(toLength: 25, withPad: " ", startingAt: 0)
        return "\(label) \(rate(builtIn, 0).padding(toLength: 18, withPad: " ", startingAt: 0)) "
            + "\(rate(builtIn, 1).padding(toLength: 19, withPad: " ", startingAt: 0)) "
            + "\(rate(blas, 0).padding(toLength: 14, withPad: " ", startingAt: 0)) "
            + "\(rate(blas, 1).padding(toLength: 15, withPad: " ", startingAt: 0)) "
            + (ratio.map { formatFixed(100 * $0, digits: 0) + " %" } ?? "–")
    }

    var json: JSONValue {
        .object([
            ("precision", .string(precision)), ("n", .integer(size)),
            ("builtin_gflops", .array(builtIn.map { .number($0.gflops) })),
            ("blas_gflops", .array(blas.map { .number($0.gflops) })),
            ("blas", .string(blas.first?.implementation ?? "")),
            ("builtin_over_blas_1_thread", .number(ratio)),
        ])
    }
}
