/// One fully connected layer: `Z = W·A_prev + b`, `A = g(Z)`, then (in training only) inverted
/// dropout `A = A ⊙ D / keepProbability` with `D = (u < keepProbability)`, u uniform in [0, 1).
public struct DenseLayer<Scalar: DescentFloat>: Sendable, Equatable {
    /// W, shape (outputs, inputs).
    public var weights: Matrix<Scalar>
    /// b, shape (outputs, 1), broadcast over the columns of Z.
    public var bias: Matrix<Scalar>
    /// The activation g.
    public var activation: Activation
    /// The probability of keeping each unit under inverted dropout; 1 disables dropout. Applied only
    /// while training, never in prediction or evaluation.
    public var keepProbability: Double

    /// A layer with the given parameters.
    public init(weights: Matrix<Scalar>, bias: Matrix<Scalar>, activation: Activation, keepProbability: Double = 1) {
        precondition(bias.rows == weights.rows && bias.columns == 1, "The bias of a layer with \(weights.rows) units must be \(weights.rows)×1.")
        precondition(keepProbability > 0 && keepProbability <= 1, "A keep probability must be in (0, 1].")
        self.weights = weights
        self.bias = bias
        self.activation = activation
        self.keepProbability = keepProbability
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
}
