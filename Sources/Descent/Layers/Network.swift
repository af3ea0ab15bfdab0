/// A deep fully connected network: LINEAR → (normalization) → g → … → LINEAR → output activation,
/// trained on a loss.
///
/// Layers are numbered from 1 as in the course; `layers[l - 1]` holds W[l], b[l] (and γ[l], β[l]
/// when the layer is normalized). The output
/// activation is fixed by the loss (sigmoid for binary cross-entropy, softmax for categorical
/// cross-entropy, linear for mean squared error).
public struct Network<Scalar: DescentFloat>: Sendable, Equatable {
    /// The layers, input side first.
    public var layers: [DenseLayer<Scalar>]
    /// The loss the network is trained on.
    public var loss: Loss

    /// A network from explicit layers; the last layer's activation must match `loss`.
    public init(layers: [DenseLayer<Scalar>], loss: Loss) {
        precondition(!layers.isEmpty, "A network needs at least one layer.")
        for (previous, next) in zip(layers, layers.dropFirst()) {
            precondition(previous.outputSize == next.inputSize,
                         "Layer sizes must chain: \(previous.outputSize) outputs feed \(next.inputSize) inputs.")
        }
        precondition(layers.last!.activation == loss.outputActivation,
                     "The \(loss.rawValue) loss needs a \(loss.outputActivation.rawValue) output layer.")
        precondition(!layers.last!.hasDropout, "The output layer cannot use dropout.")
        precondition(!layers.last!.isNormalized, "The output layer is not normalized (its Z are the logits).")
        for layer in layers {
            precondition(!(layer.batchNormalization != nil && layer.layerNormalization != nil), "A layer has one normalization at most.")
            precondition((layer.batchNormalization?.units ?? layer.outputSize) == layer.outputSize
                && (layer.layerNormalization?.units ?? layer.outputSize) == layer.outputSize, "A normalization has one γ per unit of its layer.")
        }
        self.layers = layers
        self.loss = loss
    }

    /// A freshly initialized network with layer sizes `[n_x, n1, …, n_L]`.
    ///
    /// Weights are drawn by `initializer` from `random`, layer after layer (the course's single
    /// stream); biases are zero. Hidden layers use `hiddenActivation` and dropout with
    /// `keepProbability`, and normalize their Z with `normalization` (every hidden layer, or those
    /// numbered in `normalizedLayers`; it draws nothing, so the weights are the same without it);
    /// the output layer uses the loss's activation and never drops units.
    public init<R: RandomSource>(
        layerSizes: [Int], hiddenActivation: Activation = .relu, loss: Loss = .binaryCrossEntropy,
        initializer: Initializer = .he, keepProbability: Double = 1, normalization: Normalization? = nil,
        normalizedLayers: Set<Int>? = nil, using random: inout R
    ) {
        precondition(layerSizes.count >= 2, "A network needs an input size and at least one layer size.")
        precondition(layerSizes.allSatisfy { $0 > 0 }, "Every layer size must be positive.")
        precondition(hiddenActivation != .softmax, "Softmax is an output activation only.")
        var layers = [DenseLayer<Scalar>]()
        for l in 1..<layerSizes.count {
            let isOutput = l == layerSizes.count - 1
            let weights: Matrix<Scalar> = initializer.weights(fanIn: layerSizes[l - 1], fanOut: layerSizes[l], using: &random)
            layers.append(DenseLayer(
                weights: weights, bias: Matrix(rows: layerSizes[l], columns: 1),
                activation: isOutput ? loss.outputActivation : hiddenActivation,
                keepProbability: isOutput ? 1 : keepProbability,
                normalization: isOutput || !(normalizedLayers?.contains(l) ?? true) ? nil : normalization))
        }
        self.init(layers: layers, loss: loss)
    }

    /// `[n_x, n1, …, n_L]`.
    @inlinable
    public var layerSizes: [Int] { [layers[0].inputSize] + layers.map(\.outputSize) }
    /// L, the number of layers with parameters.
    @inlinable
    public var depth: Int { layers.count }
    /// The number of input features n_x.
    @inlinable
    public var inputSize: Int { layers[0].inputSize }
    /// The number of output units n_L.
    @inlinable
    public var outputSize: Int { layers[layers.count - 1].outputSize }
    /// The number of classes a classifier distinguishes: 2 for one sigmoid output (binary
    /// cross-entropy), n_L otherwise (softmax).
    public var classCount: Int { loss == .binaryCrossEntropy ? 2 : outputSize }
    /// The total number of trainable values (W, b, γ and β; not the running statistics).
    public var parameterCount: Int { parameterIDs.reduce(0) { $0 + self[$1].count } }
    /// True when any layer uses dropout in training.
    @inlinable
    public var hasDropout: Bool { layers.contains { $0.hasDropout } }

    /// The identifiers of the tensors the network learns, layer by layer: W1, b1, W2, b2, … in the
    /// course's order, with γ[l], β[l] after a normalized layer's weights (and no b[l] under batch
    /// normalization).
    @inlinable
    public var parameterIDs: [ParameterID] {
        layers.indices.flatMap { i in layers[i].parameterKinds.map { ParameterID(layer: i + 1, kind: $0) } }
    }

    /// True when any hidden layer is normalized.
    public var isNormalized: Bool { layers.contains { $0.isNormalized } }
    /// True when any layer keeps running batch statistics (training and inference differ).
    public var hasBatchNormalization: Bool { layers.contains { $0.batchNormalization != nil } }

    /// The parameter tensor named by `id`.
    public subscript(id: ParameterID) -> Matrix<Scalar> {
        get { layers[id.layer - 1].parameter(id.kind) }
        set {
            layers[id.layer - 1].withParameter(id.kind) { old in
                precondition(old.rows == newValue.rows && old.columns == newValue.columns, "\(id) must keep its shape \(old.rows)×\(old.columns).")
                old = newValue
            }
        }
    }

    /// The weights W1 … WL (for regularization).
    public var weights: [Matrix<Scalar>] { layers.map(\.weights) }

    /// Sets every hidden layer's keep probability (1 disables dropout).
    public mutating func setKeepProbability(_ keepProbability: Double) {
        precondition(keepProbability > 0 && keepProbability <= 1, "A keep probability must be in (0, 1].")
        for l in 0..<(layers.count - 1) { layers[l].keepProbability = keepProbability }
    }

    /// True when every parameter is finite.
    @inlinable
    public var isFinite: Bool {
        layers.allSatisfy { layer in
            layer.weights.isFinite && layer.bias.isFinite && (layer.batchNormalization?.isFinite ?? true) && (layer.layerNormalization?.isFinite ?? true)
        }
    }

    /// The same network in another precision.
    @inlinable
    public func converted<Other: DescentFloat>(to _: Other.Type = Other.self) -> Network<Other> {
        Network<Other>(layers: layers.map {
            var layer = DenseLayer<Other>(weights: $0.weights.converted(), bias: $0.bias.converted(), activation: $0.activation,
                                          keepProbability: $0.keepProbability)
            layer.batchNormalization = $0.batchNormalization?.converted()
            layer.layerNormalization = $0.layerNormalization?.converted()
            return layer
        }, loss: loss)
    }
}
