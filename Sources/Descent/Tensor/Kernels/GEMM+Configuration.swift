#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which implementation computes large matrix products.
public enum GEMMBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Descent's own Swift kernels (always available).
    case builtIn
    /// The run-time-loaded system BLAS (`SystemBLAS.shared`); falls back to `builtIn` when absent.
    case systemBLAS
    /// The system BLAS for products large enough for it to pay off (`m·n·k ≥
    /// GEMMConfiguration.systemBLASThreshold`), `builtIn` otherwise and when no BLAS is present.
    case automatic

    /// `"built-in"`, `"system BLAS"` or `"automatic"`.
    public var description: String {
        switch self {
        case .builtIn: "built-in"
        case .systemBLAS: "system BLAS"
        case .automatic: "automatic"
        }
    }
}

/// How `GEMM.multiply` runs: the backend and the most threads the built-in kernel may use.
///
/// Small products (see `GEMM.isSmall`) always take the simple single-threaded loops, whatever the
/// configuration. The system BLAS uses its own threading (`OPENBLAS_NUM_THREADS`).
public struct GEMMConfiguration: Sendable, Equatable {
    /// The backend for products past the small-shape path.
    public var backend: GEMMBackend
    /// The most threads the built-in kernel uses (it uses two only above `GEMM.parallelThreshold`).
    public var maximumThreads: Int

    /// `automatic` uses the system BLAS when `m·n·k` is at least this.
    public static var systemBLASThreshold: Int { 64 * 64 * 64 }

    /// A configuration; `maximumThreads` is clamped to at least 1.
    public init(backend: GEMMBackend = .builtIn, maximumThreads: Int = 2) {
        self.backend = backend
        self.maximumThreads = max(1, maximumThreads)
    }

    /// The process-wide default, read once from the environment:
    /// `DESCENT_BLAS=off|on|auto` (backend `builtIn` (the default when unset; `off` also keeps
    /// `SystemBLAS` from loading any library), `systemBLAS`, `automatic`) and `DESCENT_GEMM_THREADS=n` (default: min(2, online processors)).
    public static let `default`: GEMMConfiguration = fromEnvironment()

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    static func fromEnvironment() -> GEMMConfiguration {
        parse(blas: environment("DESCENT_BLAS"), threads: environment("DESCENT_GEMM_THREADS"),
              processors: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The configuration for the values of `DESCENT_BLAS` and `DESCENT_GEMM_THREADS` (either may be
    /// unset or unrecognized, which means the defaults) on a machine with `processors` processors.
    static func parse(blas: String?, threads: String?, processors: Int) -> GEMMConfiguration {
        let backend: GEMMBackend
        switch blas?.lowercased() {
        case "on", "1", "yes", "true", "blas", "system": backend = .systemBLAS
        case "auto", "automatic": backend = .automatic
        default: backend = .builtIn
        }
        let threadCount = threads.flatMap { Int($0) } ?? min(2, max(1, processors))
        return GEMMConfiguration(backend: backend, maximumThreads: threadCount)
    }
}
