extension Matrix {
    /// A matrix of the same shape with `transform` applied to every element.
    @inlinable
    public func map(_ transform: (Scalar) throws -> Scalar) rethrows -> Matrix {
        Matrix(rows: rows, columns: columns, elements: try elements.map(transform))
    }

    /// Element-wise combination of two matrices of the same shape.
    @inlinable
    public func zipMap(_ other: Matrix, _ combine: (Scalar, Scalar) throws -> Scalar) rethrows -> Matrix {
        precondition(rows == other.rows && columns == other.columns,
                     "Element-wise operations need equal shapes: \(rows)×\(columns) and \(other.rows)×\(other.columns).")
        var result = elements
        for index in result.indices { result[index] = try combine(result[index], other.elements[index]) }
        return Matrix(rows: rows, columns: columns, elements: result)
    }

    /// `self + b` where `b` is a column vector (rows × 1) broadcast over every column, as numpy
    /// broadcasts `W·A + b`.
    @inlinable
    public func addingColumnVector(_ vector: Matrix) -> Matrix {
        precondition(vector.columns == 1 && vector.rows == rows,
                     "Broadcasting needs a \(rows)×1 column vector, got \(vector.rows)×\(vector.columns).")
        return Matrix(rows: rows, columns: columns) { i, j in self[i, j] + vector.elements[i] }
    }

    /// Element-wise sum.
    @inlinable public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, +) }
    /// Element-wise difference.
    @inlinable public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, -) }
    /// Element-wise (Hadamard) product, numpy's `*`; the matrix product is `dot(_:)`.
    @inlinable public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, *) }
    /// Element-wise quotient.
    @inlinable public static func / (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, /) }
    /// Every element multiplied by `scalar`.
    @inlinable public static func * (scalar: Scalar, matrix: Matrix) -> Matrix { matrix.map { scalar * $0 } }
    /// Every element multiplied by `scalar`.
    @inlinable public static func * (matrix: Matrix, scalar: Scalar) -> Matrix { matrix.map { $0 * scalar } }
    /// Every element divided by `scalar`.
    @inlinable public static func / (matrix: Matrix, scalar: Scalar) -> Matrix { matrix.map { $0 / scalar } }
    /// Every element plus `scalar`.
    @inlinable public static func + (matrix: Matrix, scalar: Scalar) -> Matrix { matrix.map { $0 + scalar } }
    /// Every element minus `scalar`.
    @inlinable public static func - (matrix: Matrix, scalar: Scalar) -> Matrix { matrix.map { $0 - scalar } }
    /// `scalar` minus every element (numpy's `1 - A`).
    @inlinable public static func - (scalar: Scalar, matrix: Matrix) -> Matrix { matrix.map { scalar - $0 } }
    /// Element-wise negation.
    @inlinable public static prefix func - (matrix: Matrix) -> Matrix { matrix.map { -$0 } }

    /// In-place `self += alpha · other` (BLAS axpy), element-wise on equal shapes.
    @inlinable
    public mutating func add(_ other: Matrix, scaledBy alpha: Scalar = 1) {
        precondition(rows == other.rows && columns == other.columns, "add(_:scaledBy:) needs equal shapes.")
        elements.withUnsafeMutableBufferPointer { target in
            other.elements.withUnsafeBufferPointer { source in
                for index in 0..<target.count { target[index] += alpha * source[index] }
            }
        }
    }

    /// In-place multiplication of every element by `scale`.
    @inlinable
    public mutating func scale(by scale: Scalar) {
        elements.withUnsafeMutableBufferPointer { target in
            for index in 0..<target.count { target[index] *= scale }
        }
    }

    /// Sets every element to `value` without reallocating.
    @inlinable
    public mutating func fill(with value: Scalar) {
        elements.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }
}
