import Testing
@testable import Descent

@Suite struct MatrixTests {
    @Test func productFormsAgreeWithTheDefinition() {
        let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])          // 2×3
        let b = Matrix<Double>([[7, 8], [9, 10], [11, 12]])     // 3×2
        #expect(a.dot(b) == Matrix([[58, 64], [139, 154]]))
        #expect(a.dot(a, transposeOther: true) == Matrix([[14, 32], [32, 77]]))
        #expect(a.dot(a, transposeSelf: true) == Matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        #expect(a.transposed.dot(b.transposed, transposeSelf: true, transposeOther: true) == a.dot(b))
    }

    @Test func pairwiseSumMatchesTheNumpyOrderOnLongRuns() {
        // 1e16 + 1 + … + 1 (eight ones; the ulp of 1e16 is 2): left to right, every + 1 rounds back to
        // 1e16; numpy's eight interleaved partial sums add the ones among themselves first, giving
        // ((1e16 + 1) + 2) + 4 → 1e16 + 6, + 1 → 1e16 + 8 after ties-to-even.
        let values = [1e16] + Array(repeating: 1.0, count: 8)
        let matrix = Matrix(rows: 1, columns: values.count, elements: values)
        #expect(values.reduce(0, +) == 1e16)
        #expect(matrix.sum() == 1e16 + 8)
        #expect(matrix.rowSums().elements == [matrix.sum()])
    }

    /// numpy's pairwise summation written out as numpy writes it (`pairwise_sum` in
    /// `loops_utils.h.src`): eight scalar accumulators, in order — the reference for `PairwiseSum`.
    static func numpyPairwise<T: DescentFloat>(_ values: ArraySlice<T>) -> T {
        let n = values.count, value = { (i: Int) in values[values.startIndex + i] }
        if n < 8 {
            var result: T = 0
            for i in 0..<n { result += value(i) }
            return result
        } else if n <= 128 {
            var r = (0..<8).map(value)
            var i = 8
            while i < n - n % 8 {
                for lane in 0..<8 { r[lane] += value(i + lane) }
                i += 8
            }
            var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { result += value(i); i += 1 }
            return result
        }
        let half = n / 2 - (n / 2) % 8
        return numpyPairwise(values.prefix(half)) + numpyPairwise(values.dropFirst(half))
    }

    /// Every way into `PairwiseSum` — a buffer (eight lanes at a time, NaN kept or skipped), an
    /// element function and blocks — adds exactly numpy's additions, at every length around the
    /// 8- and 128-value edges, with NaN, ±∞, −0 and values of every scale.
    @Test func pairwiseSumsAreNumpysBitForBit() {
        var random = FastRandom(seed: 11)
        func check<T: DescentFloat>(_ type: T.Type) {
            for n in Array(0...300) + [1000, 1024, 1031, 4096 + 13] {
                var values = (0..<n).map { _ in T(Double(random.next() % 2_000_001) / 1000 - 1000) * T(Double(1 << (random.next() % 40))) }
                if n > 3 { values[Int(random.next() % UInt64(n))] = -0.0 }
                if n > 20 { values[3] = .nan }
                let reference = 0 + Self.numpyPairwise(values[...])
                let skippedReference = 0 + Self.numpyPairwise(values.map { $0.isNaN ? 0 : $0 }[...])
                let sums: [(String, T, T)] = [
                    ("buffer", values.withUnsafeBufferPointer { PairwiseSum.sum($0) }, reference),
                    ("buffer skipping NaN", values.withUnsafeBufferPointer { PairwiseSum.sum($0, skippingNaN: true) }, skippedReference),
                    ("elements", PairwiseSum.sum(count: n) { values[$0] }, reference),
                    ("blocks", PairwiseSum.sum(count: n) { start, block in for i in block.indices { block[i] = values[start + i] } }, reference),
                ]
                for (way, got, expected) in sums {
                    #expect(got == expected && got.sign == expected.sign || got.isNaN && expected.isNaN, "\(T.self) n \(n) \(way)")
                }
                if n > 20 {
                    #expect(sums[0].1.isNaN && !sums[1].1.isNaN, "NaN propagates unless skipped")
                    values[n - 2] = .infinity
                    #expect(values.withUnsafeBufferPointer { PairwiseSum.sum($0, skippingNaN: true) } == .infinity)
                }
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test func nanSumSkipsNaN() {
        let matrix = Matrix<Double>([[1, .nan, 2]])
        #expect(matrix.nanSum() == 3)
        #expect(matrix.sum().isNaN)
    }
}
