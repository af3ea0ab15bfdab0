import PropertyBased
import Testing
@testable import Descent

/// Property-based tests of the tensor kernels against plain definitions: column gathers and the
/// general matrix product in all four transpose forms.
@Suite("Matrix properties")
struct MatrixPropertyTests {
    static func random(_ rows: Int, _ columns: Int, seed: Int) -> Matrix<Double> {
        var random = TestRandom(seed: UInt64(seed))
        return Matrix(rows: rows, columns: columns) { _, _ in (random.nextUniform() * 4 - 2).rounded(.towardZero) + random.nextUniform() }
    }

    @Test("gatherColumns and columns(_:into:) pick exactly the listed columns, reusing the destination")
    func gather() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...5), Gen.int(in: 1...9), Gen.int(in: 0...20).array(of: 0...15)) {
            rows, columns, picks in
            let matrix = Self.random(rows, columns, seed: rows * 10 + columns)
            let indices = picks.map { $0 % columns }
            var destination = Matrix<Double>(rows: 3, columns: 30)
            matrix.gatherColumns(indices[...], into: &destination)
            #expect(destination.rows == rows && destination.columns == indices.count)
            for i in 0..<rows {
                for (j, source) in indices.enumerated() { #expect(destination[i, j] == matrix[i, source]) }
            }
            let lower = indices.first ?? 0, upper = max(lower, min(columns, lower + indices.count))
            let slice = matrix.columns(lower ..< upper, into: &destination)
            #expect(slice == Matrix(rows: rows, columns: upper - lower) { i, j in matrix[i, lower + j] })
        }
    }

    @Test("the matrix product equals the naive triple loop, for every transpose form and alpha/beta")
    func productMatchesDefinition() async {
        let dimension = Gen.int(in: 0...9)
        await propertyCheck(count: 80, input: zip(dimension, dimension, dimension), zip(Gen.bool, Gen.bool),
                            Gen.element(of: [0.0, 1.0, -0.5, 2.0]), Gen.element(of: [1.0, 0.5, -3.0])) {
            sizes, transposes, beta, alpha in
            let (m, n, k) = sizes
            let (transposeA, transposeB) = transposes
            let beta = beta ?? 0, alpha = alpha ?? 1
            let a = transposeA ? Self.random(k, m, seed: 1 + m) : Self.random(m, k, seed: 1 + m)
            let b = transposeB ? Self.random(n, k, seed: 2 + n) : Self.random(k, n, seed: 2 + n)
            let start = Self.random(m, n, seed: 3 + k)
            var c = start
            c.setProduct(a, b, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
            #expect(c.rows == m && c.columns == n)
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k { sum += (transposeA ? a[p, i] : a[i, p]) * (transposeB ? b[j, p] : b[p, j]) }
                    let expected = alpha * sum + (beta == 0 ? 0 : beta * start[i, j])
                    #expect(abs(c[i, j] - expected) <= 1e-12 * max(1, abs(expected)), "C[\(i), \(j)]")
                }
            }
            if beta == 0 && alpha == 1 {
                #expect(a.dot(b, transposeSelf: transposeA, transposeOther: transposeB) == c)
            }
        }
    }
}
