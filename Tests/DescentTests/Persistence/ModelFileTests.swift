import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite("ModelFile")
struct ModelFileTests {
    /// A model with random weights and biases, a fitted standard scaler, and names.
    static func model<Scalar: DescentFloat>(
        _: Scalar.Type, sizes: [Int] = [4, 6, 5, 3], loss: Loss = .categoricalCrossEntropy, activation: Activation = .relu, seed: UInt64 = 7
    ) -> ModelFile<Scalar> {
        var random = TestRandom(seed: seed)
        var network = Network<Scalar>(layerSizes: sizes, hiddenActivation: activation, loss: loss, initializer: .he, using: &random)
        for l in 0..<network.depth {
            network.layers[l].bias = Matrix(rows: sizes[l + 1], columns: 1) { _, _ in Scalar(random.nextStandardNormal()) }
        }
        let raw = rawFeatures(count: 50, features: sizes[0], seed: seed + 1)
        let classes: [String]? = switch loss {
        case .binaryCrossEntropy: ["no", "yes"]
        case .categoricalCrossEntropy: (0..<sizes.last!).map { "class \($0)" }
        case .meanSquaredError: nil
        }
        return ModelFile(
            network: network, scaler: FeatureScaler(method: .standard, fittedOn: raw), classNames: classes,
            featureNames: (1...sizes[0]).map { "feature_\($0)" }, labelName: "label",
            trainingOptions: ["optimizer": "adam", "learning_rate": "0.001"], metrics: ["train_error": 0.125, "train_accuracy": 0.875])
    }

    /// Raw features (n, m) far from standardized, so the stored normalization matters.
    static func rawFeatures(count: Int, features: Int, seed: UInt64) -> Matrix<Double> {
        var random = TestRandom(seed: seed)
        return Matrix(rows: features, columns: count) { i, _ in Double(i + 1) * 10 + Double(i + 2) * random.nextStandardNormal() }
    }

    func loadingError(_ file: SafeTensorsFile) -> ModelFileError? {
        do {
            _ = try ModelFile<Double>(file, fileName: "m.safetensors")
            Issue.record("expected an error")
            return nil
        } catch {
            #expect(error.description.hasPrefix("m.safetensors: "), "\(error)")
            return error
        }
    }

    @Test("a float64 model round-trips exactly and predicts identically")
    func roundTripDouble() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = Self.model(Double.self)
        let url = directory.file("model.safetensors")
        try model.write(to: url)
        let loaded = try ModelFile<Double>(contentsOf: url)
        #expect(loaded == model)
        let raw = Self.rawFeatures(count: 40, features: 4, seed: 99)
        #expect(loaded.outputs(forRaw: raw).elements.map(\.bitPattern) == model.outputs(forRaw: raw).elements.map(\.bitPattern))
        #expect(loaded.predict(raw: raw) == model.predict(raw: raw))
        let stored = try SafeTensorsFile(contentsOf: url)
        #expect(stored.tensors["layers.0.weight"]?.dtype == .F64)
        #expect(stored.tensors["layers.0.weight"]?.shape == [6, 4])
        #expect(stored.tensors["layers.2.bias"]?.shape == [3])
        #expect(stored.metadata["format_version"] == "1")
        #expect(stored.metadata["precision"] == "float64")
    }

    @Test("float32, binary and regression models round-trip with identical predictions",
          arguments: [(Loss.binaryCrossEntropy, [3, 4, 1], Activation.tanh), (.meanSquaredError, [3, 5, 2], .leakyReLU),
                      (.categoricalCrossEntropy, [3, 3], .relu)])
    func roundTripFloat(loss: Loss, sizes: [Int], activation: Activation) throws {
        let model = Self.model(Float.self, sizes: sizes, loss: loss, activation: activation)
        let file = model.safeTensorsFile
        #expect(file.tensors.values.allSatisfy { $0.dtype == .F32 })
        let loaded = try ModelFile<Float>(SafeTensorsFile(bytes: file.serialized()), fileName: "m.safetensors")
        #expect(loaded == model)
        let raw = Self.rawFeatures(count: 30, features: sizes[0], seed: 5)
        #expect(loaded.outputs(forRaw: raw).elements.map(\.bitPattern) == model.outputs(forRaw: raw).elements.map(\.bitPattern))
        // A float32 file loads as float64 exactly.
        let widened = try ModelFile<Double>(file, fileName: "m.safetensors")
        #expect(widened.network == model.network.converted(to: Double.self))
    }

    @Test("binary probabilities are (1 − a, a); class probabilities sum to 1")
    func probabilities() {
        let binary = Self.model(Double.self, sizes: [4, 3, 1], loss: .binaryCrossEntropy)
        let raw = Self.rawFeatures(count: 5, features: 4, seed: 3)
        let outputs = binary.outputs(forRaw: raw)
        let probabilities = binary.classProbabilities(fromOutputs: outputs)
        #expect(probabilities.rows == 2)
        for j in 0..<5 {
            #expect(probabilities[1, j] == outputs[0, j])
            #expect(probabilities[0, j] == 1 - outputs[0, j])
        }
        let softmax = Self.model(Double.self)
        let p = softmax.classProbabilities(fromOutputs: softmax.outputs(forRaw: raw))
        for j in 0..<5 { #expect(abs(p[0, j] + p[1, j] + p[2, j] - 1) < 1e-12) }
    }

    @Test("every malformed model file gives a typed error naming the file")
    func malformedMetadataAndTensors() throws {
        let valid = Self.model(Double.self).safeTensorsFile
        func with(_ change: (inout SafeTensorsFile) -> Void) -> SafeTensorsFile {
            var file = valid
            change(&file)
            return file
        }
        typealias Kind = ModelFileError.Kind
        let cases: [(SafeTensorsFile, (Kind) -> Bool)] = [
            (with { $0.metadata["format"] = nil }, { if case .notADescentModel = $0 { true } else { false } }),
            (with { $0.metadata["format"] = "gguf" }, { if case .notADescentModel = $0 { true } else { false } }),
            (with { $0.metadata["format_version"] = "2" }, { $0 == .unsupportedVersion("2") }),
            (with { $0.metadata["layer_sizes"] = nil }, { $0 == .missingMetadata("layer_sizes") }),
            (with { $0.metadata["layer_sizes"] = "[4, 6," }, { if case .invalidMetadata("layer_sizes", _) = $0 { true } else { false } }),
            (with { $0.metadata["layer_sizes"] = "[4, 6.5, 5, 3]" }, { if case .invalidMetadata("layer_sizes", _) = $0 { true } else { false } }),
            (with { $0.metadata["layer_sizes"] = "[4, 7, 5, 3]" }, { $0 == .wrongShape(tensor: "layers.0.weight", expected: [7, 4], found: [6, 4]) }),
            (with { $0.metadata["activations"] = "[\"relu\", \"swish\", \"softmax\"]" }, { $0 == .unknownActivation("swish") }),
            (with { $0.metadata["activations"] = "[\"softmax\", \"relu\", \"softmax\"]" }, { $0 == .unknownActivation("softmax") }),
            (with { $0.metadata["activations"] = "[\"relu\", \"relu\"]" }, { if case .invalidMetadata("activations", _) = $0 { true } else { false } }),
            (with { $0.metadata["activations"] = "[\"relu\", \"relu\", \"sigmoid\"]" }, { if case .inconsistent = $0 { true } else { false } }),
            (with { $0.metadata["loss"] = "hinge" }, { $0 == .unknownLoss("hinge") }),
            (with { $0.metadata["keep_probabilities"] = "[1, 0, 1]" }, { if case .invalidMetadata("keep_probabilities", _) = $0 { true } else { false } }),
            (with { $0.metadata["normalization"] = "{\"method\": \"standard\", \"offsets\": [0, 0, 0, 0], \"scales\": [1, 0, 1, 1]}" },
             { if case .invalidMetadata("normalization", _) = $0 { true } else { false } }),
            (with { $0.metadata["normalization"] = "{\"method\": \"standard\", \"offsets\": [0, 0], \"scales\": [1, 1]}" },
             { if case .invalidMetadata("normalization", _) = $0 { true } else { false } }),
            (with { $0.metadata["normalization"] = "{\"method\": \"robust\", \"offsets\": [0, 0, 0, 0], \"scales\": [1, 1, 1, 1]}" },
             { if case .invalidMetadata("normalization", _) = $0 { true } else { false } }),
            (with { $0.metadata["class_names"] = "[\"a\", \"b\"]" }, { if case .invalidMetadata("class_names", _) = $0 { true } else { false } }),
            (with { $0.metadata["class_names"] = "[\"a\", \"a\", \"b\"]" }, { if case .invalidMetadata("class_names", _) = $0 { true } else { false } }),
            (with { $0.metadata["feature_names"] = "[1, 2, 3, 4]" }, { if case .invalidMetadata("feature_names", _) = $0 { true } else { false } }),
            (with { $0.metadata["metrics"] = "{\"train_error\": \"low\"}" }, { if case .invalidMetadata("metrics", _) = $0 { true } else { false } }),
            (with { $0.tensors["layers.1.bias"] = nil }, { $0 == .missingTensor("layers.1.bias") }),
            (with { $0.tensors["layers.3.weight"] = SafeTensor(Matrix<Double>(rows: 1, columns: 3)) }, { $0 == .unexpectedTensor("layers.3.weight") }),
            (with { $0.tensors["layers.0.weight"] = SafeTensor(dtype: .I32, shape: [6, 4], bytes: [UInt8](repeating: 0, count: 96)) },
             { $0 == .wrongDataType(tensor: "layers.0.weight", found: "I32") }),
            (with { $0.tensors["layers.0.weight"] = SafeTensor(Matrix<Double>(rows: 4, columns: 6)) },
             { $0 == .wrongShape(tensor: "layers.0.weight", expected: [6, 4], found: [4, 6]) }),
            (with { $0.tensors["layers.1.weight"] = SafeTensor(Matrix<Double>(rows: 5, columns: 6, repeating: .nan)) },
             { $0 == .nonFiniteParameter("layers.1.weight") }),
        ]
        for (index, (file, matches)) in cases.enumerated() {
            guard let error = loadingError(file) else { continue }
            #expect(matches(error.kind), "case \(index): \(error)")
        }
        // A bias stored as an (n, 1) column is accepted as well as the PyTorch (n,) form.
        let column = with { $0.tensors["layers.2.bias"] = SafeTensor(Self.model(Double.self).network.layers[2].bias) }
        #expect(try ModelFile<Double>(column, fileName: "m.safetensors") == Self.model(Double.self))
    }

    @Test("truncated, corrupted and missing files give errors naming the file, never a trap")
    func corruptedBytes() throws {
        let bytes = Self.model(Float.self, sizes: [3, 4, 2]).safeTensorsFile.serialized()
        for length in [0, 7, 8, 20, bytes.count / 2, bytes.count - 1] {
            let truncated = Array(bytes.prefix(length))
            #expect(throws: ModelFileError.self) {
                _ = try ModelFile<Float>(try Self.parse(truncated), fileName: "m.safetensors")
            }
        }
        var rejected = 0
        for corrupted in Corruption(of: bytes, cases: 300, seed: 11) {
            do {
                _ = try ModelFile<Float>(try Self.parse(corrupted), fileName: "m.safetensors")
            } catch {
                #expect(error.description.hasPrefix("m.safetensors: "), "\(error)")
                rejected += 1
            }
        }
        #expect(rejected > 200)

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("missing.safetensors")
        let missingError = #expect(throws: ModelFileError.self) { try ModelFile<Double>(contentsOf: missing) }
        #expect(missingError?.description == "\(missing.path): no such file")
        let truncated = try directory.write(Array(bytes.prefix(bytes.count - 3)), to: "truncated.safetensors")
        let truncatedError = #expect(throws: ModelFileError.self) { try ModelFile<Double>(contentsOf: truncated) }
        #expect(truncatedError?.description.hasPrefix(truncated.path + ": ") == true, "\(String(describing: truncatedError))")
    }

    /// Parses bytes as `ModelFile(contentsOf:)` does, wrapping safetensors errors.
    static func parse(_ bytes: [UInt8]) throws(ModelFileError) -> SafeTensorsFile {
        do {
            return try SafeTensorsFile(bytes: bytes, fileName: "m.safetensors")
        } catch {
            throw ModelFileError(.safeTensors(error), file: "m.safetensors")
        }
    }

    /// Prediction reads a file by training's rules (issue 24, one data entry point); these are the
    /// cases where the two readers used to disagree, and the binary file both now refuse.
    @Test("CSV input reads a file as training does: the header rule, the label column, binary files")
    func csvInputAsTraining() throws {
        let network = Self.model(Double.self, sizes: [2, 3, 2]).network
        // Feature names that read as numbers no longer make the first row a header on their own:
        // like training, the reader takes "1990,2000,c" for an example (it used to read one example).
        let years = ModelFile(network: network, classNames: ["c", "d"], featureNames: ["1990", "2000"])
        let text = "1990,2000,c\n1,2,d\n"
        let input = try years.input(csvText: text, fileName: "y.csv")
        let trained = try CSVTable<Double>(string: text, fileName: "y.csv")
        #expect(input.features == Matrix([[1990, 1], [2000, 2]]) && input.features == trained.features)
        #expect(input.labels == ["c", "d"] && trained.classNames == ["c", "d"])
        // The model's own label column, when the first row names it, is read as training's --label read it: a header.
        let labelled = ModelFile(network: network, classNames: ["c", "d"], featureNames: ["1990", "2000"], labelName: "y")
        let named = "1990,2000,y\n1,2,d\n"
        let withLabel = try labelled.input(csvText: named, fileName: "y.csv")
        let trainedWithLabel = try CSVTable<Double>(string: named, fileName: "y.csv", options: CSVLoadingOptions(labelColumn: .named("y")))
        #expect(withLabel.features == Matrix([[1], [2]]) && withLabel.features == trainedWithLabel.features)
        #expect(withLabel.labels == ["d"])
        // A label column given (--label) implies a header the column must be in: training's error, where
        // the old reader went on without labels (or read the file as headerless).
        let model = Self.model(Double.self, sizes: [2, 3, 3])
        for (text, message) in [("x1,x2\n1,2\n", "d.csv:1: no label column named \"y\" (the header has \"x1\", \"x2\")"),
                                ("1,2,3\n4,5,6\n", "d.csv:1: no label column named \"y\" (the header has \"1\", \"2\", \"3\")")] {
            let trainError = #expect(throws: DataLoadingError.self) {
                try CSVTable<Double>(string: text, fileName: "d.csv", options: CSVLoadingOptions(labelColumn: .named("y")))
            }
            let predictError = #expect(throws: ModelInputError.self) { try model.input(csvText: text, fileName: "d.csv", labelColumn: "y") }
            #expect(predictError?.kind == trainError.map { .data($0) })
            #expect(predictError?.description == message)
        }
        // A binary file says it is not text, as training says (it used to fail as a feature-count mismatch).
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let binary = try directory.write([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00], to: "archive.csv")
        let binaryError = #expect(throws: ModelInputError.self) { try model.input(csv: binary) }
        #expect(binaryError?.description == "\(binary.relativePath): not a text file (byte 6 is NUL): expected a CSV or TSV text file in "
            + "UTF-8, or a .npy file")
        #expect(throws: DataLoadingError(.notText("byte 6 is NUL"), file: binary.relativePath)) { try CSVTable<Double>(contentsOf: binary) }
    }

    @Test("CSV input: columns by name, the label column found or ignored, mismatches reported")
    func csvInput() throws {
        let model = Self.model(Double.self, sizes: [2, 3, 3])  // features feature_1, feature_2; classes "class 0"…
        let reordered = try model.input(csvText: "label,feature_2,extra,feature_1\nclass 2,20,0,10\nclass 0,21,0,11\n", fileName: "d.csv")
        #expect(reordered.features == Matrix([[10, 11], [20, 21]]))
        #expect(reordered.labels == ["class 2", "class 0"])
        #expect(try model.labelMatrix(reordered, fileName: "d.csv") == Matrix([[2, 0]]))
        let headerless = try model.input(csvText: "1,2,class 1\n3,4,class 2\n", fileName: "d.csv")
        #expect(headerless.features == Matrix([[1, 3], [2, 4]]))
        #expect(headerless.labels == ["class 1", "class 2"])
        let featuresOnly = try model.input(csvText: "1,2\n3,4\n", fileName: "d.csv")
        #expect(featuresOnly.labels == nil)
        #expect(throws: ModelInputError(.missingLabels, file: "d.csv")) { try model.labelMatrix(featuresOnly, fileName: "d.csv") }
        #expect(throws: ModelInputError(.featureCountMismatch(found: 3, expected: 2, featureNames: ["feature_1", "feature_2"]), file: "d.csv")) {
            try model.input(csvText: "a,b,c,label\n1,2,3,x\n", fileName: "d.csv")
        }
        #expect(throws: ModelInputError(.unknownClass("dog", classNames: ["class 0", "class 1", "class 2"]), file: "d.csv")) {
            try model.labelMatrix(ModelInput(features: Matrix(rows: 2, columns: 1), labels: ["dog"]), fileName: "d.csv")
        }
        #expect(throws: ModelInputError.self) { try model.input(csvText: "1,2\n3,abc\n", fileName: "d.csv") }
        // Numeric class names match by value: "1.0" is class "1".
        let numeric = ModelFile(network: model.network, classNames: ["0", "1", "2"])
        #expect(try numeric.labelMatrix(ModelInput(features: Matrix(rows: 2, columns: 2), labels: ["1.0", "2"]), fileName: "d.csv") == Matrix([[1, 2]]))
    }

    @Test("the Python safetensors package reads the model, and numpy reproduces its outputs from the file alone",
          .enabled(if: PythonInterop.hasSafetensors, "python3 with numpy and safetensors is not installed (or DESCENT_PYTHON=off)"))
    func pythonReadBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = Self.model(Double.self, sizes: [4, 6, 5, 3])
        let url = directory.file("model.safetensors")
        try model.write(to: url)
        let raw = Self.rawFeatures(count: 8, features: 4, seed: 21)
        let rawURL = directory.file("raw.npy")
        try NPYFile(raw).write(to: rawURL)  // (n_x, m)
        let output = try PythonInterop.run("""
            import sys, json, numpy as np
            from safetensors import safe_open
            from safetensors.numpy import load_file
            t = load_file(sys.argv[1])
            with safe_open(sys.argv[1], framework="np") as f:
                meta = f.metadata()
            sizes = json.loads(meta["layer_sizes"]); norm = json.loads(meta["normalization"])
            assert meta["format"] == "descent-mlp" and meta["precision"] == "float64"
            assert json.loads(meta["class_names"]) == ["class 0", "class 1", "class 2"]
            x = (np.load(sys.argv[2]).T - np.array(norm["offsets"])) / np.array(norm["scales"])  # (m, n_x)
            for l in range(len(sizes) - 1):
                W, b = t[f"layers.{l}.weight"], t[f"layers.{l}.bias"]
                assert W.dtype == np.float64 and W.shape == (sizes[l + 1], sizes[l]) and b.shape == (sizes[l + 1],)
                x = x @ W.T + b
                if l < len(sizes) - 2: x = np.maximum(x, 0)
            p = np.exp(x - x.max(axis=1, keepdims=True)); p /= p.sum(axis=1, keepdims=True)
            print(json.dumps(p.T.ravel().tolist()))
            """, arguments: [url.path, rawURL.path])
        let numpy = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Double])
        let ours = model.outputs(forRaw: raw).elements
        #expect(numpy.count == ours.count)
        for (a, b) in zip(numpy, ours) { #expect(abs(a - b) < 1e-12) }
    }
}

@Suite struct ModelFileNPYInputTests {
    /// Predicting from a `.npy` file checks finiteness as training does (it used to accept NaN).
    @Test func nonFiniteFeaturesAndLabelsAreRejected() throws {
        var random = NumpyRandom(seed: 1)
        let model = ModelFile(network: Network<Double>(layerSizes: [2, 1], using: &random))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = directory.file("x.npy"), bad = directory.file("x-nan.npy")
        let labels = directory.file("y-inf.npy")
        try NPYFile(shape: [2, 2], dataType: .float64, values: [1, 2, 3, 4]).write(to: good)
        try NPYFile(shape: [2, 2], dataType: .float64, values: [1, .nan, 3, 4]).write(to: bad)
        try NPYFile(shape: [2], dataType: .float64, values: [0, .infinity]).write(to: labels)
        #expect(throws: ModelInputError.self) { try model.input(npy: bad) }
        #expect(throws: ModelInputError.self) { try model.input(npy: good, labels: labels) }
        #expect(try model.input(npy: good).features.columns == 2)
    }

    /// Both read a `.npy` pair through `NPYExamples`: a label count that differs is reported before
    /// the labels' values (prediction used to report the infinity first).
    @Test func aLabelCountMismatchIsReportedFirstAsInTraining() throws {
        var random = NumpyRandom(seed: 1)
        let model = ModelFile(network: Network<Double>(layerSizes: [2, 1], using: &random))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let features = directory.file("x.npy"), labels = directory.file("y3.npy")
        try NPYFile(shape: [2, 2], dataType: .float64, values: [1, 2, 3, 4]).write(to: features)
        try NPYFile(shape: [3], dataType: .float64, values: [0, .infinity, 1]).write(to: labels)
        #expect(throws: ModelInputError(.labelCountMismatch(labels: 3, examples: 2), file: labels.relativePath)) {
            try model.input(npy: features, labels: labels)
        }
        let issue = #expect(throws: DataPreparationIssue.self) {
            try PreparedData(DataConfiguration(source: .file(path: features.path, labels: labels.path)), seed: 0)
        }
        #expect(issue?.message == "\(labels.path): has 3 labels for 2 examples in \(features.path)")
    }
}
