import DescentKernelsC

/// Copies mini-batches of columns of the (features × examples) training matrix into a reused buffer.
///
/// Gathering the columns of a wide matrix directly reads one cache line per element (the columns
/// are a whole row apart), which costs more than the step's matrix products for the 784-feature
/// benchmark. For wide data (`BatchGather.transposeThreshold` features or more, at most
/// `BatchGather.maximumTransposedBytes`), the gatherer keeps one example-major copy Xᵀ made once
/// per `fit`, so a batch is `count` contiguous rows of Xᵀ, transposed eight examples at a time
/// (`TransposedGather`, on two threads for large batches).
/// Narrow data (the course's 2-feature sets) is gathered directly, and so is data whose copy would pass
/// `maximumTransposedBytes`. (A batch of every example is not gathered: the trainer reads the data.)
/// Either way a step allocates nothing and the batch holds exactly the same values.
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

    /// Prepares gathering batches of `batchSize` examples from `features` (n_x × m), making Xᵀ when it pays.
    @inlinable
    init(features: Matrix<Scalar>, batchSize: Int) {
        featureCount = features.rows
        let m = features.columns, n = features.rows
        guard n >= Self.transposeThreshold, batchSize < m, features.count * MemoryLayout<Scalar>.stride <= Self.maximumTransposedBytes else {
            transposed = []
            return
        }
        transposed = features.elements.withUnsafeBufferPointer { source in
            [Scalar](unsafeUninitializedCapacity: features.count) { target, initialized in
                TwoThreadRunner.run(TransposeCopy(source: source.baseAddress!, target: target.baseAddress!,
                                                  featureCount: n, exampleCount: m),
                                    work: m, threshold: 128)
                initialized = features.count
            }
        }
    }

    /// Writes the columns `indices` of `features` (the matrix given to `init`) into `destination`.
    @inlinable
    func gather(_ features: Matrix<Scalar>, columns indices: ArraySlice<Int>, into destination: inout Matrix<Scalar>) {
        let n = featureCount, count = indices.count
        if transposed.isEmpty {
            guard n >= Self.transposeThreshold else {
                features.gatherColumns(indices, into: &destination)
                return
            }
            // Wide data too large to copy, gathered directly: row by row, on two threads for a large batch.
            destination.resize(rows: n, columns: count)
            features.elements.withUnsafeBufferPointer { source in
                destination.elements.withUnsafeMutableBufferPointer { target in
                    indices.withUnsafeBufferPointer { order in
                        TwoThreadRunner.run(ColumnGather(source: source.baseAddress!, order: order.baseAddress!, target: target.baseAddress!,
                                                         featureCount: n, exampleCount: features.columns, count: count),
                                            work: n * count, threshold: TransposedGather<Scalar>.parallelThreshold)
                    }
                }
            }
            return
        }
        destination.resize(rows: n, columns: count)
        transposed.withUnsafeBufferPointer { source in
            destination.elements.withUnsafeMutableBufferPointer { target in
                indices.withUnsafeBufferPointer { order in
                    TwoThreadRunner.run(TransposedGather(source: source.baseAddress!, order: order.baseAddress!,
                                                         target: target.baseAddress!, featureCount: n, count: count),
                                        work: n * count, threshold: TransposedGather<Scalar>.parallelThreshold)
                }
            }
        }
    }
}

/// Columns `order` of X (features × examples) gathered row by row — `target[r, j] = X[r, order[j]]` —
/// the rows split in two halves for `TwoThreadRunner` (the same values as `Matrix.gatherColumns`).
@usableFromInline
struct ColumnGather<Scalar: DescentFloat>: SplitTask {
    @usableFromInline let source: UnsafePointer<Scalar>, order: UnsafePointer<Int>, target: UnsafeMutablePointer<Scalar>
    @usableFromInline let featureCount: Int, exampleCount: Int, count: Int

    @inlinable
    init(source: UnsafePointer<Scalar>, order: UnsafePointer<Int>, target: UnsafeMutablePointer<Scalar>,
         featureCount: Int, exampleCount: Int, count: Int) {
        self.source = source; self.order = order; self.target = target
        self.featureCount = featureCount; self.exampleCount = exampleCount; self.count = count
    }

    @inlinable
    func run(part: Int) {
        let source = source, order = order, target = target, m = exampleCount, count = count
        for r in TwoThreadRunner.half(part, of: featureCount, quantum: 1) {
            let row = source + r * m, batchRow = target + r * count
            for j in 0 ..< count { batchRow[j] = row[order[j]] }
        }
    }
}

/// Xᵀ (examples × features) written from X (features × examples), the examples split in two halves
/// for `TwoThreadRunner`.
@usableFromInline
struct TransposeCopy<Scalar: DescentFloat>: SplitTask {
    @usableFromInline let source: UnsafePointer<Scalar>, target: UnsafeMutablePointer<Scalar>
    @usableFromInline let featureCount: Int, exampleCount: Int

    @inlinable
    init(source: UnsafePointer<Scalar>, target: UnsafeMutablePointer<Scalar>, featureCount: Int, exampleCount: Int) {
        self.source = source; self.target = target; self.featureCount = featureCount; self.exampleCount = exampleCount
    }

    /// Half `part` of the examples (the first half a multiple of 64).
    @inlinable
    func run(part: Int) { run(examples: TwoThreadRunner.half(part, of: exampleCount, quantum: 64)) }

    /// Rows `examples` of Xᵀ, 64 examples × 8 features at a time: eight source rows are read in
    /// sequence and each target row receives eight contiguous values (measured 1.7× faster than
    /// 32 × 32 blocks of single values on the 784 × 8192 benchmark data).
    @inlinable
    func run(examples: Range<Int>) {
        let n = featureCount, m = exampleCount, source = source, target = target
        var j0 = examples.lowerBound
        while j0 < examples.upperBound {
            let j1 = Swift.min(j0 + 64, examples.upperBound)
            var r0 = 0
            while r0 + 8 <= n {
                let p0 = source + r0 * m, p1 = p0 + m, p2 = p1 + m, p3 = p2 + m
                let p4 = p3 + m, p5 = p4 + m, p6 = p5 + m, p7 = p6 + m
                for j in j0 ..< j1 {
                    let row = target + j * n + r0
                    row[0] = p0[j]; row[1] = p1[j]; row[2] = p2[j]; row[3] = p3[j]
                    row[4] = p4[j]; row[5] = p5[j]; row[6] = p6[j]; row[7] = p7[j]
                }
                r0 += 8
            }
            for r in r0 ..< n {
                for j in j0 ..< j1 { target[j * n + r] = source[r * m + j] }
            }
            j0 = j1
        }
    }
}

/// One batch gathered from Xᵀ (examples × features): `target[r, j] = Xᵀ[order[j], r]`, the rows
/// (features) of the batch split in two halves for `TwoThreadRunner`.
@usableFromInline
struct TransposedGather<Scalar: DescentFloat>: SplitTask {
    /// Batches of at least this many values are gathered on two threads (when allowed).
    @inlinable static var parallelThreshold: Int { 1 << 15 }
    @usableFromInline let source: UnsafePointer<Scalar>, order: UnsafePointer<Int>, target: UnsafeMutablePointer<Scalar>
    @usableFromInline let featureCount: Int, count: Int

    @inlinable
    init(source: UnsafePointer<Scalar>, order: UnsafePointer<Int>, target: UnsafeMutablePointer<Scalar>,
         featureCount: Int, count: Int) {
        self.source = source; self.order = order; self.target = target
        self.featureCount = featureCount; self.count = count
    }

    @inlinable
    func run(part: Int) { run(features: TwoThreadRunner.half(part, of: featureCount, quantum: 1)) }

    /// The batch's rows `features`: eight examples at a time, so each target row receives eight
    /// contiguous values while eight source rows are read in sequence (measured 2.3× faster than
    /// one example at a time over blocks of features); `Float` with the AVX2 kernels
    /// (`GEMMInstructionSet.best`) transposes 8 × 8 blocks in registers (`descent_sgather_transposed`).
    @inlinable
    func run(features: Range<Int>) {
        let n = featureCount, count = count, source = source, order = order, target = target
        if Scalar.self == Float.self && GEMMInstructionSet.best == .avx2 {
            descent_sgather_transposed(UnsafeRawPointer(source).assumingMemoryBound(to: Float.self), order, n,
                                       features.lowerBound, features.upperBound, count,
                                       UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self))
            return
        }
        var j0 = 0
        while j0 + 8 <= count {
            let p0 = source + order[j0] * n, p1 = source + order[j0 + 1] * n
            let p2 = source + order[j0 + 2] * n, p3 = source + order[j0 + 3] * n
            let p4 = source + order[j0 + 4] * n, p5 = source + order[j0 + 5] * n
            let p6 = source + order[j0 + 6] * n, p7 = source + order[j0 + 7] * n
            for r in features {
                let row = target + r * count + j0
                row[0] = p0[r]; row[1] = p1[r]; row[2] = p2[r]; row[3] = p3[r]
                row[4] = p4[r]; row[5] = p5[r]; row[6] = p6[r]; row[7] = p7[r]
            }
            j0 += 8
        }
        for j in j0 ..< count {
            let example = source + order[j] * n
            for r in features { target[r * count + j] = example[r] }
        }
    }
}
