/// ONNX's `AttributeProto` (onnx/onnx.proto): a named constant parameter of a node (`alpha` of
/// `LeakyRelu`, `axis` of `Concat`, …). The fields written, with their numbers in onnx.proto:
///
/// | field | number |
/// |---|---|
/// | `name` | 1 |
/// | `f` (float) | 2 |
/// | `i` (int64) | 3 |
/// | `t` (TensorProto) | 5 |
/// | `ints` (repeated int64, written packed) | 8 |
/// | `strings` (repeated bytes) | 9 |
/// | `type` (`AttributeType`: FLOAT 1, INT 2, TENSOR 4, INTS 7, STRINGS 8) | 20 |
struct ONNXAttribute: Equatable {
    /// The value and, by its case, the `AttributeType`.
    enum Value: Equatable {
        case float(Float)
        case int(Int64)
        case tensor(ONNXTensor)
        case ints([Int64])
        case strings([String])
    }

    var name: String
    var value: Value

    init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// Writes the message's fields.
    func encode(into writer: inout ProtobufWriter) {
        writer.string(1, name)
        let type: Int64
        switch value {
        case .float(let value):
            writer.float(2, value)
            type = 1
        case .int(let value):
            writer.int64(3, value)
            type = 2
        case .tensor(let tensor):
            writer.message(5) { tensor.encode(into: &$0) }
            type = 4
        case .ints(let values):
            writer.packedInt64s(8, values)
            type = 7
        case .strings(let values):
            for value in values { writer.string(9, value) }
            type = 8
        }
        writer.int64(20, type)
    }
}
