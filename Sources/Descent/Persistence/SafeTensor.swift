/// One tensor of a safetensors file: element type, shape and raw little-endian row-major bytes.
public struct SafeTensor: Sendable, Equatable {
    /// The safetensors element types.
    public enum DType: String, Sendable, CaseIterable {
        case F64, F32, F16, BF16, F8_E4M3, F8_E5M2
        case I64, I32, I16, I8, U64, U32, U16, U8, BOOL

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .F64, .I64, .U64: return 8
            case .F32, .I32, .U32: return 4
            case .F16, .BF16, .I16, .U16: return 2
            case .F8_E4M3, .F8_E5M2, .I8, .U8, .BOOL: return 1
            }
        }
    }

    /// The element type.
    public var dtype: DType
    /// The shape (`[]` is a scalar), row-major.
    public var shape: [Int]
    /// The elements' bytes, little-endian, row-major; `count == shape.product × dtype.size`.
    public var bytes: [UInt8]

    /// A tensor over raw `bytes`, whose count must match `shape` and `dtype`.
    public init(dtype: DType, shape: [Int], bytes: [UInt8]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor dimensions must be non-negative.")
        precondition(bytes.count == shape.reduce(1, *) * dtype.size,
                     "A \(dtype) tensor of shape \(shape) needs \(shape.reduce(1, *) * dtype.size) bytes, got \(bytes.count).")
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// A 2-D tensor of shape [rows, columns] holding `matrix` as `F32` or `F64` (default: the
    /// matrix's own precision).
    public init<Scalar: DescentFloat>(_ matrix: Matrix<Scalar>, dtype: DType? = nil) {
        let type = dtype ?? (Scalar.self == Float.self ? .F32 : .F64)
        precondition(type == .F32 || type == .F64, "Store matrices as F32 or F64.")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(matrix.count * type.size)
        for value in matrix.elements {
            if type == .F32 {
                withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            } else {
                withUnsafeBytes(of: Double(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        self.init(dtype: type, shape: [matrix.rows, matrix.columns], bytes: bytes)
    }

    /// The tensor as a matrix: 2-D [r, c] → (r, c); 1-D [n] → (1, n); a scalar → (1, 1).
    /// Floats, integers and booleans convert (F16/BF16 exactly; I64/U64 beyond 2^53 rounded);
    /// 8-bit floats and tensors of more than 2 dimensions throw `.notAMatrix`.
    public func matrix<Scalar: DescentFloat>(as _: Scalar.Type = Scalar.self) throws(SafeTensorsError) -> Matrix<Scalar> {
        switch shape.count {
        case 0: return try matrix(rows: 1, columns: 1)
        case 1: return try matrix(rows: 1, columns: shape[0])
        case 2: return try matrix(rows: shape[0], columns: shape[1])
        default: throw SafeTensorsError(.notAMatrix("shape \(shape) has more than 2 dimensions"))
        }
    }

    /// The tensor's elements as a `rows × columns` matrix, whatever its shape, provided the
    /// element count matches — e.g. a PyTorch bias of shape [n] as an (n, 1) column.
    public func matrix<Scalar: DescentFloat>(rows: Int, columns: Int, as _: Scalar.Type = Scalar.self) throws(SafeTensorsError) -> Matrix<Scalar> {
        let count = bytes.count / dtype.size
        guard rows >= 0, columns >= 0, rows * columns == count else {
            throw SafeTensorsError(.notAMatrix("shape \(shape) has \(count) elements, not \(rows)×\(columns)"))
        }
        if dtype == .F8_E4M3 || dtype == .F8_E5M2 { throw SafeTensorsError(.notAMatrix("\(dtype) cannot be converted")) }
        let elements: [Scalar] = bytes.withUnsafeBytes { raw -> [Scalar] in
            func load<T>(_: T.Type, _ convert: (T) -> Scalar) -> [Scalar] {
                (0..<count).map { convert(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
            switch dtype {
            case .F64: return load(UInt64.self) { Scalar(Double(bitPattern: UInt64(littleEndian: $0))) }
            case .F32: return load(UInt32.self) { Scalar(Float(bitPattern: UInt32(littleEndian: $0))) }
            case .F16: return load(UInt16.self) { Scalar(SafeTensor.halfToFloat(UInt16(littleEndian: $0))) }
            case .BF16: return load(UInt16.self) { Scalar(Float(bitPattern: UInt32(UInt16(littleEndian: $0)) << 16)) }
            case .I64: return load(Int64.self) { Scalar(Int64(littleEndian: $0)) }
            case .I32: return load(Int32.self) { Scalar(Int32(littleEndian: $0)) }
            case .I16: return load(Int16.self) { Scalar(Int16(littleEndian: $0)) }
            case .I8: return load(Int8.self) { Scalar($0) }
            case .U64: return load(UInt64.self) { Scalar(UInt64(littleEndian: $0)) }
            case .U32: return load(UInt32.self) { Scalar(UInt32(littleEndian: $0)) }
            case .U16: return load(UInt16.self) { Scalar(UInt16(littleEndian: $0)) }
            case .U8: return load(UInt8.self) { Scalar($0) }
            case .BOOL: return load(UInt8.self) { $0 == 0 ? 0 : 1 }
            case .F8_E4M3, .F8_E5M2: return []
            }
        }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// IEEE binary16 bits → `Float` (exact), without relying on `Float16` availability.
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction * 0x1p-10) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
