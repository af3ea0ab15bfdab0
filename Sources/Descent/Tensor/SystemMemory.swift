import Foundation
#if canImport(Darwin)
import Darwin
#endif

/// How much memory this machine can give a new allocation, for refusing data and networks that
/// cannot fit before allocating them.
public enum SystemMemory {
    /// Used when the operating system does not say: 8 GiB.
    public static let fallbackBytes = 8 << 30

    /// Bytes available now: `MemAvailable` from `/proc/meminfo` on Linux (free memory plus what the
    /// kernel can reclaim), the physical memory (`hw.memsize`) on macOS, else `fallbackBytes`.
    public static func availableBytes() -> Int {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let bytes = meminfoAvailable(text) {
            return bytes
        }
        #elseif canImport(Darwin)
        var size: UInt64 = 0
        var length = MemoryLayout<UInt64>.size
        if sysctlbyname("hw.memsize", &size, &length, nil, 0) == 0, size > 0 { return Int(clamping: size) }
        #endif
        return fallbackBytes
    }

    /// The `MemAvailable:` line of `/proc/meminfo` (in kB) as bytes.
    static func meminfoAvailable(_ text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes.multipliedReportingOverflow(by: 1024).overflow ? Int.max : kilobytes * 1024
        }
        return nil
    }

    /// `bytes` with one decimal in GiB (at least `0.1 GiB`, so a refusal never reads `0.0`), or in
    /// TiB, PiB or EiB when larger; `Int.max` (a saturated estimate) reads `at least 8.0 EiB`.
    public static func gibibytes(_ bytes: Int) -> String {
        var value = max(Double(bytes) / Double(1 << 30), 0.1)
        var unit = "GiB"
        for larger in ["TiB", "PiB", "EiB"] where value >= 1024 {
            value /= 1024
            unit = larger
        }
        return (bytes == Int.max ? "at least " : "") + String(format: "%.1f ", value) + unit
    }
}
