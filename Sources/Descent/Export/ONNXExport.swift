import Foundation

/// A trained model as one ONNX graph, from raw table columns to predictions, for ONNX Runtime and
/// every tool that reads ONNX (`descent export --model M.safetensors --onnx M.onnx`).
///
/// **Format**: IR version 8, operator sets `ai.onnx` 17 and `ai.onnx.ml` 2 (for `LabelEncoder`,
/// which matches text: opset 17's `Equal` has no string type). Float32 throughout: a float64
/// model's weights are rounded to float32.
///
/// **Inputs** (N rows, any N):
/// - a model trained on a table (with a column encoding): one input per raw column, by its name —
///   a numeric column as float [N, 1] (a missing cell as NaN), a categorical one as string [N, 1]
///   (its categories as Descent names them: the text, or an integer without a decimal point; a
///   missing cell as the empty string or one of the model's missing-value markers, `NA`, …);
/// - otherwise one float input `input` [N, features], in `feature_names` order.
///
/// **Inside the graph**, as `descent predict` does: a missing number is filled with the training
/// split's fill value (`IsNaN`, `Where`) and, where the model has one, its 0/1 missing-indicator
/// column added (`Cast`); a category becomes its one-hot columns (`LabelEncoder` to its index,
/// `Equal` against 0…K−1, `Cast`) — an unseen category all zeros, a missing cell the `missing`
/// category where the training split had one (else all zeros); the columns are joined (`Concat`)
/// and normalized, x' = (x − offset) / scale (`Sub`, `Div`); then each dense layer `Gemm`
/// (A·Wᵀ + b) and its activation, in opset 17 operators (GELU, SiLU and Mish composed of several);
/// a batch-normalized layer's inference affine map is folded into its Gemm, a layer-normalized
/// layer adds a `LayerNormalization` node.
///
/// **Outputs**:
/// - classification: `label` [N] — the class names as strings, or int64 when every class name is
///   an integer (`0`, `1`, …), as scikit-learn's converters give the classes' own type — and
///   `probabilities` [N, classes], float, in class order (a binary model both columns, 1 − p and
///   p, as scikit-learn's); the label is the first most probable class (`ArgMax`), as `predict`'s;
/// - regression: `variable` [N, outputs], float, in the target's units (a target standardized for
///   training, `target_normalization`, is mapped back: y = y' · scale + offset).
///
/// **Metadata** (`metadata_props`): `descent_version`, `feature_names`, `class_names` (JSON arrays),
/// `label_name`, `training_command` (the `descent train` command the model file's
/// `training_options` record) and `training_options` (JSON).
public struct ONNXExport: Sendable {
    /// The ONNX IR version written (8: ONNX 1.10 and later read it).
    public static let irVersion: Int64 = 8
    /// The `ai.onnx` operator set version.
    public static let operatorSetVersion: Int64 = 17
    /// The `ai.onnx.ml` operator set version (`LabelEncoder` with string keys).
    public static let mlOperatorSetVersion: Int64 = 2
    /// The names of the outputs a graph can have.
    public static let outputNames = ["label", "probabilities", "variable"]

    /// A graph input or output: its name, element type (`float`, `string`, `int64`) and shape.
    public struct Port: Sendable, Equatable, CustomStringConvertible {
        /// The input's or output's name (a raw column's, `input`, `label`, `probabilities`, `variable`).
        public var name: String
        /// `float`, `string` or `int64`.
        public var elementType: String
        /// The dimensions: `N` for the rows, or a size.
        public var shape: [String]
        /// `name: type [N, 1]`.
        public var description: String { "\(name): \(elementType) [\(shape.joined(separator: ", "))]" }
    }

    /// The graph's inputs, in order.
    public let inputs: [Port]
    /// The graph's outputs, in order.
    public let outputs: [Port]
    /// The `.onnx` file's bytes (a serialized `ModelProto`).
    public let bytes: [UInt8]

    /// The export of `model`, a regression's target standardization (`ModelFile.targetScaler`)
    /// undone at the end of the graph. `file` names the model in errors.
    public init<Scalar: DescentFloat>(_ model: ModelFile<Scalar>, file: String = "<memory>") throws(ONNXExportError) {
        let inputNames = model.encoder?.inputColumns ?? ["input"]
        if let clash = inputNames.first(where: Self.outputNames.contains) {
            throw .nameClash(column: clash, file: file)
        }
        var builder = ONNXGraphBuilder(name: "descent", reserved: inputNames + Self.outputNames)
        var features = builder.addPreprocessing(model)
        for (index, layer) in model.network.layers.enumerated() {
            let l = index + 1
            // Batch normalization at inference is an affine map per unit, folded into the Gemm:
            // s = γ/√(running_var + ε), W' = s ⊙ W (row-wise), b' = β + s ⊙ (b − running_mean).
            var (w, b) = (layer.weights.elements.map(Double.init), layer.bias.elements.map(Double.init))
            if let normalization = layer.batchNormalization {
                for i in 0..<layer.outputSize {
                    let scale = Double(normalization.gamma.elements[i]) / (Double(normalization.runningVariance.elements[i]) + normalization.epsilon).squareRoot()
                    for j in 0..<layer.inputSize { w[i * layer.inputSize + j] *= scale }
                    b[i] = Double(normalization.beta.elements[i]) + scale * (b[i] - Double(normalization.runningMean.elements[i]))
                }
            }
            let weights = builder.constant("W\(l)", dims: [layer.outputSize, layer.inputSize], .floats(w.map { Float($0) }))
            let bias = builder.constant("b\(l)", dims: [layer.outputSize], .floats(b.map { Float($0) }))
            var z = builder.node("Gemm", [features, weights, bias], "Z\(l)", attributes: [ONNXAttribute("transB", .int(1))])
            if let normalization = layer.layerNormalization {
                // Opset 17's LayerNormalization over the units of each example (the last axis).
                let gamma = builder.constant("gamma\(l)", dims: [layer.outputSize], .floats(normalization.gamma.elements.map { Float($0) }))
                let beta = builder.constant("beta\(l)", dims: [layer.outputSize], .floats(normalization.beta.elements.map { Float($0) }))
                z = builder.node("LayerNormalization", [z, gamma, beta], "Zn\(l)",
                                 attributes: [ONNXAttribute("axis", .int(-1)), ONNXAttribute("epsilon", .float(Float(normalization.epsilon)))])
            }
            features = builder.addActivation(layer.activation, of: z, hint: "A\(l)")
        }
        builder.addOutputs(model, from: features)

        let graph = builder.graph
        func port(_ info: ONNXValueInfo) -> Port {
            let type = switch info.elementType {
            case .float: "float"
            case .int64: "int64"
            case .string: "string"
            case .bool: "bool"
            }
            return Port(name: info.name, elementType: type, shape: info.shape.map { dimension in
                switch dimension {
                case .size(let size): String(size)
                case .symbol(let symbol): symbol
                }
            })
        }
        inputs = graph.inputs.map(port)
        outputs = graph.outputs.map(port)
        let onnx = ONNXModel(
            irVersion: Self.irVersion, operatorSets: [("", Self.operatorSetVersion), ("ai.onnx.ml", Self.mlOperatorSetVersion)],
            producerName: "descent", producerVersion: version,
            documentation: "A Descent network with its preprocessing: inputs \(inputs.map(\.description).joined(separator: "; ")); "
                + "outputs \(outputs.map(\.description).joined(separator: "; ")).",
            graph: graph, metadata: Self.metadata(model))
        bytes = onnx.bytes
    }

    /// Reads the model file at `url` (named `file` in errors) and exports it, with its regression
    /// target's standardization (`target_normalization`) when it has one.
    public init(modelAt url: URL, file: String) throws(ONNXExportError) {
        let safeTensors: SafeTensorsFile
        do {
            safeTensors = try SafeTensorsFile(contentsOf: url)
        } catch {
            throw .model(ModelFileError(.safeTensors(error), file: file))
        }
        self = if safeTensors.metadata["precision"] == Float.precisionName {
            try Self.export(Float.self, safeTensors, file: file)
        } else {
            try Self.export(Double.self, safeTensors, file: file)
        }
    }

    /// The export of the model in `file` (named `name` in errors) read in `Scalar` precision.
    static func export<Scalar: DescentFloat>(_: Scalar.Type, _ file: SafeTensorsFile, file name: String) throws(ONNXExportError) -> ONNXExport {
        let model: ModelFile<Scalar>
        do {
            model = try ModelFile<Scalar>(file, fileName: name)
        } catch {
            throw .model(error)
        }
        return try ONNXExport(model, file: name)
    }

    /// Writes the file crash-safely (`AtomicFile`): after a crash `url` holds the old file or the new one.
    public func write(to url: URL) throws(AtomicFileError) {
        try AtomicFile.write(bytes, to: url)
    }

    /// The model's `metadata_props`.
    static func metadata<Scalar>(_ model: ModelFile<Scalar>) -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = [
            ("descent_version", version),
            ("feature_names", JSONValue.array(model.featureNames.map { .string($0) }).text),
        ]
        if let classNames = model.classNames { entries.append(("class_names", JSONValue.array(classNames.map { .string($0) }).text)) }
        if let labelName = model.labelName { entries.append(("label_name", labelName)) }
        if let command = trainingCommand(model.trainingOptions) { entries.append(("training_command", command)) }
        let options = model.trainingOptions
        entries.append(("training_options", JSONValue.object(options.keys.sorted().map { ($0, .string(options[$0]!)) }).text))
        return entries
    }

    /// The `descent train` command of the settings a model file's `training_options` records,
    /// leaving out each value that is what the command would use without it (its default for a
    /// file, else its default); `nil` when the options record no setting.
    static func trainingCommand(_ options: [String: String]) -> String? {
        let defaults = TrainingSettings()
        var settings = defaults
        var recorded = false
        for setting in TrainingSettings.vocabulary {
            guard let value = options[setting.name] else { continue }
            recorded = true
            if value != setting.fileDefault ?? setting.read(defaults) { try? settings.set(setting.name, to: value) }
        }
        return recorded ? settings.command : nil
    }
}
