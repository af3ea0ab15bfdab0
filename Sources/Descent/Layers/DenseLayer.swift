/// One fully connected layer: `Z = W·A_prev + b`, optionally normalized `Z̃ = γ ⊙ ẑ + β` (batch or
/// layer normalization), `A = g(Z̃)`, then (in training only) inverted dropout
/// `A = A ⊙ D / keepProbability` with `D = (u < keepProbability)`, u uniform in [0, 1).
public struct DenseLayer<Scalar: DescentFloat>: Sendable, Equatable {
    /// W, shape (outputs, inputs).
    public var weights: Matrix<Scalar>
    /// b, shape (outputs, 1), broadcast over the columns of Z. Under batch normalization it is not
    /// learned and stays 0 (β takes its place; see `learnsBias`).
    public var bias: Matrix<Scalar>
    /// The activation g.
    public var activation: Activation
    /// The probability of keeping each unit under inverted dropout; 1 disables dropout. Applied only
    /// while training, never in prediction or evaluation.
    public var keepProbability: Double
    /// The layer's batch normalization, if it has one (never together with `layerNormalization`).
    public var batchNormalization: BatchNormalization<Scalar>?
    /// The layer's layer normalization, if it has one.
    public var layerNormalization: LayerNormalization<Scalar>?

    /// A layer with the given parameters, normalized by `normalization` if given (γ = 1, β = 0,
    /// running mean 0 and variance 1; under batch normalization `bias` must be 0).
    public init(weights: Matrix<Scalar>, bias: Matrix<Scalar>, activation: Activation, keepProbability: Double = 1,
                normalization: Normalization? = nil) {
        precondition(bias.rows == weights.rows && bias.columns == 1, "The bias of a layer with \(weights.rows) units must be \(weights.rows)×1.")
        precondition(keepProbability > 0 && keepProbability <= 1, "A keep probability must be in (0, 1].")
        self.weights = weights
        self.bias = bias
        self.activation = activation
        self.keepProbability = keepProbability
        switch normalization {
        case .batch(let momentum, let epsilon):
            precondition(bias.elements.allSatisfy { $0 == 0 }, "A batch-normalized layer has no bias (β replaces it): b must be 0.")
            batchNormalization = BatchNormalization(units: weights.rows, momentum: momentum, epsilon: epsilon)
        case .layer(let epsilon):
            layerNormalization = LayerNormalization(units: weights.rows, epsilon: epsilon)
        case nil:
            break
        }
    }

    /// n[l-1], the number of inputs.
    @inlinable
    public var inputSize: Int { weights.columns }
    /// n[l], the number of units.
    @inlinable
    public var outputSize: Int { weights.rows }
    /// True when dropout is active in training.
    @inlinable
    public var hasDropout: Bool { keepProbability < 1 }
    /// The normalization of Z, if any, with its momentum and ε.
    public var normalization: Normalization? {
        if let batchNormalization { return .batch(momentum: batchNormalization.momentum, epsilon: batchNormalization.epsilon) }
        if let layerNormalization { return .layer(epsilon: layerNormalization.epsilon) }
        return nil
    }
    /// True when Z is normalized before the activation.
    @inlinable
    public var isNormalized: Bool { batchNormalization != nil || layerNormalization != nil }
    /// False under batch normalization, which subtracts any shift of Z with the batch mean: the
    /// course drops b there, and so does PyTorch's `Linear(bias=False)` before `BatchNorm1d`.
    @inlinable
    public var learnsBias: Bool { batchNormalization == nil }
    /// The tensors the layer learns, in order: W, b (unless batch-normalized), then γ and β (if normalized).
    @inlinable
    public var parameterKinds: [ParameterID.Kind] {
        [.weight] + (learnsBias ? [.bias] : []) + (isNormalized ? [.gamma, .beta] : [])
    }

    /// γ (`.gamma`) or β (`.beta`) of the layer's normalization, W, or b, handed to `body` in place.
    @inlinable
    public mutating func withParameter<Result>(_ kind: ParameterID.Kind, _ body: (inout Matrix<Scalar>) -> Result) -> Result {
        switch kind {
        case .weight: return body(&weights)
        case .bias: return body(&bias)
        case .gamma:
            if batchNormalization != nil { return body(&batchNormalization!.gamma) }
            precondition(layerNormalization != nil, "The layer is not normalized: it has no γ.")
            return body(&layerNormalization!.gamma)
        case .beta:
            if batchNormalization != nil { return body(&batchNormalization!.beta) }
            precondition(layerNormalization != nil, "The layer is not normalized: it has no β.")
            return body(&layerNormalization!.beta)
        }
    }

    /// The tensor of `kind` (see `withParameter`).
    @inlinable
    public func parameter(_ kind: ParameterID.Kind) -> Matrix<Scalar> {
        switch kind {
        case .weight: return weights
        case .bias: return bias
        case .gamma: return batchNormalization?.gamma ?? layerNormalization!.gamma
        case .beta: return batchNormalization?.beta ?? layerNormalization!.beta
        }
    }
}
