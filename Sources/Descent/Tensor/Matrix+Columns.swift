extension Matrix {
    /// Copies the columns `range` into `destination` (resized in place) and returns it.
    @inlinable
    public func columns(_ range: Range<Int>, into destination: inout Matrix) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= columns, "Column range out of bounds.")
        destination.resize(rows: rows, columns: range.count)
        for i in 0..<rows {
            for j in 0..<range.count { destination.elements[i * range.count + j] = elements[i * columns + range.lowerBound + j] }
        }
        return destination
    }

    /// Copies the columns listed in `indices` (in that order) into `destination`, resized in place —
    /// the mini-batch gather, with no allocation once `destination` is large enough.
    @inlinable
    public func gatherColumns(_ indices: ArraySlice<Int>, into destination: inout Matrix) {
        destination.resize(rows: rows, columns: indices.count)
        let count = indices.count
        elements.withUnsafeBufferPointer { source in
            destination.elements.withUnsafeMutableBufferPointer { target in
                for i in 0..<rows {
                    let sourceRow = i * columns, targetRow = i * count
                    var j = 0
                    for index in indices {
                        target[targetRow + j] = source[sourceRow + index]
                        j += 1
                    }
                }
            }
        }
    }

    /// Copies every element of `source` (same shape) into this matrix's storage, without reallocating.
    @inlinable
    public mutating func copyElements(from source: Matrix) {
        precondition(rows == source.rows && columns == source.columns, "copyElements needs equal shapes.")
        source.elements.withUnsafeBufferPointer { from in
            elements.withUnsafeMutableBufferPointer { to in
                _ = to.initialize(from: from)
            }
        }
    }
}
