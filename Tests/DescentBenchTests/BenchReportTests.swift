import Descent
import DescentTestSupport
import Foundation
import Testing
@testable import DescentBench
import DescentKernelsC

/// `BenchReport.run`: the workloads run in order with the settings' sizes, each result line handed
/// over as it finishes, and the report's JSON and tables.
@Suite struct BenchReportTests {
    @Test("a training and a CSV workload: their lines in order, their sizes, and null for what did not run")
    func workloadsInOrder() throws {
        var lines = [String]()
        let report = try BenchReport.run(BenchSettings(workloads: [.moonsGD, .csvLoad], quick: true, moonsEpochs: 20, csvRows: 25)) {
            lines.append($0)
        }
        #expect(lines.count == 2 && lines[0].hasPrefix("moons-gd         float64  median ") && lines[1].hasPrefix("csv-load         25×785 ("))
        let moons = try #require(report.results.first)
        // 300 moons training examples in batches of 64: 5 steps an epoch; quick: one repetition.
        #expect(report.results.count == 1 && moons.epochs == 20 && moons.steps == 100 && moons.seconds.count == 1)
        #expect(moons.microsecondsPerStep == 1e6 * moons.median / 100)
        let csv = try #require(report.csvLoad)
        #expect(csv.rows == 25 && csv.columns == 785 && csv.matrixBytes == 25 * 784 * 8 && csv.file == "generated 25×785")
        #expect(report.tables.isEmpty && report.csvTable == nil)
        let json = report.json.text
        #expect(json.hasPrefix(#"{"system": "descent", "quick": true, "gemm_kernel": ""#))
        #expect(json.hasSuffix(#""gemm": [], "sweep": [], "shapes": [], "csv_load": \#(csv.json.text), "csv_table": null, "file_to_step": null}"#))
    }

    @Test("file-to-step: train in both precisions and describe, each timed from the generated file's path to its result")
    func fileToStep() throws {
        var lines = [String]()
        let report = try BenchReport.run(BenchSettings(workloads: [.fileToStep], quick: true, csvRows: 40)) { lines.append($0) }
        let result = try #require(report.fileToStep)
        #expect(result.rows == 40 && result.bytes > 40 * 785 && result.results.count == 3)
        #expect(result.results.allSatisfy { $0.seconds.count == 1 && $0.median > 0 })
        #expect(lines.count == 4 && lines[0].hasPrefix("file-to-step     40×785 MNIST-shaped CSV") && lines[3].hasPrefix("  describe "))
        #expect(report.json.text.contains(#""file_to_step": {"workload": "file-to-step", "rows": 40"#))
    }

    @Test("without quick a workload is repeated three times; the defaults are every workload but the sweep")
    func defaults() throws {
        let report = try BenchReport.run(BenchSettings(workloads: [.circlesInit], circlesIterations: 3))
        #expect(report.results.map(\.seconds.count) == [3] && report.results.first?.steps == 3 && report.results.first?.testAccuracy != nil)
        #expect(BenchSettings().workloads == BenchWorkload.defaults)
        #expect(BenchWorkload.defaults == BenchWorkload.allCases.filter { $0 != .sweep })
    }

    @Test("the GEMM table: an empty line, the header, then one row per precision and size")
    func gemmTable() throws {
        let report = try BenchReport.run(BenchSettings(workloads: [.gemm], quick: true))
        #expect(report.tables.count == 4 && report.tables[0].isEmpty && report.tables[1] == GEMMRow.header)
        #expect(report.tables[2].hasPrefix("float32 N=256") && report.tables[3].hasPrefix("float64 N=256"))
        #expect(report.gemm.allSatisfy { $0.builtIn.count == 2 })
    }

    @Test("a step's flops count every product of forward and backward; the shapes' rows set GFLOP/s beside the measured FMA peak")
    func stepRates() throws {
        // 27-64-64-1 at batch 64: forward and dW for the 27·64 + 64·64 + 64·1 weights, dA for all but the first layer.
        var point = SweepPoint(series: "table", precision: "float32", layerSizes: [27, 64, 64, 1], batchSize: 64, steps: 1_000, seconds: 0.1)
        #expect(point.flopsPerStep == 2 * 64 * Double(2 * (27 * 64 + 64 * 64 + 64) + 64 * 64 + 64))
        #expect(abs(point.gflops - point.flopsPerStep * 1_000 / 0.1 / 1e9) < 1e-9 && abs(point.microsecondsPerStep - 100) < 1e-9)
        #expect(!point.line.contains("peak"), "no peak measured, none shown")
        point.peakGFLOPS = 4 * point.gflops
        #expect(point.line.hasPrefix("table    float32    27-64-64-1") && point.line.hasSuffix("25 % of \(formatFixed(point.peakGFLOPS, digits: 0))"))
        #expect(point.json.text.contains(#""precision": "float32""#) && point.json.text.contains(#""peak_gflops": "#))
        // The probe: a positive rate on a processor with AVX2 and FMA, 0 without.
        let peak = descent_fma_peak_f32(1_000_000)
        #expect(descent_cpu_has_avx2_fma() == 1 ? peak > 0 : peak == 0)
        // Random data: uniform labels in 0..<classes.
        let data = SweepPoint.randomData(Float.self, inputs: 3, classes: 10, examples: 500)
        #expect(data.featureCount == 3 && data.count == 500 && Set(data.labels.elements) == Set((0..<10).map(Float.init)))
    }

    @Test("the MNIST-shaped file is the same every time; a path that cannot be created is a BenchError naming it")
    func generatedFile() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try CSVLoadResult.writeMNISTShaped(to: scratch.file("a.csv"), rows: 3)
        try CSVLoadResult.writeMNISTShaped(to: scratch.file("b.csv"), rows: 3)
        let text = try String(contentsOf: scratch.file("a.csv"), encoding: .utf8)
        #expect(text == (try String(contentsOf: scratch.file("b.csv"), encoding: .utf8)))
        let rows = text.split(separator: "\n")
        #expect(rows.count == 4 && rows[0].hasPrefix("label,pixel0,pixel1,") && rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 785 })
        let missing = scratch.file("no/such/dir/x.csv")
        #expect(throws: BenchError.cannotCreateFile(path: missing.path)) { try CSVLoadResult.writeMNISTShaped(to: missing, rows: 1) }
        #expect(BenchError.cannotCreateFile(path: "/x.csv").description == "/x.csv: cannot create the benchmark file")
    }
}
