import Foundation

extension ModelFile {
    /// The model as a safetensors file (tensors and metadata as documented on `ModelFile`).
    public var safeTensorsFile: SafeTensorsFile {
        var file = SafeTensorsFile()
        /// A column as PyTorch keeps a vector: 1-D.
        func vector(_ column: Matrix<Scalar>) -> SafeTensor {
            let tensor = SafeTensor(column)
            return SafeTensor(dtype: tensor.dtype, shape: [column.count], bytes: tensor.bytes)
        }
        let prefixes = Self.modulePrefixes(normalizations: network.layers.map(\.normalization))
        for (layer, prefix) in zip(network.layers, prefixes) {
            file.tensors["\(prefix.linear).weight"] = SafeTensor(layer.weights)
            if layer.learnsBias { file.tensors["\(prefix.linear).bias"] = vector(layer.bias) }
            if let norm = prefix.normalization {
                file.tensors["\(norm).weight"] = vector(layer.parameter(.gamma))
                file.tensors["\(norm).bias"] = vector(layer.parameter(.beta))
            }
            if let normalization = layer.batchNormalization, let norm = prefix.normalization {
                file.tensors["\(norm).running_mean"] = vector(normalization.runningMean)
                file.tensors["\(norm).running_var"] = vector(normalization.runningVariance)
                file.tensors["\(norm).num_batches_tracked"] = SafeTensor(
                    dtype: .I64, shape: [], bytes: withUnsafeBytes(of: Int64(normalization.batchesTracked).littleEndian, Array.init))
            }
        }
        func scalerJSON(_ scaler: FeatureScaler) -> String {
            JSONValue.object([
                ("method", .string(scaler.method.rawValue)),
                ("offsets", .array(scaler.offsets.map { .number($0) })),
                ("scales", .array(scaler.scales.map { .number($0) })),
            ]).text
        }
        var metadata: [String: String] = [
            "format": Self.formatName,
            "format_version": String(Self.formatVersion),
            "precision": Scalar.precisionName,
            "layer_sizes": JSONValue.array(network.layerSizes.map { .integer($0) }).text,
            "activations": JSONValue.array(network.layers.map { .string($0.activation.rawValue) }).text,
            "keep_probabilities": JSONValue.array(network.layers.map { .number($0.keepProbability) }).text,
            "loss": network.loss.rawValue,
            "normalization": scalerJSON(scaler),
            "feature_names": JSONValue.array(featureNames.map { .string($0) }).text,
            "training_options": JSONValue.object(trainingOptions.keys.sorted().map { ($0, .string(trainingOptions[$0]!)) }).text,
            "metrics": JSONValue.object(metrics.keys.sorted().filter { metrics[$0]!.isFinite }.map { ($0, .number(metrics[$0]!)) }).text,
        ]
        if let targetScaler { metadata["target_normalization"] = scalerJSON(targetScaler) }
        if network.isNormalized {
            metadata["layer_normalizations"] = JSONValue.array(network.layers.map { layer -> JSONValue in
                switch layer.normalization {
                case .batch(let momentum, let epsilon)?:
                    .object([("kind", .string("batch")), ("momentum", .number(momentum)), ("epsilon", .number(epsilon))])
                case .layer(let epsilon)?: .object([("kind", .string("layer")), ("epsilon", .number(epsilon))])
                case nil: .null
                }
            }).text
        }
        if let labelName { metadata["label_name"] = labelName }
        if let classNames { metadata["class_names"] = JSONValue.array(classNames.map { .string($0) }).text }
        if let encoder {
            // Encoding plain values to JSON does not fail.
            metadata["columns"] = String(decoding: try! JSONCoding.encode(encoder), as: UTF8.self)
        }
        file.metadata = metadata
        return file
    }

    /// Writes the model to `url` crash-safely: after a crash the file holds the old model or the
    /// new one, never a torn mix (`AtomicFile`).
    public func write(to url: URL) throws(AtomicFileError) {
        try safeTensorsFile.write(to: url)
    }

    /// Reads and validates the model file at `url`; errors name it by `url.relativePath`.
    ///
    /// Tensors stored as F32 or F64 are converted to `Scalar` (a float32 model loads as
    /// `ModelFile<Double>` exactly; the reverse rounds).
    public init(contentsOf url: URL) throws(ModelFileError) {
        let name = url.displayName
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: url)
        } catch {
            throw ModelFileError(.safeTensors(error), file: name)
        }
        try self.init(file, fileName: name)
    }

    /// Validates and decodes a safetensors file already read; `fileName` is used in errors.
    ///
    /// Checks: the `format` and `format_version`; every required metadata key present and well
    /// formed; known activations (softmax only as output) and loss, the output activation
    /// matching the loss; one F32/F64 weight and bias per layer with shapes that chain along
    /// `layer_sizes`, all finite, and no other tensors; normalization statistics, feature names
    /// and class names of the right lengths; keep probabilities in (0, 1], 1 on the output layer.
    public init(_ file: SafeTensorsFile, fileName: String = "<memory>") throws(ModelFileError) {
        func failure(_ kind: ModelFileError.Kind) -> ModelFileError { ModelFileError(kind, file: fileName) }
        let metadata = file.metadata
        guard let format = metadata["format"] else {
            throw failure(.notADescentModel("its metadata has no \"format\" entry (it holds \(file.tensors.count) tensor\(file.tensors.count == 1 ? "" : "s"))"))
        }
        guard format == Self.formatName else { throw failure(.notADescentModel("its format is \(quoted(format)), not \(quoted(Self.formatName))")) }
        guard let version = metadata["format_version"] else { throw failure(.missingMetadata("format_version")) }
        guard version == String(Self.formatVersion) else { throw failure(.unsupportedVersion(version)) }

        let reader = MetadataReader(metadata: metadata, fileName: fileName)
        let sizes = try reader.integers("layer_sizes")
        guard sizes.count >= 2 else { throw failure(.invalidMetadata(key: "layer_sizes", reason: "needs an input size and at least one layer size")) }
        guard sizes.allSatisfy({ $0 > 0 }) else { throw failure(.invalidMetadata(key: "layer_sizes", reason: "every size must be positive")) }
        let depth = sizes.count - 1
        let activationNames = try reader.strings("activations", count: depth)
        var activations: [Activation] = []
        for (index, activationName) in activationNames.enumerated() {
            guard let activation = Activation(rawValue: activationName), index == depth - 1 || activation != .softmax else {
                throw failure(.unknownActivation(activationName))
            }
            activations.append(activation)
        }
        guard let lossName = metadata["loss"] else { throw failure(.missingMetadata("loss")) }
        guard let loss = Loss(rawValue: lossName) else { throw failure(.unknownLoss(lossName)) }
        guard activations[depth - 1] == loss.outputActivation else {
            throw failure(.inconsistent("the \(loss.rawValue) loss needs a \(loss.outputActivation.rawValue) output layer, the file has \(activations[depth - 1].rawValue)"))
        }
        if loss == .binaryCrossEntropy && sizes[depth] != 1 {
            throw failure(.inconsistent("a binary-cross-entropy model has 1 output unit, the file has \(sizes[depth])"))
        }
        let keepProbabilities = metadata["keep_probabilities"] == nil ? [Double](repeating: 1, count: depth)
            : try reader.numbers("keep_probabilities", count: depth)
        guard keepProbabilities.allSatisfy({ $0 > 0 && $0 <= 1 }), keepProbabilities[depth - 1] == 1 else {
            throw failure(.invalidMetadata(key: "keep_probabilities", reason: "each must be in (0, 1], and 1 on the output layer"))
        }

        let normalizations = metadata["layer_normalizations"] == nil ? [Normalization?](repeating: nil, count: depth)
            : try reader.normalizations("layer_normalizations", count: depth)
        let prefixes = Self.modulePrefixes(normalizations: normalizations)
        var expectedNames = Set<String>()
        var layers: [DenseLayer<Scalar>] = []
        for l in 1...depth {
            let prefix = prefixes[l - 1]
            let weightName = "\(prefix.linear).weight", biasName = "\(prefix.linear).bias"
            func normalizationName(_ part: String) -> String { "\(prefix.normalization ?? "").\(part)" }
            /// A vector of the layer's units: 1-D as PyTorch keeps it (or a column).
            func units(_ name: String) throws(ModelFileError) -> Matrix<Scalar> {
                expectedNames.insert(name)
                return try Self.matrix(file, name, rows: sizes[l], columns: 1, shapes: [[sizes[l]], [sizes[l], 1]], fileName: fileName)
            }
            expectedNames.insert(weightName)
            let weights = try Self.matrix(file, weightName, rows: sizes[l], columns: sizes[l - 1], shapes: [[sizes[l], sizes[l - 1]]], fileName: fileName)
            let normalization = normalizations[l - 1]
            let bias: Matrix<Scalar>
            if case .batch? = normalization {
                // Batch normalization replaces the bias (PyTorch's Linear(bias=False)).
                guard file.tensors[biasName] == nil else {
                    throw failure(.inconsistent("tensor \(quoted(biasName)): a batch-normalized layer has no Linear bias (Linear(bias=False)); β replaces it"))
                }
                bias = Matrix(rows: sizes[l], columns: 1)
            } else {
                bias = try units(biasName)
            }
            var layer = DenseLayer(weights: weights, bias: bias, activation: activations[l - 1], keepProbability: keepProbabilities[l - 1],
                                   normalization: normalization)
            if normalization != nil {
                let gamma = try units(normalizationName("weight")), beta = try units(normalizationName("bias"))
                layer.withParameter(.gamma) { $0 = gamma }
                layer.withParameter(.beta) { $0 = beta }
            }
            if layer.batchNormalization != nil {
                layer.batchNormalization!.runningMean = try units(normalizationName("running_mean"))
                let variance = try units(normalizationName("running_var"))
                guard variance.elements.allSatisfy({ $0 >= 0 }) else {
                    throw failure(.inconsistent("tensor \(quoted(normalizationName("running_var"))) holds a negative variance"))
                }
                layer.batchNormalization!.runningVariance = variance
                let countName = normalizationName("num_batches_tracked")
                if let count = file.tensors[countName] {
                    expectedNames.insert(countName)
                    // PyTorch's int64 scalar.
                    guard count.dtype == .I64, count.shape.reduce(1, *) == 1 else {
                        throw failure(.inconsistent("tensor \(quoted(countName)) must be one int64 (PyTorch's num_batches_tracked), "
                            + "found \(count.dtype.rawValue) of shape \(count.shape)"))
                    }
                    let value = count.bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
                    layer.batchNormalization!.batchesTracked = Int(max(0, value))
                }
            }
            layers.append(layer)
        }
        if let extra = file.tensors.keys.sorted().first(where: { !expectedNames.contains($0) }) {
            throw failure(.unexpectedTensor(extra))
        }
        let network = Network(layers: layers, loss: loss)

        let inputs = sizes[0]
        let scaler = try reader.scaler("normalization", count: inputs, of: "input features")
        let featureNames = try reader.strings("feature_names", count: inputs)
        var classNames: [String]?
        if loss.isClassification {
            let count = network.classCount
            let names = try reader.strings("class_names", count: count)
            guard Set(names).count == names.count else { throw failure(.invalidMetadata(key: "class_names", reason: "the names must be distinct")) }
            classNames = names
        } else if metadata["class_names"] != nil {
            throw failure(.inconsistent("a regression model cannot have class names"))
        }
        var targetScaler: FeatureScaler?
        if metadata["target_normalization"] != nil {
            guard !loss.isClassification else { throw failure(.inconsistent("a classifier cannot have a target normalization")) }
            targetScaler = try reader.scaler("target_normalization", count: sizes[depth], of: "outputs")
        }
        let trainingOptions = metadata["training_options"] == nil ? [:] : try reader.stringDictionary("training_options")
        let metrics = metadata["metrics"] == nil ? [:] : try reader.numberDictionary("metrics")
        var encoder: TabularEncoder?
        if let text = metadata["columns"] {
            do {
                encoder = try JSONCoding.decode(TabularEncoder.self, from: Data(text.utf8))
            } catch {
                throw failure(.invalidMetadata(key: "columns", reason: "not a column encoding"))
            }
            guard encoder!.featureNames == featureNames else {
                throw failure(.invalidMetadata(key: "columns", reason: "its output columns differ from \(quoted("feature_names"))"))
            }
        }
        self.init(network: network, scaler: scaler, targetScaler: targetScaler, classNames: classNames, featureNames: featureNames,
                  labelName: metadata["label_name"], trainingOptions: trainingOptions, metrics: metrics, encoder: encoder)
    }

    /// Tensor `name` as a (rows, columns) matrix, after checking its dtype, shape and values.
    static func matrix(_ file: SafeTensorsFile, _ name: String, rows: Int, columns: Int, shapes: [[Int]], fileName: String) throws(ModelFileError) -> Matrix<Scalar> {
        func failure(_ kind: ModelFileError.Kind) -> ModelFileError { ModelFileError(kind, file: fileName) }
        guard let tensor = file.tensors[name] else { throw failure(.missingTensor(name)) }
        guard tensor.dtype == .F32 || tensor.dtype == .F64 else { throw failure(.wrongDataType(tensor: name, found: tensor.dtype.rawValue)) }
        guard shapes.contains(tensor.shape) else { throw failure(.wrongShape(tensor: name, expected: shapes[0], found: tensor.shape)) }
        let matrix: Matrix<Scalar>
        do {
            matrix = try tensor.matrix(rows: rows, columns: columns)
        } catch {
            throw failure(.safeTensors(SafeTensorsError(error.kind, file: fileName, tensor: name)))
        }
        // A float64 value beyond Float's range becomes infinite in a Float model: also rejected.
        guard matrix.isFinite else { throw failure(.nonFiniteParameter(name)) }
        return matrix
    }
}

/// Reading and checking JSON-encoded metadata values, with errors naming the key.
struct MetadataReader {
    let metadata: [String: String]
    let fileName: String

    func failure(_ key: String, _ reason: String) -> ModelFileError {
        ModelFileError(.invalidMetadata(key: key, reason: reason), file: fileName)
    }

    func json(_ key: String) throws(ModelFileError) -> JSONValue {
        guard let text = metadata[key] else { throw ModelFileError(.missingMetadata(key), file: fileName) }
        do {
            return try JSONParser.parse(Array(text.utf8))
        } catch {
            throw failure(key, "invalid JSON (\(error.message) at character \(error.offset))")
        }
    }

    func array(_ key: String, count: Int?) throws(ModelFileError) -> [JSONValue] {
        guard case .array(let items) = try json(key) else { throw failure(key, "expected a JSON array") }
        if let count, items.count != count { throw failure(key, "expected \(count) entries, found \(items.count)") }
        return items
    }

    func integers(_ key: String) throws(ModelFileError) -> [Int] {
        var result: [Int] = []
        for item in try array(key, count: nil) {
            guard case .integer(let value) = item else { throw failure(key, "expected integers") }
            result.append(value)
        }
        return result
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }

    func numbers(_ key: String, count: Int?) throws(ModelFileError) -> [Double] {
        var result: [Double] = []
        for item in try array(key, count: count) {
            guard let value = Self.number(item), value.isFinite else { throw failure(key, "expected finite numbers") }
            result.append(value)
        }
        return result
    }

    /// Each layer's normalization: `null`, `{"kind": "batch", "momentum": m, "epsilon": ε}` or
    /// `{"kind": "layer", "epsilon": ε}`; never on the output layer.
    func normalizations(_ key: String, count: Int) throws(ModelFileError) -> [Normalization?] {
        var result: [Normalization?] = []
        for item in try array(key, count: count) {
            if case .null = item { result.append(nil); continue }
            guard case .object(let members) = item else { throw failure(key, "expected null or an object per layer") }
            func number(_ name: String) -> Double? { members.first { $0.key == name }.flatMap { Self.number($0.value) } }
            guard let epsilon = number("epsilon"), epsilon > 0, epsilon.isFinite else { throw failure(key, "each normalization needs a positive epsilon") }
            switch members.first(where: { $0.key == "kind" })?.value {
            case .string("batch")?:
                guard let momentum = number("momentum"), momentum > 0, momentum <= 1 else { throw failure(key, "a batch normalization needs a momentum in (0, 1]") }
                result.append(.batch(momentum: momentum, epsilon: epsilon))
            case .string("layer")?:
                result.append(.layer(epsilon: epsilon))
            default:
                throw failure(key, "a normalization's kind is batch or layer")
            }
        }
        guard result.last! == nil else { throw failure(key, "the output layer is not normalized") }
        return result
    }

    func strings(_ key: String, count: Int?) throws(ModelFileError) -> [String] {
        var result: [String] = []
        for item in try array(key, count: count) {
            guard case .string(let value) = item else { throw failure(key, "expected strings") }
            result.append(value)
        }
        return result
    }

    func members(_ key: String) throws(ModelFileError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = try json(key) else { throw failure(key, "expected a JSON object") }
        return members
    }

    func stringDictionary(_ key: String) throws(ModelFileError) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in try members(key) {
            guard case .string(let text) = value else { throw failure(key, "the value of \(quoted(name)) is not a string") }
            result[name] = text
        }
        return result
    }

    func numberDictionary(_ key: String) throws(ModelFileError) -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, value) in try members(key) {
            if case .null = value { continue }
            guard let number = Self.number(value) else { throw failure(key, "the value of \(quoted(name)) is not a number") }
            result[name] = number
        }
        return result
    }

    /// The `key` entry (`normalization`, `target_normalization`) for `count` values (`what`: `input
    /// features`, `outputs`), checked before `FeatureScaler`'s preconditions could trap.
    func scaler(_ key: String, count featureCount: Int, of what: String) throws(ModelFileError) -> FeatureScaler {
        let entries = try members(key)
        func entry(_ name: String) -> JSONValue? { entries.first { $0.key == name }?.value }
        guard case .string(let methodName)? = entry("method") else { throw failure(key, "no \"method\" string") }
        guard let method = FeatureScaler.Method(rawValue: methodName) else {
            throw failure(key, "unknown method \(quoted(methodName)) (use \(FeatureScaler.Method.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        func values(_ name: String) throws(ModelFileError) -> [Double] {
            guard case .array(let items)? = entry(name) else { throw failure(key, "no \(quoted(name)) array") }
            guard items.count == featureCount else {
                throw failure(key, "\(quoted(name)) has \(items.count) entries for \(featureCount) \(what)")
            }
            var result: [Double] = []
            for item in items {
                guard let value = Self.number(item), value.isFinite else { throw failure(key, "\(quoted(name)) must hold finite numbers") }
                result.append(value)
            }
            return result
        }
        let offsets = try values("offsets"), scales = try values("scales")
        guard scales.allSatisfy({ $0 != 0 }) else { throw failure(key, "a scale is zero") }
        return FeatureScaler(method: method, offsets: offsets, scales: scales)
    }
}
