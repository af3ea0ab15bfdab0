import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 29: a normalized network in a model file — named as the state dict of an `nn.Sequential`
/// of `Linear`, `BatchNorm1d`/`LayerNorm` and activations (`1.weight`, `1.running_mean`,
/// `1.num_batches_tracked`, …; no Linear bias under batch normalization), an exact round trip, and
/// the same predictions from that Sequential, loaded by PyTorch from the file as it is.
@Suite struct NormalizedModelFileTests {
    /// A trained-looking model: random γ, β, running statistics and batch counts on `normalization`'s layers.
    static func model<Scalar: DescentFloat>(_: Scalar.Type, _ normalization: Normalization, loss: Loss = .categoricalCrossEntropy,
                                            sizes: [Int] = [4, 6, 5, 3], normalizedLayers: Set<Int>? = nil) -> ModelFile<Scalar> {
        var random = TestRandom(seed: 29)
        var network = Network<Scalar>(layerSizes: sizes, hiddenActivation: .tanh, loss: loss, initializer: .he, normalization: normalization,
                                      normalizedLayers: normalizedLayers, using: &random)
        func column(_ units: Int, _ value: () -> Double) -> Matrix<Scalar> { Matrix(rows: units, columns: 1) { _, _ in Scalar(value()) } }
        for l in network.layers.indices {
            let units = network.layers[l].outputSize
            if network.layers[l].learnsBias { network.layers[l].bias = column(units) { random.nextStandardNormal() } }
            guard network.layers[l].isNormalized else { continue }
            network.layers[l].withParameter(.gamma) { $0 = column(units) { 0.5 + random.nextUniform() } }
            network.layers[l].withParameter(.beta) { $0 = column(units) { random.nextStandardNormal() } }
            if network.layers[l].batchNormalization != nil {
                network.layers[l].batchNormalization!.runningMean = column(units) { random.nextStandardNormal() * 3 }
                network.layers[l].batchNormalization!.runningVariance = column(units) { 0.2 + 4 * random.nextUniform() }
                network.layers[l].batchNormalization!.batchesTracked = 1234
            }
        }
        let raw = ModelFileTests.rawFeatures(count: 50, features: sizes[0], seed: 3)
        return ModelFile(network: network, scaler: FeatureScaler(method: .standard, fittedOn: raw),
                         classNames: loss == .categoricalCrossEntropy ? (0..<sizes.last!).map { "c\($0)" } : loss == .binaryCrossEntropy ? ["no", "yes"] : nil,
                         featureNames: (1...sizes[0]).map { "x\($0)" })
    }

    @Test("batch- and layer-normalized models round-trip exactly, in both precisions, with PyTorch's names", arguments: [Normalization.batch, .layer])
    func roundTrip(normalization: Normalization) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("model.safetensors")
        let model = Self.model(Double.self, normalization)
        try model.write(to: url)
        let loaded = try ModelFile<Double>(contentsOf: url)
        #expect(loaded == model)
        let raw = ModelFileTests.rawFeatures(count: 7, features: 4, seed: 5)
        #expect(loaded.outputs(forRaw: raw) == model.outputs(forRaw: raw))
        // An nn.Sequential's positions: Linear 0, norm 1, activation 2, Linear 3, norm 4, activation 5, Linear 6.
        let names = Set(try SafeTensorsFile(contentsOf: url).tensors.keys)
        let batch = normalization.name == "batch"
        let expected = ["0.weight", "1.weight", "1.bias", "3.weight", "4.weight", "4.bias", "6.weight", "6.bias"]
            + (batch ? ["1.running_mean", "1.running_var", "1.num_batches_tracked", "4.running_mean", "4.running_var", "4.num_batches_tracked"]
                     : ["0.bias", "3.bias"])
        #expect(names == Set(expected))
        let single = Self.model(Float.self, normalization)
        try single.write(to: url)
        #expect(try ModelFile<Float>(contentsOf: url) == single)
        // Only the layers named: the others keep their bias and have no norms entry.
        let partial = Self.model(Double.self, normalization, normalizedLayers: [2])
        try partial.write(to: url)
        #expect(try ModelFile<Double>(contentsOf: url) == partial)
        #expect(Set(try SafeTensorsFile(contentsOf: url).tensors.keys).isSuperset(of: ["0.weight", "0.bias", "2.weight", "3.weight", "5.weight", "5.bias"]))
        #expect(ModelFile<Double>.modulePrefixes(normalizations: [nil, nil]).map(\.linear) == ["layers.0", "layers.1"], "a plain network as before")
    }

    @Test("a file whose normalization does not fit is refused by name: a bias beside batch normalization, a negative running variance, a bad entry")
    func malformedFilesAreRefused() throws {
        func message(_ file: SafeTensorsFile) -> String {
            do { _ = try ModelFile<Double>(file, fileName: "m.safetensors"); return "loaded" } catch { return error.description }
        }
        var file = Self.model(Double.self, .batch).safeTensorsFile
        file.tensors["0.bias"] = SafeTensor(Matrix<Double>(rows: 1, columns: 6))
        #expect(message(file).contains("tensor \"0.bias\": a batch-normalized layer has no Linear bias (Linear(bias=False))"), "\(message(file))")
        file = Self.model(Double.self, .batch).safeTensorsFile
        file.tensors["4.running_var"] = SafeTensor(Matrix<Double>(rows: 5, columns: 1, repeating: -1))
        #expect(message(file).contains("tensor \"4.running_var\" holds a negative variance"), "\(message(file))")
        file = Self.model(Double.self, .batch).safeTensorsFile
        file.tensors["1.num_batches_tracked"] = SafeTensor(Matrix<Double>(rows: 1, columns: 2))
        #expect(message(file).contains("tensor \"1.num_batches_tracked\" must be one int64 (PyTorch's num_batches_tracked), found F64 of shape [1, 2]"),
                "\(message(file))")
        file.tensors["1.num_batches_tracked"] = nil
        #expect(message(file) == "loaded", "PyTorch's count is optional: without it the batches seen are 0")
        file = Self.model(Double.self, .layer).safeTensorsFile
        file.metadata["layer_normalizations"] = #"[{"kind": "group", "epsilon": 1e-5}, null, null]"#
        #expect(throws: ModelFileError.self) { try ModelFile<Double>(file, fileName: "m.safetensors") }
        file.metadata["layer_normalizations"] = #"[null, null, {"kind": "layer", "epsilon": 1e-5}]"#
        #expect(throws: ModelFileError.self) { try ModelFile<Double>(file, fileName: "m.safetensors") }
        file = Self.model(Double.self, .layer).safeTensorsFile
        file.tensors["4.weight"] = nil
        #expect(throws: ModelFileError.self) { try ModelFile<Double>(file, fileName: "m.safetensors") }
    }

    @Test("PyTorch loads the file into an nn.Sequential (Linear, BatchNorm1d / LayerNorm, activations) and predicts the same",
          .enabled(if: PythonInterop.canImport("torch, safetensors.torch"), "python3 with torch and safetensors is not installed (or DESCENT_PYTHON=off)"),
          arguments: [(Normalization.batch, Loss.categoricalCrossEntropy), (.layer, .categoricalCrossEntropy), (.batch, .binaryCrossEntropy),
                      (.batch, .meanSquaredError)])
    func pytorchPredictsTheSame(normalization: Normalization, loss: Loss) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sizes = loss == .categoricalCrossEntropy ? [4, 6, 5, 3] : [4, 6, 5, 1]
        for precision in ["float64", "float32"] {
            let url = directory.file("model-\(precision).safetensors")
            let outputs: Matrix<Double>
            let raw = ModelFileTests.rawFeatures(count: 9, features: 4, seed: 11)
            if precision == "float64" {
                let model = Self.model(Double.self, normalization, loss: loss, sizes: sizes)
                try model.write(to: url)
                outputs = model.outputs(forRaw: raw)
            } else {
                let model = Self.model(Float.self, normalization, loss: loss, sizes: sizes)
                try model.write(to: url)
                outputs = model.outputs(forRaw: raw).converted()
            }
            let rows = (0..<raw.columns).map { j in "[" + (0..<raw.rows).map { "\(raw[$0, j])" }.joined(separator: ",") + "]" }
            let input = directory.file("in.json")
            try Data(("[" + rows.joined(separator: ",") + "]").utf8).write(to: input)
            let printed = try PythonInterop.runScript("pytorch_model.py", arguments: [url.path, input.path])
            let theirs = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [[Double]])
            let tolerance = precision == "float64" ? 1e-10 : 1e-4
            for j in 0..<raw.columns {
                for i in 0..<outputs.rows {
                    #expect(abs(outputs[i, j] - theirs[j][i]) <= tolerance * max(1, abs(outputs[i, j])), "\(precision) \(i),\(j)")
                }
            }
        }
    }
}
