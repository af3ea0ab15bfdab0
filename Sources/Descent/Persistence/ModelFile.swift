import Foundation

/// A trained model as one `.safetensors` file: the network's weights as tensors, and everything
/// needed to use it on new raw data in the file's string metadata — the architecture,
/// activations, loss, the input normalization fitted on the training set, the class and feature
/// names, the training options and the training metrics.
///
/// **Tensors** (F32 for a `Float` model, F64 for a `Double` one), named as the parameters of a
/// PyTorch `nn.ModuleList` of `nn.Linear` layers called `layers` — or, for a network with batch or
/// layer normalization, of an `nn.Sequential` of `Linear`, `BatchNorm1d`/`LayerNorm` and activation
/// modules, by position (`modulePrefixes(normalizations:)`): `0.weight`, `1.weight`, `1.bias`,
/// `1.running_mean`, `1.running_var`, `1.num_batches_tracked`, `3.weight`, … for
/// Linear(bias=False) → BatchNorm1d → ReLU → Linear …:
///
/// | tensor | shape | course name |
/// |---|---|---|
/// | `layers.{l-1}.weight` | (n[l], n[l-1]) | W[l] |
/// | `layers.{l-1}.bias` | (n[l],) | b[l] (stored 1-D, as `nn.Linear`; absent under batch normalization, as `Linear(bias=False)`) |
/// | `{k}.weight`, `{k}.bias` (k: the normalization's position) | (n[l],) | γ[l], β[l] of a normalized layer (`BatchNorm1d` / `LayerNorm`) |
/// | `{k}.running_mean`, `{k}.running_var` | (n[l],) | batch normalization's running statistics (the variance unbiased, as PyTorch's) |
/// | `{k}.num_batches_tracked` | () I64 | the batches they have seen |
///
/// **Metadata** (all values strings; structured ones JSON-encoded):
///
/// | key | example |
/// |---|---|
/// | `format` | `descent-mlp` |
/// | `format_version` | `1` |
/// | `precision` | `float32` or `float64` |
/// | `layer_sizes` | `[4, 64, 3]` |
/// | `activations` | `["relu", "softmax"]` (one per layer; the last is fixed by the loss) |
/// | `keep_probabilities` | `[1.0, 1.0]` (dropout in training; never applied in prediction) |
/// | `loss` | `binary-cross-entropy`, `categorical-cross-entropy` or `mean-squared-error` |
/// | `layer_normalizations` | `[{"kind": "batch", "momentum": 0.1, "epsilon": 1e-05}, null]` (one per layer; absent: none) |
/// | `normalization` | `{"method": "standard", "offsets": [...], "scales": [...]}`: x' = (x − offset) / scale |
/// | `target_normalization` | regression trained on a standardized target only: `{"method": "standard", "offsets": [mean], "scales": [std]}`; the network's output y' is y = y' · scale + offset (absent: the output is the target, as in files written before it existed) |
/// | `feature_names` | `["sepal_length", …]` (input order) |
/// | `label_name` | `label` (optional) |
/// | `class_names` | `["setosa", …]` (classification only; class index order) |
/// | `training_options` | `{"learning-rate": "0.0007", "epochs": "10000", …}` (free-form strings; `descent train` writes every option given, by its command-line name) |
/// | `metrics` | `{"train_accuracy": 0.98, "train_error": 0.02, …}` |
///
/// Loading it elsewhere (output probabilities: sigmoid of the last layer for a binary model,
/// softmax for several classes, the raw value for regression):
///
/// ```python
/// import json, numpy as np, torch
/// from safetensors import safe_open
/// from safetensors.torch import load_file
///
/// with safe_open("model.safetensors", "pt") as f:
///     meta = f.metadata()
/// sizes, acts = json.loads(meta["layer_sizes"]), json.loads(meta["activations"])
/// norm = json.loads(meta["normalization"])
/// class MLP(torch.nn.Module):
///     def __init__(self):
///         super().__init__()
///         self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
///     def forward(self, x):
///         for layer in self.layers[:-1]:
///             x = torch.relu(layer(x))          # acts[:-1]: relu, tanh, sigmoid, leaky-relu or linear
///         return self.layers[-1](x)             # logits
/// dtype = torch.float64 if meta["precision"] == "float64" else torch.float32
/// model = MLP().to(dtype)
/// model.load_state_dict(load_file("model.safetensors"))    # strict: exactly these tensors
/// x = (raw - np.array(norm["offsets"])) / np.array(norm["scales"])    # raw: (m, n_x)
/// probabilities = torch.softmax(model(torch.tensor(x, dtype=dtype)), dim=1)
/// # regression: values = model(torch.tensor(x, dtype=dtype)).numpy(), then with a standardized target
/// # target = json.loads(meta["target_normalization"]); values = values * target["scales"] + target["offsets"]
///
/// # NumPy only:  from safetensors.numpy import load_file;  W = load_file(path)["layers.0.weight"]
/// ```
///
/// A normalized model loads as it is into the `nn.Sequential` its metadata describes
/// (`Scripts/pytorch_model.py` builds it from `layer_sizes`, `activations` and
/// `layer_normalizations`, and a plain model's `layers.{i}` into the same kind of Sequential); its
/// predictions match Descent's (tested where PyTorch is installed).
///
/// In Swift:
///
/// ```swift
/// let model = ModelFile(network: network, scaler: scaler, classNames: ["cat", "dog"], featureNames: names)
/// try model.write(to: URL(fileURLWithPath: "model.safetensors"))   // crash-safe (AtomicFile)
/// let loaded = try ModelFile<Float>(contentsOf: URL(fileURLWithPath: "model.safetensors"))
/// let probabilities = loaded.outputs(forRaw: rawFeatures)            // normalized with the stored statistics
/// // (a regression's values come back in the target's units: `targetScaler` undone)
/// ```
public struct ModelFile<Scalar: DescentFloat>: Sendable, Equatable {
    /// The value of the `format` metadata key.
    public static var formatName: String { "descent-mlp" }
    /// The value of the `format_version` metadata key this code writes and reads.
    public static var formatVersion: Int { 1 }

    /// The trained network.
    public var network: Network<Scalar>
    /// The input normalization fitted on the training set (`x' = (x − offset) / scale`).
    public var scaler: FeatureScaler
    /// A regression's target standardization fitted on the training set: the network's outputs are
    /// y' = (y − offset) / scale, which `outputs(forRaw:)` maps back (`nil`: the outputs are the target).
    public var targetScaler: FeatureScaler?
    /// The class names in class-index order (`nil` for regression). A binary (sigmoid) model has
    /// two: output a is the probability of `classNames[1]`.
    public var classNames: [String]?
    /// The input features' names, in input order.
    public var featureNames: [String]
    /// The name of the label column in the training data, if known.
    public var labelName: String?
    /// Free-form training options (optimizer, learning rate, epochs, seed, …).
    public var trainingOptions: [String: String]
    /// Training metrics (`train_accuracy`, `train_error`, `dev_accuracy`, `test_accuracy`,
    /// `train_rmse`, …); `descent evaluate` reads `train_error` for its bias/variance diagnosis.
    public var metrics: [String: Double]
    /// How raw table columns become the network's inputs (`nil`: the inputs are the file's columns
    /// as they are). Stored as the `columns` metadata (JSON); `input(csv:)` applies it.
    public var encoder: TabularEncoder?

    /// A model file for `network`.
    ///
    /// Defaults: the identity scaler, class names `"0"`, `"1"`, … for a classifier (none for
    /// regression), feature names `x1`, `x2`, …, no target scaling (`targetScaler`: regression
    /// only, one offset and scale per output).
    public init(
        network: Network<Scalar>, scaler: FeatureScaler? = nil, targetScaler: FeatureScaler? = nil, classNames: [String]? = nil,
        featureNames: [String]? = nil, labelName: String? = nil, trainingOptions: [String: String] = [:], metrics: [String: Double] = [:],
        encoder: TabularEncoder? = nil
    ) {
        let n = network.inputSize
        let scaler = scaler ?? FeatureScaler(method: .none, offsets: .init(repeating: 0, count: n), scales: .init(repeating: 1, count: n))
        precondition(scaler.featureCount == n, "The scaler has \(scaler.featureCount) features; the network expects \(n).")
        let featureNames = featureNames ?? (1...n).map { "x\($0)" }
        precondition(featureNames.count == n, "Give one feature name per input (\(n)).")
        var names = classNames
        if network.loss.isClassification {
            let count = network.classCount
            if names == nil { names = (0..<count).map(String.init) }
            precondition(names!.count == count, "A \(network.loss.rawValue) network with \(network.outputSize) outputs has \(count) classes.")
        } else {
            precondition(classNames == nil, "A regression network has no class names.")
        }
        precondition(targetScaler.map { !network.loss.isClassification && $0.featureCount == network.outputSize } ?? true,
                     "A target scaler is a regression's, with one offset and scale per output.")
        self.network = network
        self.scaler = scaler
        self.targetScaler = targetScaler
        self.classNames = names
        self.featureNames = featureNames
        self.labelName = labelName
        self.trainingOptions = trainingOptions
        self.metrics = metrics
        if let encoder {
            precondition(encoder.featureNames == featureNames, "The encoder's output columns must be the model's feature names.")
        }
        self.encoder = encoder
    }

    /// Where the tensors of a network with these layer normalizations (one per layer, `nil`: none)
    /// are, by layer: each layer's `nn.Linear` and, if normalized, its `BatchNorm1d`/`LayerNorm`
    /// module prefix. A plain network's layers are an `nn.ModuleList` called `layers`
    /// (`layers.{l-1}`), as files have always named them; a normalized network's tensors are named
    /// as the positions of an `nn.Sequential` of Linear, normalization and activation modules
    /// (`0`, `1`, then `3` after the activation at `2`, …), so `load_state_dict` of that Sequential
    /// takes the file as it is.
    public static func modulePrefixes(normalizations: [Normalization?]) -> [(linear: String, normalization: String?)] {
        guard normalizations.contains(where: { $0 != nil }) else { return normalizations.indices.map { ("layers.\($0)", nil) } }
        var position = 0
        return normalizations.indices.map { index in
            let linear = "\(position)"
            position += 1
            var normalization: String?
            if normalizations[index] != nil {
                normalization = "\(position)"
                position += 1
            }
            if index < normalizations.count - 1 { position += 1 }  // the hidden layer's activation, which has no tensor
            return (linear, normalization)
        }
    }

    // MARK: Using the model

    /// Normalizes raw features (n_x, m) with the stored statistics, in `Double` as in training,
    /// then converts them to the model's precision.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func normalized(_ rawFeatures: Matrix<Double>) -> Matrix<Scalar> {
        precondition(rawFeatures.rows == network.inputSize, "The model expects \(network.inputSize) features, got \(rawFeatures.rows).")
        return scaler.transform(rawFeatures).converted(to: Scalar.self)
    }

    /// The network's outputs A[L] for raw (unnormalized) features (n_x, m): probabilities for a
    /// classifier (one row for sigmoid: P(class 1)), values for regression in the target's units
    /// (A[L] · scale + offset, in `Double`, with a `targetScaler`).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func outputs(forRaw rawFeatures: Matrix<Double>) -> Matrix<Scalar> {
        let outputs = network.outputs(normalized(rawFeatures))
        guard let targetScaler else { return outputs }
        return targetScaler.inverseTransform(outputs.converted(to: Double.self)).converted(to: Scalar.self)
    }

    /// Class probabilities (k, m) from outputs: a sigmoid's single row a becomes rows (1 − a, a);
    /// softmax outputs are returned as they are. Regression outputs are returned unchanged.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func classProbabilities(fromOutputs outputs: Matrix<Scalar>) -> Matrix<Scalar> {
        guard network.loss == .binaryCrossEntropy else { return outputs }
        return Matrix(rows: 2, columns: outputs.columns) { i, j in i == 0 ? 1 - outputs[0, j] : outputs[0, j] }
    }

    /// Predicted labels (1, m) for raw features: class indices (into `classNames`) or regression values.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func predict(raw rawFeatures: Matrix<Double>) -> Matrix<Scalar> {
        Network<Scalar>.labels(fromOutputs: outputs(forRaw: rawFeatures), loss: network.loss)
    }
}
