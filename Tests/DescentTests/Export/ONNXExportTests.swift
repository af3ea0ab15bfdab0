@testable import Descent
import DescentTestSupport
import Foundation
import Testing

/// The ONNX graph of a model: read back field by field, and run in ONNX Runtime for every
/// activation and for a regression with a standardized target (`Scripts/onnx_check.py`: labels
/// equal, values within |a − b| ≤ 1e-5 + 1e-4·|b| of the library's `Predictions`, as `descent
/// predict` writes them).
@Suite struct ONNXExportTests {
    /// A network 3 → 5 → 4 → `outputs` with `activation` in both hidden layers, weights ~ N(0, 1.5²)
    /// so that pre-activations reach every activation's saturated and linear parts.
    static func network<Scalar: DescentFloat>(_ activation: Activation, outputs: Int, loss: Loss, seed: UInt64) -> Network<Scalar> {
        var random = FastRandom(seed: seed)
        let sizes = [3, 5, 4, outputs]
        let layers = (1..<sizes.count).map { l in
            DenseLayer<Scalar>(weights: Matrix(rows: sizes[l], columns: sizes[l - 1]) { _, _ in Scalar(1.5 * random.nextStandardNormal()) },
                               bias: Matrix(rows: sizes[l], columns: 1) { _, _ in Scalar(0.5 * random.nextStandardNormal()) },
                               activation: l == sizes.count - 1 ? loss.outputActivation : activation)
        }
        return Network(layers: layers, loss: loss)
    }

    /// `count` raw examples (3, count) around `centre` ± 2 `spread`.
    static func rawFeatures(count: Int, seed: UInt64) -> Matrix<Double> {
        var random = FastRandom(seed: seed)
        return Matrix(rows: 3, columns: count) { i, _ in [10.0, -3, 100][i] + [2.0, 0.5, 20][i] * random.nextStandardNormal() }
    }

    /// The statistics `rawFeatures` were drawn with, as a standard scaler.
    static let scaler = FeatureScaler(method: .standard, offsets: [10, -3, 100], scales: [2, 0.5, 20])

    /// `features` (3, m) as CSV rows under the model's feature names.
    static func csv(_ features: Matrix<Double>) -> String {
        (["x1,x2,x3"] + (0..<features.columns).map { j in (0..<3).map { "\(features[$0, j])" }.joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    @Test("the bytes read back: IR 8, opsets 17 and ml 2, the nodes in order, the weights as float_data, inputs, outputs and metadata")
    func structure() throws {
        let network: Network<Double> = Self.network(.relu, outputs: 1, loss: .binaryCrossEntropy, seed: 1)
        let model = ModelFile(network: network, scaler: Self.scaler, classNames: ["no", "yes"], labelName: "answer",
                              trainingOptions: ["data": "t.csv", "epochs": "7", "epochs-run": "7"])
        let export = try ONNXExport(model)
        let read = try ProtobufReader(export.bytes)
        #expect(read.one(1)?.integer == 8)
        #expect(read.one(2)?.string == "descent" && read.one(3)?.string == version)
        let operatorSets = read.all(8).compactMap(\.message).map { ($0.one(1)?.string ?? "", $0.one(2)?.integer ?? 0) }
        #expect(operatorSets.map(\.0) == ["", "ai.onnx.ml"] && operatorSets.map(\.1) == [17, 2])
        let metadata = Dictionary(uniqueKeysWithValues: read.all(14).compactMap(\.message).map { ($0.one(1)!.string!, $0.one(2)!.string!) })
        #expect(metadata["descent_version"] == version && metadata["class_names"] == "[\"no\", \"yes\"]")
        #expect(metadata["feature_names"] == "[\"x1\", \"x2\", \"x3\"]" && metadata["label_name"] == "answer")
        #expect(metadata["training_command"] == "descent train --data t.csv --epochs 7", "epochs-run is not a setting")

        let graph = try #require(read.one(7)?.message)
        let nodes = graph.all(1).compactMap(\.message)
        #expect(nodes.map { $0.one(4)?.string ?? "" } == ["Sub", "Div", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Sigmoid", "Sub", "Concat", "ArgMax", "Gather"])
        #expect(nodes[0].all(1).map(\.string) == ["input", "offsets"])
        #expect(nodes.last?.all(2).map(\.string) == ["label"])
        let initializers = Dictionary(uniqueKeysWithValues: graph.all(5).compactMap(\.message).map { ($0.one(8)!.string!, $0) })
        let w1 = try #require(initializers["W1"])
        #expect(try w1.packedInt64s(1) == [5, 3] && w1.one(2)?.integer == 1)
        #expect(w1.packedFloats(4) == network.layers[0].weights.elements.map { Float($0) })
        #expect(initializers["classes"]?.all(6).map(\.string) == ["no", "yes"] && initializers["classes"]?.one(2)?.integer == 8)
        func port(_ info: ProtobufReader) -> (String, Int64, [String]) {
            let tensor = info.one(2)?.message?.one(1)?.message
            let dims = tensor?.one(2)?.message?.all(1).compactMap(\.message).map { $0.one(1)?.integer.map(String.init) ?? $0.one(2)?.string ?? "?" }
            return (info.one(1)?.string ?? "", tensor?.one(1)?.integer ?? 0, dims ?? [])
        }
        let inputs = graph.all(11).compactMap(\.message).map(port), outputs = graph.all(12).compactMap(\.message).map(port)
        #expect(inputs.map(\.0) == ["input"] && inputs.map(\.1) == [1] && inputs.map(\.2) == [["N", "3"]])
        #expect(outputs.map(\.0) == ["label", "probabilities"] && outputs.map(\.1) == [8, 1] && outputs.map(\.2) == [["N"], ["N", "2"]])
        #expect(export.inputs.map(\.description) == ["input: float [N, 3]"])
        #expect(export.outputs.map(\.description) == ["label: string [N]", "probabilities: float [N, 2]"])
    }

    @Test("every hidden activation and every output: ONNX Runtime equals the library's predictions",
          .enabled(if: PythonInterop.hasONNXRuntime, "python3 with numpy, onnx and onnxruntime is not installed (or DESCENT_PYTHON=off)"))
    func activationsInONNXRuntime() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let raw = Self.rawFeatures(count: 200, seed: 7)
        try scratch.file("rows.csv", Self.csv(raw))
        var arguments: [String] = []
        func add<Scalar: DescentFloat>(_ name: String, _ model: ModelFile<Scalar>, expected: String) throws {
            try ONNXExport(model).write(to: scratch.file("\(name).onnx"))
            try scratch.file("\(name).csv", expected)
            arguments += [scratch.file("\(name).onnx").path, scratch.file("rows.csv").path, scratch.file("\(name).csv").path]
        }
        // Every hidden activation in a three-class float32 model, then the binary and regression outputs in float64.
        for (index, activation) in Activation.hiddenCases.enumerated() {
            let model = ModelFile<Float>(network: Self.network(activation, outputs: 3, loss: .categoricalCrossEntropy, seed: UInt64(index)),
                                         scaler: Self.scaler, classNames: ["a", "b", "c"])
            try add(activation.rawValue, model, expected: Predictions(model, raw: raw).csv)
        }
        let binary = ModelFile<Double>(network: Self.network(.gelu, outputs: 1, loss: .binaryCrossEntropy, seed: 40), scaler: Self.scaler)
        try add("binary", binary, expected: Predictions(binary, raw: raw).csv)
        #expect(try ONNXExport(binary).outputs.first?.description == "label: int64 [N]", "class names 0 and 1 are integers")

        // A regression whose target was standardized for training: ŷ = ŷ' · 40 + 250, from the file's metadata.
        let regression = ModelFile<Double>(network: Self.network(.silu, outputs: 1, loss: .meanSquaredError, seed: 41), scaler: Self.scaler)
        var file = regression.safeTensorsFile
        file.metadata["target_normalization"] = #"{"method": "standard", "offsets": [250], "scales": [40]}"#
        try file.write(to: scratch.file("regression.safetensors"))
        let fromFile = try ONNXExport(modelAt: scratch.file("regression.safetensors"), file: "regression.safetensors")
        var standardized = regression
        standardized.targetScaler = FeatureScaler(method: .standard, offsets: [250], scales: [40])
        #expect(try fromFile.bytes == ONNXExport(standardized).bytes)
        #expect(try fromFile.bytes != ONNXExport(regression).bytes)
        let values = regression.network.outputs(regression.normalized(raw))
        try add("regression", standardized,
                expected: "prediction\n" + (0..<raw.columns).map { "\(values[0, $0] * 40 + 250)\n" }.joined())

        // Normalized models (issue 29): batch normalization folded into the Gemm, layer normalization a node of its own.
        for normalization in [Normalization.batch, .layer] {
            let model = NormalizedModelFileTests.model(Float.self, normalization, sizes: [3, 6, 5, 3])
            try add("\(normalization.name)-norm", model, expected: Predictions(model, raw: raw).csv)
        }

        let output = try PythonInterop.runScript("onnx_check.py", arguments: arguments)
        let lines = output.split(separator: "\n")
        #expect(lines.count == Activation.hiddenCases.count + 4, "\(output)")
        #expect(lines.allSatisfy { $0.contains("\"checker\": \"ok\"") && $0.contains("\"failures\": []") }, "\(output)")
    }
}
