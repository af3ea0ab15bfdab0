/// ONNX's `ValueInfoProto` (onnx/onnx.proto) for a tensor: a graph input's or output's name, element
/// type and shape, each dimension a number or a named symbol (`N`, the batch). Fields written, with
/// their numbers in onnx.proto:
///
/// | message | field | number |
/// |---|---|---|
/// | `ValueInfoProto` | `name` | 1 |
/// | | `type` (TypeProto) | 2 |
/// | | `doc_string` | 3 |
/// | `TypeProto` | `tensor_type` (TypeProto.Tensor) | 1 |
/// | `TypeProto.Tensor` | `elem_type` (a `TensorProto.DataType`) | 1 |
/// | | `shape` (TensorShapeProto) | 2 |
/// | `TensorShapeProto` | `dim` (repeated Dimension) | 1 |
/// | `TensorShapeProto.Dimension` | `dim_value` (int64) | 1 |
/// | | `dim_param` (string) | 2 |
struct ONNXValueInfo: Equatable {
    /// A dimension: a size, or a symbol for a size known only at run time.
    enum Dimension: Equatable {
        case size(Int)
        case symbol(String)
    }

    var name: String
    var elementType: ONNXTensor.DataType
    var shape: [Dimension]
    var documentation: String

    init(name: String, elementType: ONNXTensor.DataType, shape: [Dimension], documentation: String = "") {
        self.name = name
        self.elementType = elementType
        self.shape = shape
        self.documentation = documentation
    }

    /// Writes the message's fields.
    func encode(into writer: inout ProtobufWriter) {
        writer.string(1, name)
        writer.message(2) { type in
            type.message(1) { tensor in
                tensor.int64(1, elementType.rawValue)
                tensor.message(2) { shapeWriter in
                    for dimension in shape {
                        shapeWriter.message(1) { dim in
                            switch dimension {
                            case .size(let size): dim.int64(1, Int64(size))
                            case .symbol(let symbol): dim.string(2, symbol)
                            }
                        }
                    }
                }
            }
        }
        if !documentation.isEmpty { writer.string(3, documentation) }
    }
}
