import Foundation
import Testing
@testable import Descent

struct SystemMemoryTests {
    @Test("/proc lines are read in kB whether a tab or spaces follow the name")
    func procLinesAreKilobytes() {
        let status = "Name:\tdescent\nVmPeak:\t  400000 kB\nVmHWM:\t   12345 kB\nVmRSS:\t    9000 kB\n"
        #expect(SystemMemory.statusKilobytes(status, field: "VmHWM:") == 12345 * 1024)
        #expect(SystemMemory.statusKilobytes("MemTotal:       24000000 kB\nMemAvailable:   20000000 kB\n", field: "MemAvailable:") == 20_000_000 * 1024)
        #expect(SystemMemory.statusKilobytes(status, field: "VmSwap:") == nil)
        #expect(SystemMemory.statusKilobytes("VmHWM:\tlots kB\n", field: "VmHWM:") == nil)
    }

    @Test("the peak covers 64 MiB this process has just written, and never falls")
    func peakCoversTouchedMemory() {
        let before = SystemMemory.peakResidentBytes()
        let size = 64 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        defer { buffer.deallocate() }
        for offset in stride(from: 0, to: size, by: 4096) { buffer.storeBytes(of: UInt8(offset & 0xFF), toByteOffset: offset, as: UInt8.self) }
        let after = SystemMemory.peakResidentBytes()
        #expect(after >= size, "the written pages are resident")
        #expect(after >= before)
    }
}
