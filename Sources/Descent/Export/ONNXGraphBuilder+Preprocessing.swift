extension ONNXGraphBuilder {
    /// `TensorProto.DataType.FLOAT`, the `to` of a `Cast` to float.
    static let castToFloat = ONNXAttribute("to", .int(ONNXTensor.DataType.float.rawValue))

    /// Adds the model's inputs and its preprocessing (documented on `ONNXExport`); returns the
    /// name of the normalized features [N, features].
    mutating func addPreprocessing<Scalar>(_ model: ModelFile<Scalar>) -> String {
        let rows = ONNXValueInfo.Dimension.symbol("N")
        var features: String
        if let encoder = model.encoder {
            var parts: [String] = []
            for column in encoder.columns {
                let name = column.name
                switch column.encoding {
                case .numeric(let fill, let indicator):
                    addInput(ONNXValueInfo(name: name, elementType: .float, shape: [rows, .size(1)],
                                           documentation: "a number; NaN where missing (filled with \(fill))"))
                    let missing = node("IsNaN", [name], "\(name)_missing")
                    let value = constant("\(name)_fill", dims: [], floats: [fill])
                    parts.append(node("Where", [missing, value, name], "\(name)_filled"))
                    if indicator { parts.append(node("Cast", [missing], "\(name)_indicator", attributes: [Self.castToFloat])) }
                case .categorical(let categories, let missingCategory):
                    addInput(ONNXValueInfo(name: name, elementType: .string, shape: [rows, .size(1)],
                                           documentation: "one of \(categories.count) categories; the empty string or a missing-value marker where missing"))
                    // The category's index, K (the `missing` column) for a missing cell when the
                    // training split had one, -1 (all zeros) for anything else.
                    let width = categories.count + (missingCategory ? 1 : 0)
                    let markers = missingCategory ? [""] + encoder.missingValues.tokens : []
                    let keys = categories + markers
                    let values = Array(0..<Int64(categories.count)) + Array(repeating: Int64(categories.count), count: markers.count)
                    let index = node("LabelEncoder", [name], "\(name)_index", attributes: [
                        ONNXAttribute("keys_strings", .strings(keys)), ONNXAttribute("values_int64s", .ints(values)),
                        ONNXAttribute("default_int64", .int(-1)),
                    ], domain: "ai.onnx.ml")
                    let columns = constant("\(name)_columns", dims: [1, width], .int64s(Array(0..<Int64(width))))
                    let oneHot = node("Equal", [index, columns], "\(name)_is")
                    parts.append(node("Cast", [oneHot], "\(name)_onehot", attributes: [Self.castToFloat]))
                }
            }
            features = node("Concat", parts, "features", attributes: [ONNXAttribute("axis", .int(1))])
        } else {
            addInput(ONNXValueInfo(name: "input", elementType: .float, shape: [rows, .size(model.network.inputSize)],
                                   documentation: "the features in feature_names order"))
            features = "input"
        }
        let scaler = model.scaler
        if scaler.method != .none {
            let offsets = constant("offsets", dims: [scaler.featureCount], floats: scaler.offsets)
            let scales = constant("scales", dims: [scaler.featureCount], floats: scaler.scales)
            features = node("Div", [node("Sub", [features, offsets], "centred"), scales], "normalized")
        }
        return features
    }
}
