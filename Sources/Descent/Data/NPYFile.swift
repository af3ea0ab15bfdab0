import Foundation

/// A NumPy `.npy` array (format versions 1.0, 2.0 and 3.0) of up to two dimensions.
///
/// Reads little-endian `<f2`, `<f4`, `<f8`, `<i1`…`<i8`, `<u1`…`<u8`, `|u1`, `|i1` and `|b1` data in C or
/// Fortran order; writes C order. Values are held as `Double` in C (row-major) order — exact for
/// every float32/float64 value and for integers up to 2^53.
///
/// **Layout.** A `.npy` from numpy or scikit-learn normally holds one example per **row**: X has
/// shape (m, n_x) and y shape (m,). The course's layout is one example per **column**, so use
/// `courseLayout()`, which transposes: X (m, n_x) → (n_x, m) and y (m,) → (1, m).
/// `matrix()` keeps the array as stored (a 1-D array of n values becomes one row, (1, n)).
///
/// ```swift
/// let X = try NPYFile(contentsOf: URL(fileURLWithPath: "train_x.npy")).courseLayout(as: Double.self)
/// let Y = try NPYFile(contentsOf: URL(fileURLWithPath: "train_y.npy")).courseLayout(as: Double.self)
/// try NPYFile(predictions).write(to: URL(fileURLWithPath: "predictions.npy"))
/// ```
public struct NPYFile: Sendable, Equatable {
    /// The element types Descent reads (`descr` without its byte-order character).
    public enum DataType: String, Sendable, CaseIterable {
        case float16 = "f2", float32 = "f4", float64 = "f8"
        case int8 = "i1", int16 = "i2", int32 = "i4", int64 = "i8"
        case uint8 = "u1", uint16 = "u2", uint32 = "u4", uint64 = "u8"
        case bool = "b1"

        /// Bytes per element.
        public var size: Int { Int(rawValue.dropFirst())! }

        /// `float16`, `float32` or `float64` (values are rounded to the type when written).
        public var isFloatingPoint: Bool { rawValue.hasPrefix("f") }

        /// The `descr` numpy writes: `<f8`, or `|u1` for one-byte types.
        public var descr: String { (size == 1 ? "|" : "<") + rawValue }
    }

    /// The bytes every `.npy` file starts with: `\x93NUMPY`.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The array's shape: `[]` (a scalar), `[n]` or `[rows, columns]`.
    public internal(set) var shape: [Int]
    /// The element type in the file.
    public internal(set) var dataType: DataType
    /// The elements in C (row-major) order.
    public internal(set) var values: [Double]

    /// An array of `shape` and `dataType` over `values` (C order). Integer and bool types need
    /// integral values in range.
    public init(shape: [Int], dataType: DataType, values: [Double]) {
        precondition(shape.count <= 2 && shape.allSatisfy { $0 >= 0 }, "An NPYFile has 0, 1 or 2 non-negative dimensions.")
        precondition(values.count == shape.reduce(1, *), "The shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count).")
        precondition(dataType.isFloatingPoint || values.allSatisfy { $0 == $0.rounded() && NPYFile.fits($0, dataType) },
                     "Integer .npy data types need integral values in range.")
        self.shape = shape
        self.dataType = dataType
        self.values = values
    }

    /// A 2-D array holding `matrix` as stored (shape (rows, columns)), written as `<f8` or `<f4`;
    /// by default the matrix's own precision.
    public init<Scalar: DescentFloat>(_ matrix: Matrix<Scalar>, dataType: DataType? = nil) {
        let type = dataType ?? (Scalar.self == Float.self ? .float32 : .float64)
        precondition(type == .float32 || type == .float64, "Write matrices as float32 or float64.")
        self.init(shape: [matrix.rows, matrix.columns], dataType: type, values: matrix.elements.map { Double($0) })
    }

    /// The array as stored: 2-D (r, c) → (r, c); 1-D (n) → (1, n); a scalar → (1, 1).
    public func matrix<Scalar: DescentFloat>(as _: Scalar.Type = Scalar.self) -> Matrix<Scalar> {
        let (rows, columns) = shape.count == 2 ? (shape[0], shape[1]) : (1, shape.first ?? 1)
        return Matrix(rows: rows, columns: columns, elements: values.map { Scalar($0) })
    }

    /// The array as examples in rows, returned in the course's layout (one example per column):
    /// 2-D (m, n_x) → (n_x, m); 1-D (m) → (1, m); a scalar → (1, 1).
    public func courseLayout<Scalar: DescentFloat>(as _: Scalar.Type = Scalar.self) -> Matrix<Scalar> {
        guard shape.count == 2 else { return matrix() }
        let (rows, columns) = (shape[0], shape[1])
        return Matrix(rows: columns, columns: rows, elements: transposedRowMajor(values, rows: rows, columns: columns, as: Scalar.self))
    }

    static func fits(_ value: Double, _ type: DataType) -> Bool {
        switch type {
        case .float16, .float32, .float64: return true
        case .bool: return value == 0 || value == 1
        case .int8: return value >= -128 && value <= 127
        case .int16: return value >= -32768 && value <= 32767
        case .int32: return value >= -2147483648 && value <= 2147483647
        case .int64: return value >= -9.223372036854775808e18 && value < 9.223372036854775808e18
        case .uint8: return value >= 0 && value <= 255
        case .uint16: return value >= 0 && value <= 65535
        case .uint32: return value >= 0 && value <= 4294967295
        case .uint64: return value >= 0 && value < 1.8446744073709551616e19
        }
    }

    /// Throws when a value is NaN or ±∞: feature and label files must hold finite numbers. The
    /// message names the first such value as `<entry> <index>` (e.g. `label 1`; C order).
    public func requireFiniteValues(file: String, entry: String = "element") throws(DataLoadingError) {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw DataLoadingError(.nonFiniteValue(found: "\(values[index]) (\(entry) \(index))"), file: file)
        }
    }

    /// A numeric label as a class name: whole numbers without a fraction (`1`, not `1.0`).
    public static func className(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
