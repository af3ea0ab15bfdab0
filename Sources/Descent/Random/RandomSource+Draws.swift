/// numpy-shaped draws built on the three primitive draws, for any `RandomSource`.
///
/// With a `NumpyRandom` these reproduce numpy's legacy functions bit for bit (in `Double`):
/// `rand`, `randn`, `normal`, `permutation`, `shuffle` and `randint`. Matrices are filled in
/// C (row-major) order: element `[i, j]` is draw number `i·columns + j`, as numpy fills arrays.
/// For `Float` each double draw is rounded to the nearest `Float` (numpy's `.astype(np.float32)`);
/// note that a uniform draw within 2⁻²⁵ of 1 rounds to `1.0` in `Float`.
extension RandomSource {
    /// Overwrites every element of `matrix` with a uniform draw in [0, 1), in C order
    /// (`matrix[...] = np.random.rand(*matrix.shape)`), without allocating.
    @inlinable
    public mutating func fillUniform<T: DescentFloat>(_ matrix: inout Matrix<T>) {
        matrix.elements.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = T(nextUniform()) }
        }
    }

    /// Overwrites every element of `matrix` with `mean + standardDeviation · z`, z a standard normal
    /// computed in `Double`, in C order (`np.random.normal(mean, standardDeviation, shape)`), without
    /// allocating. `mean = 0, standardDeviation = 1` gives `randn` exactly (numpy adds `0.0` too).
    @inlinable
    public mutating func fillNormal<T: DescentFloat>(_ matrix: inout Matrix<T>, mean: Double = 0, standardDeviation: Double = 1) {
        matrix.elements.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                buffer[index] = T(mean + standardDeviation * nextStandardNormal())
            }
        }
    }

    /// `np.random.rand(rows, columns)`: a matrix of uniform draws in [0, 1), filled in C order.
    @inlinable
    public mutating func rand<T: DescentFloat>(rows: Int, columns: Int, as _: T.Type = T.self) -> Matrix<T> {
        var matrix = Matrix<T>(rows: rows, columns: columns)
        fillUniform(&matrix)
        return matrix
    }

    /// `np.random.randn(rows, columns)`: a matrix of standard normal draws, filled in C order.
    /// Each value is exactly `nextStandardNormal()`, so the polar method's cached value carries over.
    @inlinable
    public mutating func randn<T: DescentFloat>(rows: Int, columns: Int, as _: T.Type = T.self) -> Matrix<T> {
        // 0 + 1·z is z for every z the polar method returns (it never returns −0).
        var matrix = Matrix<T>(rows: rows, columns: columns)
        fillNormal(&matrix)
        return matrix
    }

    /// `np.random.normal(loc=mean, scale=standardDeviation, size=(rows, columns))`: element
    /// `mean + standardDeviation · z` (computed in `Double`), filled in C order.
    @inlinable
    public mutating func normal<T: DescentFloat>(
        mean: Double, standardDeviation: Double, rows: Int, columns: Int, as _: T.Type = T.self
    ) -> Matrix<T> {
        var matrix = Matrix<T>(rows: rows, columns: columns)
        fillNormal(&matrix, mean: mean, standardDeviation: standardDeviation)
        return matrix
    }

    /// `np.random.shuffle(array)` for a 1-D array: Fisher–Yates from the end,
    /// `for i in n−1 … 1: swap(array[i], array[nextBounded(i)])` (j uniform in `0...i`).
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        let count = array.count
        guard count > 1 else { return }
        precondition(count - 1 <= Int(UInt32.max), "Shuffling supports at most 2³² elements.")
        array.withUnsafeMutableBufferPointer { buffer in
            var i = count - 1
            while i > 0 {
                let j = Int(nextBounded(UInt32(truncatingIfNeeded: i)))
                buffer.swapAt(i, j)
                i -= 1
            }
        }
    }

    /// `np.random.permutation(count)`: `[0, 1, …, count−1]` shuffled by `shuffle(_:)`.
    @inlinable
    public mutating func permutation(_ count: Int) -> [Int] {
        precondition(count >= 0, "A permutation needs a non-negative length, got \(count).")
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    /// A uniform integer in `range` (`np.random.randint(low, high)` for a `NumpyRandom`):
    /// `low + nextBounded(high − low − 1)`. The range must be non-empty and span at most 2³² values.
    @inlinable
    public mutating func uniformInt(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "A uniform integer needs a non-empty range.")
        let span = range.upperBound - range.lowerBound - 1
        precondition(span >= 0 && span <= Int(UInt32.max), "uniformInt(in:) supports ranges of at most 2³² values.")
        return range.lowerBound + Int(nextBounded(UInt32(truncatingIfNeeded: span)))
    }
}
