/// ONNX's `ModelProto` (onnx/onnx.proto): the file's top-level message — the IR version, the
/// operator sets the graph uses, who produced it, the graph, and free-form metadata. Fields
/// written, with their numbers in onnx.proto:
///
/// | message | field | number |
/// |---|---|---|
/// | `ModelProto` | `ir_version` (int64) | 1 |
/// | | `producer_name` | 2 |
/// | | `producer_version` | 3 |
/// | | `doc_string` | 6 |
/// | | `graph` (GraphProto) | 7 |
/// | | `opset_import` (repeated OperatorSetIdProto) | 8 |
/// | | `metadata_props` (repeated StringStringEntryProto) | 14 |
/// | `OperatorSetIdProto` | `domain` (empty: `ai.onnx`) | 1 |
/// | | `version` (int64) | 2 |
/// | `StringStringEntryProto` | `key` | 1 |
/// | | `value` | 2 |
struct ONNXModel {
    var irVersion: Int64
    /// The operator sets imported: (domain, version); the default domain is the empty string.
    var operatorSets: [(domain: String, version: Int64)]
    var producerName: String
    var producerVersion: String
    var documentation: String
    var graph: ONNXGraph
    /// `metadata_props`, in this order.
    var metadata: [(key: String, value: String)]

    /// The serialized model: the bytes of an `.onnx` file.
    var bytes: [UInt8] {
        var writer = ProtobufWriter()
        writer.int64(1, irVersion)
        writer.string(2, producerName)
        writer.string(3, producerVersion)
        if !documentation.isEmpty { writer.string(6, documentation) }
        writer.message(7) { graph.encode(into: &$0) }
        for (domain, version) in operatorSets {
            writer.message(8) { set in
                set.string(1, domain)
                set.int64(2, version)
            }
        }
        for (key, value) in metadata {
            writer.message(14) { entry in
                entry.string(1, key)
                entry.string(2, value)
            }
        }
        return writer.bytes
    }
}
