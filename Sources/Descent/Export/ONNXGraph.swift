/// ONNX's `GraphProto` (onnx/onnx.proto): nodes in topological order, the constant tensors they
/// read (initializers), and the graph's inputs and outputs. Fields written, with their numbers in
/// onnx.proto:
///
/// | field | number |
/// |---|---|
/// | `node` (repeated NodeProto) | 1 |
/// | `name` | 2 |
/// | `initializer` (repeated TensorProto) | 5 |
/// | `doc_string` | 10 |
/// | `input` (repeated ValueInfoProto) | 11 |
/// | `output` (repeated ValueInfoProto) | 12 |
struct ONNXGraph: Equatable {
    var name: String
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
    var documentation: String = ""

    /// Writes the message's fields.
    func encode(into writer: inout ProtobufWriter) {
        for node in nodes { writer.message(1) { node.encode(into: &$0) } }
        writer.string(2, name)
        for tensor in initializers { writer.message(5) { tensor.encode(into: &$0) } }
        if !documentation.isEmpty { writer.string(10, documentation) }
        for input in inputs { writer.message(11) { input.encode(into: &$0) } }
        for output in outputs { writer.message(12) { output.encode(into: &$0) } }
    }
}
