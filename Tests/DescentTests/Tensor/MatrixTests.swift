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

    /// The vector path (`PairwiseSum.sum(_:)`, eight lanes) adds exactly what the element-wise
    /// definition (`sum(count:_:)`) adds, at every length around its block edges, with NaN, ±∞, −0
    /// and values of every scale.
    @Test func pairwiseSumOfABufferIsTheDefinitionBitForBit() {
        var random = FastRandom(seed: 11)
        func check<T: DescentFloat>(_ type: T.Type) {
            for n in Array(0...300) + [1000, 1024, 1031, 4096 + 13] {
                var values = (0..<n).map { _ in T(Double(random.next() % 2_000_001) / 1000 - 1000) * T(Double(1 << (random.next() % 40))) }
                if n > 3 { values[Int(random.next() % UInt64(n))] = -0.0 }
                for skippingNaN in [false, true] {
                    let expected = values.withUnsafeBufferPointer { buffer in
                        PairwiseSum.sum(count: n) { let x = buffer[$0]; return skippingNaN && x.isNaN ? 0 : x }
                    }
                    let got = values.withUnsafeBufferPointer { PairwiseSum.sum($0, skippingNaN: skippingNaN) }
                    #expect(got == expected && got.sign == expected.sign, "\(T.self) n \(n) skippingNaN \(skippingNaN)")
                }
                if n > 20 {
                    var special = values
                    special[3] = .nan
                    special[n - 2] = .infinity
                    let skipped = special.withUnsafeBufferPointer { PairwiseSum.sum($0, skippingNaN: true) }
                    let definition = special.withUnsafeBufferPointer { buffer in PairwiseSum.sum(count: n) { buffer[$0].isNaN ? 0 : buffer[$0] } }
                    #expect(skipped == definition && skipped == .infinity)
                    #expect(special.withUnsafeBufferPointer { PairwiseSum.sum($0) }.isNaN)
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
