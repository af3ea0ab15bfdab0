extension Matrix {
    /// The sum of every element with numpy's pairwise summation (`np.sum`), so costs agree with the
    /// course's printed digits. NaN elements propagate; see `nanSum()` for `np.nansum`.
    @inlinable
    public func sum() -> Scalar {
        elements.withUnsafeBufferPointer { PairwiseSum.sum($0) }
    }

    /// `np.nansum`: the pairwise sum with NaN elements counted as zero.
    @inlinable
    public func nanSum() -> Scalar {
        elements.withUnsafeBufferPointer { PairwiseSum.sum($0, skippingNaN: true) }
    }

    /// The mean of every element.
    @inlinable public func mean() -> Scalar { count == 0 ? .nan : sum() / Scalar(count) }

    /// `np.sum(self, axis=1, keepdims=True)`: a (rows, 1) column of row sums, each pairwise-summed.
    @inlinable
    public func rowSums() -> Matrix {
        var result = Matrix(rows: 0, columns: 0)
        rowSums(into: &result)
        return result
    }

    /// `rowSums()` written into `result` (resized to rows × 1, its storage reused): backpropagation's
    /// `db = Σ_j dZ[:, j]` without allocating.
    @inlinable
    public func rowSums(into result: inout Matrix) {
        result.resize(rows: rows, columns: 1)
        let columns = columns
        elements.withUnsafeBufferPointer { buffer in
            result.elements.withUnsafeMutableBufferPointer { sums in
                for i in 0..<rows {
                    sums[i] = PairwiseSum.sum(UnsafeBufferPointer(rebasing: buffer[i * columns ..< (i + 1) * columns]))
                }
            }
        }
    }

    /// `Σ x²` over every element (pairwise, as `np.sum(np.square(W))`), used by the L2 penalty and norms.
    @inlinable
    public func sumOfSquares() -> Scalar {
        elements.withUnsafeBufferPointer { buffer in PairwiseSum.sum(count: buffer.count) { buffer[$0] * buffer[$0] } }
    }

    /// `Σ |x|` over every element (pairwise), used by the L1 penalty.
    @inlinable
    public func sumOfAbsoluteValues() -> Scalar {
        elements.withUnsafeBufferPointer { buffer in PairwiseSum.sum(count: buffer.count) { Swift.abs(buffer[$0]) } }
    }

    /// The Frobenius norm `√Σ x²` (`np.linalg.norm` of the flattened matrix).
    @inlinable
    public func norm() -> Scalar { sumOfSquares().squareRoot() }

    /// The largest absolute element (0 for an empty matrix).
    @inlinable
    public func maxAbsolute() -> Scalar { elements.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// True when every element is finite (no NaN or ±∞).
    @inlinable
    public var isFinite: Bool {
        elements.withUnsafeBufferPointer { buffer in
            // x − x is 0 for finite x and NaN for ±∞ and NaN: one branch-free pass that vectorizes.
            var probe: Scalar = 0
            for value in buffer { probe += value - value }
            return probe == 0
        }
    }
}

/// numpy's pairwise summation, as `np.sum` applies it to a contiguous float run:
/// fewer than 8 elements are added in order; up to 128 use eight interleaved accumulators combined
/// as `((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7))` plus the leftovers in order; longer runs split at half
/// the length rounded down to a multiple of 8 and recurse. The total is `0 + pairwise(all)`.
public enum PairwiseSum {
    /// The pairwise sum of `buffer`; with `skippingNaN`, NaN elements count as zero (`np.nansum`).
    /// The eight accumulators are the lanes of one `SIMD8`: numpy's additions in numpy's order, so
    /// the same bits, eight at a time.
    @inlinable
    public static func sum<T: DescentFloat>(_ buffer: UnsafeBufferPointer<T>, skippingNaN: Bool = false) -> T {
        guard let base = buffer.baseAddress else { return 0 }
        return 0 + contiguous(base, buffer.count, skippingNaN: skippingNaN)
    }

    /// The pairwise sum of `element(0) … element(count - 1)`: each leaf's elements (at most 128)
    /// written to a buffer on the stack, then summed as `sum(_:)` sums a buffer.
    @inlinable
    public static func sum<T: DescentFloat>(count: Int, _ element: (Int) -> T) -> T {
        withUnsafeTemporaryAllocation(of: T.self, capacity: 128) { scratch in
            0 + pairwise(0, count, scratch: scratch.baseAddress!, element)
        }
    }

    /// `sum(count:_:)`'s recursion: the element function called in the leaves' own loop (not through
    /// a block closure, which would keep it from being inlined there).
    @inlinable
    static func pairwise<T: DescentFloat>(_ start: Int, _ n: Int, scratch: UnsafeMutablePointer<T>, _ element: (Int) -> T) -> T {
        guard n > 128 else {
            for i in 0..<n { scratch[i] = element(start + i) }
            return contiguous(scratch, n, skippingNaN: false)
        }
        let half = leftHalf(n)
        return pairwise(start, half, scratch: scratch, element) + pairwise(start + half, n - half, scratch: scratch, element)
    }

    /// The pairwise sum of `count` values made a block at a time: `fill(start, block)` writes the
    /// values `start..<start + block.count` into `block` — one of the sum's leaves, 1 to 128 values,
    /// in a buffer on the stack — so a caller can compute them with loops across the block.
    @inlinable
    public static func sum<T: DescentFloat>(count: Int, blocks fill: (Int, UnsafeMutableBufferPointer<T>) -> Void) -> T {
        withUnsafeTemporaryAllocation(of: T.self, capacity: 128) { scratch in
            0 + pairwise(0, count, scratch: scratch.baseAddress!, fill)
        }
    }

    @inlinable
    static func pairwise<T: DescentFloat>(_ start: Int, _ n: Int, scratch: UnsafeMutablePointer<T>,
                                          _ fill: (Int, UnsafeMutableBufferPointer<T>) -> Void) -> T {
        guard n > 128 else {
            if n > 0 { fill(start, UnsafeMutableBufferPointer(start: scratch, count: n)) }
            return contiguous(scratch, n, skippingNaN: false)
        }
        let half = leftHalf(n)
        return pairwise(start, half, scratch: scratch, fill) + pairwise(start + half, n - half, scratch: scratch, fill)
    }

    /// numpy's split of a run longer than 128: half its length rounded down to a multiple of 8.
    @inlinable
    static func leftHalf(_ n: Int) -> Int { n / 2 - (n / 2) % 8 }

    /// `pairwise` over `base[0..<n]`, eight elements per vector addition.
    @inlinable
    static func contiguous<T: DescentFloat>(_ base: UnsafePointer<T>, _ n: Int, skippingNaN: Bool) -> T {
        @inline(__always) func value(_ i: Int) -> T { let x = base[i]; return skippingNaN && x.isNaN ? 0 : x }
        @inline(__always) func vector(_ i: Int) -> SIMD8<T> {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<T>.self)
            return skippingNaN ? x.replacing(with: 0, where: x .!= x) : x
        }
        if n < 8 {
            var result: T = 0
            for i in 0..<n { result += value(i) }
            return result
        } else if n <= 128 {
            var r = vector(0)
            var i = 8
            let end = n - n % 8
            while i < end {
                r += vector(i)
                i += 8
            }
            var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { result += value(i); i += 1 }
            return result
        }
        let half = leftHalf(n)
        return contiguous(base, half, skippingNaN: skippingNaN) + contiguous(base + half, n - half, skippingNaN: skippingNaN)
    }
}
