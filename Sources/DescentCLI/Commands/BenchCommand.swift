import ArgumentParser
import DescentBench
import Foundation

/// `descent bench`: the peer benchmark's workloads (`course_numpy.py`, `course_torch.py`) on Descent —
/// same data, same initial weights, same batch order — plus a matrix-multiply table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the course workloads and the matrix products (compare with the numpy/PyTorch peers).",
        discussion: """
            Workloads (as ../shared/bench/course_numpy.py): moons-gd, moons-momentum, moons-adam (layers \
            [2,5,2,1], lr 0.0007, batch 64, the lab's reseeded shuffles, 10000 epochs), circles-init \
            (He init, [2,10,5,1], full-batch GD lr 0.01, 15000 iterations), wide-f32 / wide-f64 \
            (X 784×8192 uniform, random labels, [784,256,128,1], Adam lr 0.0007, batch 128), and gemm \
            (square products N = 256, 512, 1024 against the system BLAS when it is installed), and csv-load \
            (an MNIST-shaped CSV, 60000 × 785 integers, read into the float64 training matrix; --csv-file \
            reads your own file instead), moons-batch-norm (moons-adam with both hidden layers batch-normalized), \
            and moons-adam-run (moons-adam through \
            the library path descent train takes, RunConfiguration → TrainingRun: the same µs per step, or the \
            path runs unspecialized), moons-live (the same run watched as the playground watches it: a \
            PlaygroundRun streaming JSON frames with a 40×40 boundary 20 times a second; frames/s and the \
            µs per step it costs against moons-adam-run), and csv-table (the same shape with 10 word columns and 2 % missing \
            cells, prepared as train does — read, encoded, imputed, standardized — against the all-numeric \
            file prepared the same way), file-to-step (the same MNIST-shaped file to a result, as train — one \
            full-batch step, float32 and float64 — and describe take it, in this process; \
            Benchmarks/datapath_peers.py times the commands against pandas), and shapes (Adam steps on the shapes users train — a table's \
            27 → 64 → 64 → 1 at batch 64, MNIST's 784 → 256 → 128 → 10 at batch 128, float32 and float64 — \
            as µs per step and GEMM GFLOP/s beside the two cores' FMA peak, measured first; each also with \
            batch normalization, +bn). \
            Each workload reports the median wall time of --reps runs, µs per step, steps/s, accuracy, \
            and the heap allocations per training step in steady state (counted by a malloc counter; \
            -1 where it is unavailable).
            """)

    @Option(help: "Comma-separated workloads to run (default: all): \(BenchWorkload.defaults.map(\.rawValue).joined(separator: ", ")).")
    var only: String?

    @Flag(help: "A short run: 1/10 of the epochs, one repetition, one GEMM size.")
    var quick = false

    @Flag(help: "Print one JSON line {system, quick, results: [...], gemm: [...]} on stdout.")
    var json = false

    @Option(help: "Timed repetitions per workload (default 3, quick 1); the median is reported.")
    var reps: Int?

    @Option(help: "Epochs of the moons workloads (default 10000, quick 1000).")
    var moonsEpochs: Int?

    @Option(help: "Iterations of circles-init (default 15000, quick 1500).")
    var circlesIterations: Int?

    @Option(help: "Epochs of 64 steps of the wide workloads (default 3, quick 1).")
    var wideEpochs: Int?

    @Option(help: "Record per-layer diagnostics every N steps in the training workloads (default 0: off), to measure their cost.")
    var diagnostics: Int = 0

    @Option(help: "csv-load: time this CSV file instead of a generated MNIST-shaped one.")
    var csvFile: String?

    @Option(help: "csv-load: rows of the generated file (default 60000, quick 6000).")
    var csvRows: Int?

    func validate() throws {
        for name in selectedNames where BenchWorkload(rawValue: name) == nil {
            throw ValidationError("--only: unknown workload '\(name)'; choose from \(BenchWorkload.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (name, value) in [("--reps", reps), ("--moons-epochs", moonsEpochs), ("--circles-iterations", circlesIterations),
                              ("--wide-epochs", wideEpochs), ("--csv-rows", csvRows)] {
            if let value, value < 1 { throw ValidationError("\(name): must be at least 1, got \(value)") }
        }
    }

    /// The `--only` names as given.
    var selectedNames: [String] {
        guard let only else { return BenchWorkload.defaults.map(\.rawValue) }
        return only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let settings = BenchSettings(
            workloads: selectedNames.compactMap(BenchWorkload.init(rawValue:)), quick: quick, repetitions: reps, moonsEpochs: moonsEpochs,
            circlesIterations: circlesIterations, wideEpochs: wideEpochs, diagnosticsInterval: diagnostics > 0 ? diagnostics : nil,
            csvFile: csvFile, csvRows: csvRows)
        let report = try BenchReport.run(settings) { if !json { print($0) } }
        if json {
            print(report.json.text)
        } else {
            for line in report.tables { print(line) }
        }
    }
}
