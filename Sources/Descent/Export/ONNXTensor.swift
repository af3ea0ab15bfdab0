/// ONNX's `TensorProto` (onnx/onnx.proto): a constant tensor — an initializer of the graph, or the
/// value of a node attribute. The fields written, with their numbers in onnx.proto:
///
/// | field | number |
/// |---|---|
/// | `dims` (repeated int64, written packed) | 1 |
/// | `data_type` (int32, a `TensorProto.DataType`) | 2 |
/// | `float_data` (repeated float, packed) | 4 |
/// | `string_data` (repeated bytes) | 6 |
/// | `int64_data` (repeated int64, packed) | 7 |
/// | `name` | 8 |
struct ONNXTensor: Equatable {
    /// `TensorProto.DataType`: the element types the export uses.
    enum DataType: Int64 {
        /// `FLOAT = 1`
        case float = 1
        /// `INT64 = 7`
        case int64 = 7
        /// `STRING = 8`
        case string = 8
        /// `BOOL = 9`
        case bool = 9
    }

    /// The elements, by type (row-major).
    enum Values: Equatable {
        case floats([Float])
        case int64s([Int64])
        case strings([String])
    }

    var name: String
    var dims: [Int]
    var values: Values

    /// A tensor named `name` of shape `dims` holding `values` (as many as the shape's product).
    init(name: String, dims: [Int], values: Values) {
        let count = switch values {
        case .floats(let floats): floats.count
        case .int64s(let integers): integers.count
        case .strings(let strings): strings.count
        }
        precondition(dims.reduce(1, *) == count, "A tensor of shape \(dims) holds \(dims.reduce(1, *)) values, not \(count).")
        self.name = name
        self.dims = dims
        self.values = values
    }

    /// The element type.
    var dataType: DataType {
        switch values {
        case .floats: .float
        case .int64s: .int64
        case .strings: .string
        }
    }

    /// Writes the message's fields.
    func encode(into writer: inout ProtobufWriter) {
        if !dims.isEmpty { writer.packedInt64s(1, dims.map(Int64.init)) }
        writer.int64(2, dataType.rawValue)
        switch values {
        case .floats(let floats): writer.packedFloats(4, floats)
        case .strings(let strings): for string in strings { writer.string(6, string) }
        case .int64s(let integers): writer.packedInt64s(7, integers)
        }
        writer.string(8, name)
    }
}
