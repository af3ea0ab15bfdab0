/// A dense two-dimensional array of `Float` or `Double`, stored row-major, with value semantics
/// (copy-on-write through its `Array` storage).
///
/// Descent follows the course's layout: a data matrix `X` has shape (features, examples) with one
/// example per **column**; a weight matrix `W[l]` has shape (n[l], n[l-1]); a bias `b[l]` has shape
/// (n[l], 1) and broadcasts over columns. Element `[i, j]` lives at `elements[i * columns + j]`,
/// exactly as in a C-ordered numpy array.
public struct Matrix<Scalar: DescentFloat>: Sendable, Equatable {
    /// Number of rows (for data: features; for weights: units of this layer).
    @inlinable public var rows: Int { storedRows }
    /// Number of columns (for data: examples; for weights: units of the previous layer).
    @inlinable public var columns: Int { storedColumns }
    @usableFromInline var storedRows: Int
    @usableFromInline var storedColumns: Int
    /// The elements in row-major order. Invariant: `elements.count == rows * columns`; change the
    /// shape only through `resize(rows:columns:)`.
    public var elements: [Scalar]

    /// A `rows × columns` matrix with every element equal to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative.")
        self.storedRows = rows
        self.storedColumns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over `elements` given in row-major order.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative.")
        precondition(elements.count == rows * columns,
                     "A \(rows)×\(columns) matrix needs \(rows * columns) elements, got \(elements.count).")
        self.storedRows = rows
        self.storedColumns = columns
        self.elements = elements
    }

    /// A matrix from nested rows, as numpy prints them: `Matrix([[1, 2], [3, 4]])`.
    @inlinable
    public init(_ nestedRows: [[Scalar]]) {
        let columns = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == columns }, "Every row of a matrix must have the same length.")
        self.init(rows: nestedRows.count, columns: columns, elements: nestedRows.flatMap { $0 })
    }

    /// A `rows × columns` matrix whose element `[i, j]` is `generator(i, j)`, filled row-major.
    @inlinable
    public init(rows: Int, columns: Int, generator: (Int, Int) throws -> Scalar) rethrows {
        var elements = [Scalar]()
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { elements.append(try generator(i, j)) }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// The shape `(rows, columns)`, as numpy's `.shape`.
    @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// `rows * columns`.
    @inlinable public var count: Int { rows * columns }

    /// The element in row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range.")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range.")
            elements[row * columns + column] = newValue
        }
    }

    /// Row `row` as an array.
    @inlinable
    public func row(_ row: Int) -> [Scalar] {
        precondition(row >= 0 && row < rows, "Matrix row out of range.")
        return Array(elements[row * columns ..< (row + 1) * columns])
    }

    /// The rows as nested arrays (the inverse of `init(_:)`).
    @inlinable public var nestedRows: [[Scalar]] { (0..<rows).map { row($0) } }

    /// Changes the shape in place, reusing the storage when it is large enough; new elements are zero.
    /// Used by workspaces whose batch size changes (the last, smaller mini-batch).
    @inlinable
    public mutating func resize(rows newRows: Int, columns newColumns: Int) {
        precondition(newRows >= 0 && newColumns >= 0, "Matrix dimensions must be non-negative.")
        if newRows * newColumns != elements.count {
            let needed = newRows * newColumns
            if needed < elements.count {
                elements.removeLast(elements.count - needed)
            } else {
                elements.append(contentsOf: repeatElement(0, count: needed - elements.count))
            }
        }
        storedRows = newRows
        storedColumns = newColumns
    }

    /// The same values in another precision (the matrix itself, with no copy, in the same precision).
    @inlinable
    public func converted<Other: DescentFloat>(to _: Other.Type = Other.self) -> Matrix<Other> {
        if let same = self as? Matrix<Other> { return same }
        // One loop over the buffers (the compiler vectorizes it; `map` converted element by element).
        let converted = [Other](unsafeUninitializedCapacity: elements.count) { target, initialized in
            elements.withUnsafeBufferPointer { source in
                for index in source.indices { target[index] = Other(source[index]) }
            }
            initialized = elements.count
        }
        return Matrix<Other>(rows: rows, columns: columns, elements: converted)
    }
}

extension Matrix: CustomStringConvertible {
    /// numpy-like printing: `[[1.0, 2.0], [3.0, 4.0]]`.
    public var description: String {
        "[" + nestedRows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
}
