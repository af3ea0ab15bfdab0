import Testing
@testable import Descent

/// `BatchGather` copies a mini-batch's columns through Xᵀ for wide data, eight examples at a time and
/// on two threads for large batches; every path must give exactly the columns `gatherColumns` gives.
@Suite struct BatchGatherTests {
    /// (features, examples, batch size): narrow data (gathered directly), wide data with a small batch
    /// (one thread, a tail of fewer than eight examples) and a batch past the two-thread threshold
    /// (300 × 130 ≥ `TransposedGather.parallelThreshold` = 2¹⁵ values), and wide data in one batch of
    /// every example, or more (gathered directly, row by row: on one thread, and past the threshold on two).
    static let shapes = [(2, 50, 13), (40, 200, 13), (300, 400, 130), (33, 90, 7), (40, 200, 200), (40, 200, 250), (64, 600, 600)]

    @Test(arguments: shapes)
    func gatheredBatchEqualsTheColumns(features: Int, examples: Int, batch: Int) {
        var random = TestRandom(seed: UInt64(features * examples))
        let x = Matrix<Float>(rows: features, columns: examples) { _, _ in Float(random.nextStandardNormal()) }
        let gather = BatchGather(features: x, batchSize: batch)
        #expect(gather.transposed.isEmpty == (features < BatchGather<Float>.transposeThreshold || batch >= examples))
        var order = Array(0 ..< examples)
        random.shuffle(&order)
        var batchMatrix = Matrix<Float>(rows: 0, columns: 0), expected = Matrix<Float>(rows: 0, columns: 0)
        for start in stride(from: 0, to: examples, by: batch) {
            let indices = order[start ..< min(start + batch, examples)]
            gather.gather(x, columns: indices, into: &batchMatrix)
            x.gatherColumns(indices, into: &expected)
            #expect(batchMatrix.rows == features && batchMatrix.columns == indices.count)
            #expect(batchMatrix == expected, "batch at \(start)")
        }
    }
}
