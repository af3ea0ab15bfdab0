import Descent

/// A workload of the peer benchmark (`Benchmarks/`, `course_numpy.py`, `course_torch.py`) run on
/// Descent — same data, same initial weights, same batch order — by its `descent bench --only` name.
public enum BenchWorkload: String, CaseIterable, Sendable {
    /// The Optimization lab's [2, 5, 2, 1] model on moons (lr 0.0007, batch 64, the lab's reseeded
    /// shuffles) with gradient descent, momentum or Adam.
    case moonsGD = "moons-gd", moonsMomentum = "moons-momentum", moonsAdam = "moons-adam"
    /// moons-adam with batch normalization of both hidden layers: its cost over moons-adam's step.
    case moonsBatchNorm = "moons-batch-norm"
    /// moons-adam through the library path `descent train` takes (`RunConfiguration` → `TrainingRun`).
    case moonsAdamRun = "moons-adam-run"
    /// moons-adam-run watched as the playground watches it (`PlaygroundRun` streaming JSON frames).
    case moonsLive = "moons-live"
    /// The Initialization lab's He run on circles ([2, 10, 5, 1], full-batch gradient descent, lr 0.01).
    case circlesInit = "circles-init"
    /// X 784×8192 uniform with random labels, [784, 256, 128, 1], Adam lr 0.0007, batch 128, in float64 or float32.
    case wideF64 = "wide-f64", wideF32 = "wide-f32"
    /// Square matrix products N = 256, 512, 1024: the built-in kernel against the system BLAS.
    case gemm
    /// µs per step and GEMM GFLOP/s of float32 Adam steps over widths, depths and batch sizes.
    case sweep
    /// The shapes users train — a table's 27 → 64 → 64 → 1 at batch 64 and MNIST's
    /// 784 → 256 → 128 → 10 at batch 128, Adam, float32 and float64 — as µs per step and GFLOP/s
    /// beside the two cores' measured FMA peak, each also with batch normalization (`+bn`).
    case shapes
    /// Reading an MNIST-shaped CSV (60000 × 785 integers) into the float64 training matrix.
    case csvLoad = "csv-load"
    /// Preparing the same shape with 10 word columns and 2 % missing cells, against the all-numeric file.
    case csvTable = "csv-table"
    /// From an MNIST-shaped CSV to a result, as `descent train` (one full-batch step, float32 and
    /// float64) and `descent describe` take it, in this process.
    case fileToStep = "file-to-step"

    /// What runs when none are named, in this order: everything but the sweep.
    public static var defaults: [BenchWorkload] { allCases.filter { $0 != .sweep } }
}

/// What a benchmark run measures and how long it runs; `nil` sizes take the defaults (the quick
/// ones with `quick`).
public struct BenchSettings: Sendable {
    /// The workloads, run in this order.
    public var workloads: [BenchWorkload]
    /// A short run: 1/10 of the epochs, one repetition, one GEMM size.
    public var quick: Bool
    /// Timed repetitions per workload, whose median is reported (default 3, quick 1).
    public var repetitions: Int?
    /// Epochs of the moons workloads (default 10000, quick 1000).
    public var moonsEpochs: Int?
    /// Iterations of circles-init (default 15000, quick 1500).
    public var circlesIterations: Int?
    /// Epochs of 64 steps of the wide workloads (default 3, quick 1).
    public var wideEpochs: Int?
    /// Record per-layer diagnostics every this many steps in the training workloads (`nil`: off).
    public var diagnosticsInterval: Int?
    /// csv-load: time this CSV file instead of a generated MNIST-shaped one.
    public var csvFile: String?
    /// csv-load and csv-table: rows of the generated files (default 60000, quick 6000).
    public var csvRows: Int?

    /// Settings running `workloads`.
    public init(workloads: [BenchWorkload] = BenchWorkload.defaults, quick: Bool = false, repetitions: Int? = nil,
                moonsEpochs: Int? = nil, circlesIterations: Int? = nil, wideEpochs: Int? = nil, diagnosticsInterval: Int? = nil,
                csvFile: String? = nil, csvRows: Int? = nil) {
        self.workloads = workloads
        self.quick = quick
        self.repetitions = repetitions
        self.moonsEpochs = moonsEpochs
        self.circlesIterations = circlesIterations
        self.wideEpochs = wideEpochs
        self.diagnosticsInterval = diagnosticsInterval
        self.csvFile = csvFile
        self.csvRows = csvRows
    }
}

/// The measurements of a benchmark run: per workload the median wall time of the repetitions, µs
/// per step = 10⁶ · median / steps, steps/s, accuracy and heap allocations per step in steady state;
/// the GEMM table (GFLOP/s = 2N³ / seconds / 10⁹) and the sweep.
public struct BenchReport {
    /// Whether the run was a quick one.
    public var quick: Bool
    var results: [BenchResult] = []
    var gemm: [GEMMRow] = []
    var sweep: [SweepPoint] = []
    var shapes: [SweepPoint] = []
    var csvLoad: CSVLoadResult?
    var csvTable: CSVTableResult?
    var fileToStep: FileToStepResult?

    /// Runs `settings.workloads` in order, handing each training or CSV workload's one-line result to
    /// `onResult` as it finishes (the GEMM and sweep tables come with the report: `tables`).
    public static func run(_ settings: BenchSettings, onResult: (String) -> Void = { _ in }) throws -> BenchReport {
        let quick = settings.quick
        let repetitions = settings.repetitions ?? (quick ? 1 : 3)
        let moonsEpochs = settings.moonsEpochs ?? (quick ? 1000 : 10000), wideEpochs = settings.wideEpochs ?? (quick ? 1 : 3)
        let diagnostics = settings.diagnosticsInterval
        let csvRows = settings.csvRows ?? (quick ? 6000 : 60000)
        var report = BenchReport(quick: quick)
        func record(_ result: BenchResult) {
            report.results.append(result)
            onResult(result.line)
        }
        for workload in settings.workloads {
            switch workload {
            case .moonsGD: record(try BenchWorkloads.moons(.gradientDescent, epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .moonsMomentum: record(try BenchWorkloads.moons(.momentum(), epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .moonsAdam: record(try BenchWorkloads.moons(.adam(), epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .moonsBatchNorm:
                record(try BenchWorkloads.moons(.adam(), epochs: moonsEpochs, repetitions: repetitions, diagnostics: diagnostics, normalization: .batch))
            case .moonsAdamRun: record(try BenchWorkloads.moonsThroughTrainingRun(epochs: moonsEpochs, repetitions: repetitions))
            case .moonsLive: record(try BenchWorkloads.moonsLive(epochs: moonsEpochs, repetitions: repetitions))
            case .circlesInit:
                record(try BenchWorkloads.circles(iterations: settings.circlesIterations ?? (quick ? 1500 : 15000), repetitions: repetitions,
                                                  diagnostics: diagnostics))
            case .wideF64: record(try BenchWorkloads.wide(Double.self, epochs: wideEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .wideF32: record(try BenchWorkloads.wide(Float.self, epochs: wideEpochs, repetitions: repetitions, diagnostics: diagnostics))
            case .gemm: report.gemm = GEMMRow.table(sizes: quick ? [256] : [256, 512, 1024], repeats: quick ? 3 : 5)
            case .sweep: report.sweep = try SweepPoint.run(quick: quick)
            case .shapes: report.shapes = SweepPoint.shapes(quick: quick)
            case .csvLoad:
                let result = try CSVLoadResult.run(file: settings.csvFile, rows: csvRows, repetitions: repetitions)
                onResult(result.line)
                report.csvLoad = result
            case .csvTable:
                let result = try CSVTableResult.run(rows: csvRows, repetitions: repetitions)
                onResult(result.line)
                report.csvTable = result
            case .fileToStep:
                let result = try FileToStepResult.run(rows: csvRows, repetitions: repetitions)
                result.lines.forEach(onResult)
                report.fileToStep = result
            }
        }
        return report
    }

    /// The report as one JSON object: `system` ("descent"), `quick`, `gemm_kernel`, `results` (one
    /// object per training workload), `gemm`, `sweep`, `shapes`, `csv_load`, `csv_table` and `file_to_step` (`null` when not run).
    public var json: JSONValue {
        .object([
            ("system", .string("descent")),
            ("quick", .bool(quick)),
            ("gemm_kernel", .string(GEMM.implementationName(m: 1024, n: 1024, k: 1024))),
            ("results", .array(results.map(\.json))),
            ("gemm", .array(gemm.map(\.json))),
            ("sweep", .array(sweep.map(\.json))),
            ("shapes", .array(shapes.map(\.json))),
            ("csv_load", csvLoad?.json ?? .null),
            ("csv_table", csvTable?.json ?? .null),
            ("file_to_step", fileToStep?.json ?? .null),
        ])
    }

    /// The GEMM, sweep and shapes tables as text lines, each preceded by an empty line (none when not run).
    public var tables: [String] {
        var lines = [String]()
        if !gemm.isEmpty { lines += ["", GEMMRow.header] + gemm.map(\.line) }
        if !sweep.isEmpty { lines += ["", "sweep: float32 Adam on 784 inputs", SweepPoint.header] + sweep.map(\.line) }
        if !shapes.isEmpty { lines += ["", "shapes: Adam steps on the shapes users train", SweepPoint.header] + shapes.map(\.line) }
        return lines
    }
}

/// Why a benchmark could not run.
public enum BenchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A generated benchmark file could not be created at this path.
    case cannotCreateFile(path: String)

    /// One sentence naming the path.
    public var description: String {
        switch self {
        case .cannotCreateFile(let path): "\(path): cannot create the benchmark file"
        }
    }
}

/// The median of repeated timings (the upper middle one of an even count).
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
