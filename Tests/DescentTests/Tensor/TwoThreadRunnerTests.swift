import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Descent

/// Sums `values[start ..< end]` for each half into `sums[part]`, and runs an inner split from half 0
/// when `nested` (the worker is busy then, so the inner one runs on the calling thread).
private struct HalfSums: SplitTask {
    let values: UnsafePointer<Int>, count: Int
    let sums: UnsafeMutablePointer<Int>
    let nested: Bool


    func run(part: Int) {
        let range = part == 0 ? 0 ..< count / 2 : count / 2 ..< count
        var total = 0
        for index in range { total += values[index] }
        if nested && part == 0 {
            let inner = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            defer { inner.deallocate() }
            inner.initialize(repeating: 0, count: 2)
            TwoThreadRunner.run(HalfSums(values: values, count: count, sums: inner, nested: false))
            total += inner[0] + inner[1]
        }
        sums[part] = total
    }
}

@Suite struct TwoThreadRunnerTests {
    /// Runs `HalfSums` over 1…count and returns the two partial sums.
    private func halfSums(count: Int, nested: Bool = false) -> [Int] {
        let values = (1 ... count).map { $0 }
        var sums = [0, 0]
        values.withUnsafeBufferPointer { v in
            sums.withUnsafeMutableBufferPointer { s in
                TwoThreadRunner.run(HalfSums(values: v.baseAddress!, count: count, sums: s.baseAddress!, nested: nested))
            }
        }
        return sums
    }

    @Test func runsBothHalves() {
        #expect(TwoThreadRunner.shared.runner != nil)
        // 1…1000: halves 1…500 and 501…1000.
        for _ in 0 ..< 100 {
            #expect(halfSums(count: 1000) == [125_250, 375_250])
        }
    }

    @Test func halvesCoverTheRangeAndSplitAtAQuantum() {
        for (count, quantum) in [(0, 16), (7, 16), (100, 16), (131, 6), (8192, 64), (784, 1)] {
            let first = TwoThreadRunner.half(0, of: count, quantum: quantum)
            let second = TwoThreadRunner.half(1, of: count, quantum: quantum)
            #expect(first.lowerBound == 0 && first.upperBound == second.lowerBound && second.upperBound == count)
            #expect(first.count == count || first.count % quantum == 0, "\(count), \(quantum)")
            #expect(first.count >= count / 2 && first.count < count / 2 + quantum)
        }
    }

    @Test func aSplitStartedInsideAPartRunsOnItsThread() {
        // The inner split (the whole sum again) is added to half 0.
        #expect(halfSums(count: 1000, nested: true) == [125_250 + 500_500, 375_250])
    }

    @Test func regionsAfterTheWorkerFellAsleepRunEachHalfOnce() {
        // After ~200 µs without work the worker sleeps; the caller then usually finishes both halves
        // before it wakes (taking half 1 back), and the late worker must not run it again.
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer { counts.deallocate() }
        for round in 0 ..< 20 {
            counts.initialize(repeating: 0, count: 2)
            if round % 2 == 0 { usleep(1_000) }
            TwoThreadRunner.run(CountHalves(counts: counts))
            #expect(counts[0] == 1 && counts[1] == 1, "round \(round): \(counts[0]), \(counts[1])")
        }
    }

    @Test func concurrentCallersEachGetTheirOwnResult() {
        // Eight threads share the one worker; whoever finds it busy runs both halves itself.
        let results = UnsafeMutablePointer<Int>.allocate(capacity: 8 * 50)
        defer { results.deallocate() }
        let shared = SendablePointer(pointer: results)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for round in 0 ..< 50 {
                let count = 100 + caller * 10 + round
                let sums = halfSums(count: count)
                shared.pointer[caller * 50 + round] = sums[0] + sums[1] == count * (count + 1) / 2 ? 1 : 0
            }
        }
        #expect((0 ..< 8 * 50).allSatisfy { results[$0] == 1 })
    }
}

/// Counts how often each half ran (each half touches only its own counter).
private struct CountHalves: SplitTask {
    let counts: UnsafeMutablePointer<Int>
    func run(part: Int) { counts[part] += 1 }
}

private struct SendablePointer: @unchecked Sendable { let pointer: UnsafeMutablePointer<Int> }
