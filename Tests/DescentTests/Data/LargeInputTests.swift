import Foundation
import Testing
@testable import Descent

/// A million-row CSV loads in bounded time and memory. Too slow for a debug build, so `.ci/run`
/// runs it in release with `DESCENT_LARGE_INPUTS=1 swift test -c release … --filter LargeInputTests`.
///
/// The file (1,000,000 examples × 10 features + a class label, ≈ 90 MB) is generated in a
/// temporary directory in chunks, so generating it does not raise the peak. Peak memory is the
/// kernel's high-water mark (`VmHWM` in `/proc/self/status`), reset just before loading by writing
/// `5` to `/proc/self/clear_refs`. The result alone is 8 bytes × 11 × 10⁶ = 88 MB (and 12 MB of
/// label slots); the reader allocates the matrix once at its exact size, stages a few MB per core
/// and hands the file's mapped pages back as it parses them, so the bound (200 MB above the RSS
/// before loading) leaves no room for a copy of the data or of the file.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_LARGE_INPUTS"] == "1",
                "large-input checks run in release mode from .ci/run (DESCENT_LARGE_INPUTS=1)"))
struct LargeInputTests {
    static let rows = 1_000_000
    static let features = 10

    /// Writes the CSV: header `x1,…,x10,label`, features `k·0.001 − 3.5`-like values with varied
    /// lengths, labels cycling through three classes.
    static func writeCSV(to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = ((1...features).map { "x\($0)" } + ["label"]).joined(separator: ",") + "\n"
        var state: UInt64 = 42
        for row in 0..<rows {
            for _ in 0..<features {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let value = Double(Int64(bitPattern: state >> 1) % 2_000_000) / 1000 - 1000
                chunk += "\(value),"
            }
            chunk += "\(row % 3)\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }

    /// A `kB` field of `/proc/self/status` in bytes (nil off Linux).
    static func status(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    @Test("a 1,000,000-row CSV loads in under 20 s and 200 MB above the starting RSS")
    func millionRowCSV() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("million.csv")
        try Self.writeCSV(to: url)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        #expect(size > 50_000_000)

        // Reset the high-water mark so it measures the load alone (Linux; ignored elsewhere).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = Self.status("VmRSS")
        let clock = ContinuousClock()
        let start = clock.now
        let table = try CSVTable<Double>(contentsOf: url)
        let elapsed = clock.now - start
        let peak = Self.status("VmHWM")

        #expect(table.count == Self.rows)
        #expect(table.features.rows == Self.features)
        #expect(table.classNames == ["0", "1", "2"])
        #expect(table.labels[0, Self.rows - 1] == Double((Self.rows - 1) % 3))
        #expect(table.features.elements.allSatisfy { $0 >= -1000 && $0 <= 1000 })
        #expect(elapsed < .seconds(20), "loading took \(elapsed)")
        if let before, let peak {
            let growth = peak - before
            print("million-row CSV: \(size / 1_000_000) MB loaded in \(elapsed), peak RSS \(peak >> 20) MiB (+\(growth >> 20) MiB)")
            #expect(growth < 200 << 20, "peak RSS grew by \(growth >> 20) MiB")
        }
    }
}
