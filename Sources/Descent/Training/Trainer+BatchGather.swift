/// Copies mini-batches of columns of the (features × examples) training matrix into a reused buffer.
///
/// Gathering the columns of a wide matrix directly reads one cache line per element (the columns
/// are a whole row apart), which costs more than the step's matrix products for the 784-feature
/// benchmark. For wide data (`BatchGather.transposeThreshold` features or more, at most
/// `BatchGather.maximumTransposedBytes`), the gatherer keeps one example-major copy Xᵀ made once
/// per `fit`, so a batch is `count` contiguous rows of Xᵀ, transposed in cache-sized blocks.
/// Narrow data (the course's 2-feature sets) is gathered directly. Either way a step allocates nothing
/// and the batch holds exactly the same values.
@usableFromInline
struct BatchGather<Scalar: DescentFloat> {
    /// Data with at least this many features is gathered through the transposed copy.
    @inlinable static var transposeThreshold: Int { 32 }
    /// The largest transposed copy made (1 GiB); larger data is gathered directly.
    @inlinable static var maximumTransposedBytes: Int { 1 << 30 }

    /// Xᵀ, examples × features, row-major; empty when the data is gathered directly.
    @usableFromInline var transposed: [Scalar]
    /// n_x.
    @usableFromInline let featureCount: Int

    /// Prepares gathering from `features` (n_x × m), making Xᵀ when it pays.
    @inlinable
    init(features: Matrix<Scalar>) {
        featureCount = features.rows
        let m = features.columns, n = features.rows
        guard n >= Self.transposeThreshold, features.count * MemoryLayout<Scalar>.stride <= Self.maximumTransposedBytes else {
            transposed = []
            return
        }
        var copy = [Scalar](repeating: 0, count: features.count)
        features.elements.withUnsafeBufferPointer { source in
            copy.withUnsafeMutableBufferPointer { target in
                let block = 32
                for r0 in stride(from: 0, to: n, by: block) {
                    let r1 = Swift.min(r0 + block, n)
                    for j0 in stride(from: 0, to: m, by: block) {
                        let j1 = Swift.min(j0 + block, m)
                        for r in r0..<r1 {
                            for j in j0..<j1 { target[j * n + r] = source[r * m + j] }
                        }
                    }
                }
            }
        }
        transposed = copy
    }

    /// Writes the columns `indices` of `features` (the matrix given to `init`) into `destination`.
    @inlinable
    func gather(_ features: Matrix<Scalar>, columns indices: ArraySlice<Int>, into destination: inout Matrix<Scalar>) {
        if transposed.isEmpty {
            features.gatherColumns(indices, into: &destination)
            return
        }
        let n = featureCount, count = indices.count
        destination.resize(rows: n, columns: count)
        transposed.withUnsafeBufferPointer { source in
            destination.elements.withUnsafeMutableBufferPointer { target in
                indices.withUnsafeBufferPointer { order in
                    let block = 64
                    for r0 in stride(from: 0, to: n, by: block) {
                        let r1 = Swift.min(r0 + block, n)
                        for j in 0..<count {
                            let row = order[j] * n
                            for r in r0..<r1 { target[r * count + j] = source[row + r] }
                        }
                    }
                }
            }
        }
    }
}
