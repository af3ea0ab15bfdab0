import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory this machine can give a new allocation, for refusing data and networks that
/// cannot fit before allocating them, and how much this process has used at most.
public enum SystemMemory {
    /// Used when the operating system does not say: 8 GiB.
    public static let fallbackBytes = 8 << 30

    /// Bytes available now: `MemAvailable` from `/proc/meminfo` on Linux (free memory plus what the
    /// kernel can reclaim), the physical memory (`hw.memsize`) on macOS, else `fallbackBytes`.
    public static func availableBytes() -> Int {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let bytes = statusKilobytes(text, field: "MemAvailable:") {
            return bytes
        }
        #elseif canImport(Darwin)
        var size: UInt64 = 0
        var length = MemoryLayout<UInt64>.size
        if sysctlbyname("hw.memsize", &size, &length, nil, 0) == 0, size > 0 { return Int(clamping: size) }
        #endif
        return fallbackBytes
    }

    /// This process's peak resident set size in bytes: `VmHWM` ("high water mark") from
    /// `/proc/self/status` on Linux, `ru_maxrss` of `getrusage(RUSAGE_SELF)` elsewhere.
    ///
    /// On Linux `ru_maxrss` is not this program's own peak: `execve` folds the replaced address
    /// space's peak into it, and `posix_spawn` / `vfork` run the child in the parent's address space
    /// until `execve`, so a program started by a large process reports at least that process's peak.
    /// `VmHWM` belongs to the address space created by `execve` and counts only this program.
    public static func peakResidentBytes() -> Int {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let bytes = statusKilobytes(text, field: "VmHWM:") {
            return bytes
        }
        #endif
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if canImport(Darwin)
        return Int(usage.ru_maxrss)
        #else
        return Int(usage.ru_maxrss) * 1024
        #endif
    }

    /// The line of `/proc/meminfo` or `/proc/self/status` starting with `field` (a value in kB) as bytes.
    static func statusKilobytes(_ text: String, field: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
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
