import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// A million-row CSV loads in bounded time and memory. Too slow for a debug build, so `.ci/run`
/// runs it in release with `DESCENT_LARGE_INPUTS=1 swift test -c release … --filter LargeInputTests`.
///
/// The file (1,000,000 examples × 19 features + a class label, ≈ 180 MB) is generated in a
/// temporary directory in chunks. It is loaded here (its values and the time checked) and, for the
/// peak memory, by `descent` in a child process that reports its own high-water mark
/// (`DESCENT_PEAK_MEMORY=1`, `VmHWM`): measured in this process, other tests running at the same
/// time counted too. The result alone is 8 bytes × 20 × 10⁶ = 160 MB; the reader allocates the
/// matrix once at its exact size, stages a few MB per core and hands the file's mapped pages back as
/// it counts and parses them (8 MB at a time per core), so the bounds — `describe`: the matrix + 64 MB
/// (the binary, staging, statistics, pages not yet handed back; measured 195 MiB in all, 287 MiB
/// when the first pass mapped the whole file); `train --precision float64`: the training matrix +
/// 80 MB (mini-batches of 19 features are gathered straight from it; the shuffled order and the
/// labels take 16 MB, the network and its workspace little; measured 215 MiB) — leave no room for a
/// copy of the data (152 MB) or of the file (269 MB). `train` with a file's float32 default adds the
/// float32 copy it converts to (half the matrix), the float64 one freed once converted.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_LARGE_INPUTS"] == "1",
                "large-input checks run in release mode from .ci/run (DESCENT_LARGE_INPUTS=1)"))
struct LargeInputTests {
    static let rows = 1_000_000
    static let features = 19

    /// Writes the CSV: header `x1,…,x19,label`, features `k·0.001 − 3.5`-like values with varied
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

    @Test("a 1,000,000 × 20 CSV loads in under 20 s; descent describes it within the matrix + 64 MB and trains an epoch within the training matrix + 80 MB")
    func millionRowCSV() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("million.csv")
        try Self.writeCSV(to: url)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        #expect(size > 50_000_000)

        let clock = ContinuousClock()
        let start = clock.now
        let table = try CSVTable<Double>(contentsOf: url)
        let elapsed = clock.now - start

        #expect(table.count == Self.rows)
        #expect(table.features.rows == Self.features)
        #expect(table.classNames == ["0", "1", "2"])
        #expect(table.labels[0, Self.rows - 1] == Double((Self.rows - 1) % 3))
        #expect(table.features.elements.allSatisfy { $0 >= -1000 && $0 <= 1000 })
        #expect(elapsed < .seconds(20), "loading took \(elapsed)")

        let (described, peak) = try ProcessRun.measuringPeakMemory(BuiltExecutable.descent, ["describe", "--data", url.path, "--json"])
        #expect(described.status == 0, "\(described.standardError)")
        let matrix = Self.rows * (Self.features + 1) * 8
        print("million-row CSV: \(size / 1_000_000) MB loaded in \(elapsed); descent describe's peak RSS \(peak >> 20) MiB (matrix \(matrix >> 20) MiB)")
        #expect(peak > matrix * 9 / 10 && peak < matrix + (64 << 20), "peak RSS \(peak >> 20) MiB")

        // One epoch in float64, mini-batches of the default size: the training matrix (features and labels as read,
        // standardized in place) and 80 MB.
        let (trained, trainPeak) = try ProcessRun.measuringPeakMemory(BuiltExecutable.descent, ["train", "--data", url.path, "--hidden", "",
                                                                                                "--epochs", "1", "--precision", "float64", "--json"])
        #expect(trained.status == 0, "\(trained.standardError)")
        print("million-row CSV: descent train --epochs 1 --precision float64's peak RSS \(trainPeak >> 20) MiB (training matrix \(matrix >> 20) MiB)")
        #expect(trainPeak > matrix * 9 / 10 && trainPeak < matrix + (80 << 20), "peak RSS \(trainPeak >> 20) MiB")
        // The file default, float32: prepared in float64, then converted once standardized (the float64 matrix freed) —
        // the float64 matrix, its float32 copy for the moment of the conversion, and the same 80 MB.
        let (defaulted, defaultPeak) = try ProcessRun.measuringPeakMemory(BuiltExecutable.descent, ["train", "--data", url.path, "--hidden", "",
                                                                                                    "--epochs", "1", "--json"])
        #expect(defaulted.status == 0 && defaulted.standardOutput.contains("\"precision\": \"float32\""), "\(defaulted.standardError)")
        print("million-row CSV: descent train --epochs 1's peak RSS \(defaultPeak >> 20) MiB (float64 matrix \(matrix >> 20) MiB + float32 \(matrix >> 21) MiB)")
        #expect(defaultPeak < matrix + matrix / 2 + (80 << 20), "peak RSS \(defaultPeak >> 20) MiB")
    }

    /// Writes a million-row table as it comes: `x1…x8` numbers with every 50th cell empty, a `color`
    /// word column (`red`, `green`, `blue`, and `NA` in every 20th row), labels cycling through 0-2.
    static func writeTable(to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = ((1...8).map { "x\($0)" } + ["color", "label"]).joined(separator: ",") + "\n"
        for row in 0..<rows {
            for column in 0..<8 {
                chunk += (row * 8 + column) % 50 == 7 ? "," : "\((row * 31 + column * 17) % 1000),"
            }
            chunk += (row % 20 == 3 ? "NA" : ["red", "green", "blue"][row % 3]) + ",\(row % 3)\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }

    @Test("a 1,000,000-row table with a word column and empty cells is prepared as train does, within the raw and encoded matrices + 96 MB")
    func millionRowTable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("table.csv")
        try Self.writeTable(to: url)

        let clock = ContinuousClock()
        let start = clock.now
        let data = try PreparedData(DataConfiguration(source: .file(path: url.path)), seed: 0)
        let elapsed = clock.now - start

        #expect(data.train.count == Self.rows && data.classNames == ["0", "1", "2"])
        #expect(data.featureNames == (1...8).map { "x\($0)" } + ["color=blue", "color=green", "color=red", "color=missing"])
        // Row r, column c is empty when (8r + c) mod 50 = 7: only in the odd columns x2, x4, x6, x8 (8r mod 50 is even), in 1
        // row of 25 each: 40,000 cells per column, 160,000 in all (8,000,000 / 50).
        #expect(data.notes.contains { $0.hasPrefix("missing training cells filled: x2 40000 → ") && $0.contains(", x8 40000 → ")
            && $0.contains(", color 50000 → missing") },
                "\(data.notes)")
        // Row 3 is NA: every colour column 0 and `missing` 1, unscaled.
        #expect((8..<12).map { data.train.features[$0, 3] } == [0, 0, 0, 1])
        #expect(elapsed < .seconds(30), "preparing took \(elapsed)")
        // As train prepares it, in a child process (see the type's note).
        let (trained, peak) = try ProcessRun.measuringPeakMemory(BuiltExecutable.descent, ["train", "--data", url.path, "--epochs", "0"])
        #expect(trained.status == 0, "\(trained.standardError)")
        let raw = Self.rows * 9 * 8, encoded = Self.rows * 12 * 8
        print("million-row table: prepared in \(elapsed); descent train's peak RSS \(peak >> 20) MiB (raw \(raw >> 20) MiB, encoded \(encoded >> 20) MiB)")
        #expect(peak < raw + encoded + (96 << 20), "peak RSS \(peak >> 20) MiB")
    }
}
