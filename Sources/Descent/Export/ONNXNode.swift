/// ONNX's `NodeProto` (onnx/onnx.proto): one operator applied to named values. The fields written,
/// with their numbers in onnx.proto:
///
/// | field | number |
/// |---|---|
/// | `input` (repeated string) | 1 |
/// | `output` (repeated string) | 2 |
/// | `name` | 3 |
/// | `op_type` | 4 |
/// | `attribute` (repeated AttributeProto) | 5 |
/// | `domain` (empty: the default `ai.onnx`) | 7 |
struct ONNXNode: Equatable {
    var operatorType: String
    var inputs: [String]
    var outputs: [String]
    var name: String
    var attributes: [ONNXAttribute]
    /// The operator set's domain: empty for `ai.onnx`, `ai.onnx.ml` for the traditional-ML operators.
    var domain: String

    init(_ operatorType: String, inputs: [String], outputs: [String], name: String, attributes: [ONNXAttribute] = [], domain: String = "") {
        self.operatorType = operatorType
        self.inputs = inputs
        self.outputs = outputs
        self.name = name
        self.attributes = attributes
        self.domain = domain
    }

    /// Writes the message's fields.
    func encode(into writer: inout ProtobufWriter) {
        for input in inputs { writer.string(1, input) }
        for output in outputs { writer.string(2, output) }
        writer.string(3, name)
        writer.string(4, operatorType)
        for attribute in attributes { writer.message(5) { attribute.encode(into: &$0) } }
        if !domain.isEmpty { writer.string(7, domain) }
    }
}
