import Descent
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `csv-load` workload: reading an MNIST-shaped CSV (a `label` column and 784 integer pixel
/// columns, about half of them 0) into the (784, m) float64 training matrix, as `descent train`
/// does. `Benchmarks/csv_load_peers.py` times `pandas.read_csv` on the same file in the same run.
struct CSVLoadResult {
    var file: String
    var rows: Int
    var columns: Int
    var bytes: Int
    var seconds: [Double]
    /// The process's peak resident set after the loads (`SystemMemory.peakResidentBytes`), in bytes.
    var peakResidentBytes: Int

    var median: Double { DescentBench.median(seconds) }
    var megabytesPerSecond: Double { Double(bytes) / 1e6 / median }
    /// The float64 feature matrix's size: examples × features × 8 bytes.
    var matrixBytes: Int { rows * (columns - 1) * 8 }

    /// Loads `file` (or a generated file of `rows` rows, removed afterwards) `repetitions` times.
    static func run(file: String?, rows: Int, repetitions: Int) throws -> CSVLoadResult {
        var generated: URL?
        defer { if let generated { try? FileManager.default.removeItem(at: generated) } }
        let url: URL
        if let file {
            url = URL(fileURLWithPath: file)
        } else {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-bench-\(getpid())-mnist-shaped.csv")
            try writeMNISTShaped(to: url, rows: rows)
            generated = url
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        var seconds: [Double] = []
        var shape = (0, 0)
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            let start = clock.now
            let table = try CSVTable<Double>(contentsOf: url)
            seconds.append((clock.now - start).seconds)
            shape = (table.count, table.featureNames.count + 1)
        }
        return CSVLoadResult(file: file ?? "generated \(shape.0)×\(shape.1)", rows: shape.0, columns: shape.1, bytes: bytes,
                             seconds: seconds, peakResidentBytes: SystemMemory.peakResidentBytes())
    }

    /// Writes `rows` MNIST-shaped records (seeded, the same file every time): a header, then a
    /// label 0-9 and 784 pixels, each 0 with probability 0.45, else uniform in 1...255. As a
    /// `table`, the first 10 pixel columns hold one of 12 words instead (`w0` … `w11`) and 2 % of
    /// the other cells are missing (empty or `NA`), in a file of the same shape.
    static func writeMNISTShaped(to url: URL, rows: Int, table: Bool = false) throws {
        var random = FastRandom(seed: 0)
        guard let handle = fopen(url.path, "w") else {
            throw BenchError.cannotCreateFile(path: url.path)
        }
        defer { fclose(handle) }
        fputs("label," + (0..<784).map { "pixel\($0)" }.joined(separator: ",") + "\n", handle)
        var bytes = [UInt8]()
        bytes.reserveCapacity(4096)
        for _ in 0..<rows {
            bytes.removeAll(keepingCapacity: true)
            bytes.append(UInt8(ascii: "0") + UInt8(random.nextBounded(10)))
            for column in 0..<784 {
                bytes.append(UInt8(ascii: ","))
                if table && column < 10 {
                    let word = Int(random.nextBounded(12))
                    bytes.append(contentsOf: Array("w\(word)".utf8))
                    continue
                }
                if table && random.nextUniform() < 0.02 {
                    if random.nextUniform() < 0.5 { bytes.append(contentsOf: Array("NA".utf8)) }
                    continue
                }
                let value = random.nextUniform() < 0.45 ? 0 : 1 + Int(random.nextBounded(255))
                if value >= 100 { bytes.append(UInt8(ascii: "0") + UInt8(value / 100)) }
                if value >= 10 { bytes.append(UInt8(ascii: "0") + UInt8(value / 10 % 10)) }
                bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
            }
            bytes.append(UInt8(ascii: "\n"))
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        }
    }

    var json: JSONValue {
        .object([
            ("workload", .string("csv-load")), ("file", .string(file)), ("rows", .integer(rows)), ("columns", .integer(columns)),
            ("bytes", .integer(bytes)), ("median_s", .number(median)), ("all_s", .array(seconds.map { .number($0) })),
            ("mb_per_s", .number(megabytesPerSecond)), ("peak_rss_bytes", .integer(peakResidentBytes)),
            ("matrix_bytes", .integer(matrixBytes)),
        ])
    }

    var line: String {
        "csv-load         \(rows)×\(columns) (\(formatFixed(Double(bytes) / 1e6, digits: 1)) MB)  median \(formatFixed(median, digits: 3)) s "
            + "(n=\(seconds.count))  \(formatFixed(megabytesPerSecond, digits: 0)) MB/s  peak RSS "
            + "\(formatFixed(Double(peakResidentBytes) / 1e6, digits: 0)) MB (float64 matrix \(formatFixed(Double(matrixBytes) / 1e6, digits: 0)) MB)"
    }
}
