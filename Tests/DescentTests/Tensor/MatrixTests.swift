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
        // 1e16 + 1 + ... : naive left-to-right loses the ones, numpy's blocks keep some of them.
        let values = (0..<300).map { Double($0) * 0.1 + 1e-3 }
        let matrix = Matrix(rows: 1, columns: 300, elements: values)
        let naive = values.reduce(0, +)
        #expect(abs(matrix.sum() - naive) < 1e-9)
        #expect(matrix.rowSums().elements == [matrix.sum()])
    }

    @Test func nanSumSkipsNaN() {
        let matrix = Matrix<Double>([[1, .nan, 2]])
        #expect(matrix.nanSum() == 3)
        #expect(matrix.sum().isNaN)
    }
}
