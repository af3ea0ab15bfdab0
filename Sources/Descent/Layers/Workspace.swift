/// Reusable buffers for forward and backward passes: per layer the pre-activation Z[l], the
/// activation A[l] (after dropout while training), the dropout mask D[l], the error dZ[l], a
/// normalized layer's buffers, and the gradients dW1, db1, dγ1, dβ1, dW2, … by `ParameterID.index`.
///
/// A workspace is sized on first use and resized in place when the batch size changes (the last,
/// smaller mini-batch), keeping its storage, so steady-state training steps allocate nothing.
public struct Workspace<Scalar: DescentFloat>: Sendable {
    /// The activation's input for l = 1…L (index l − 1): Z[l] = W[l]·A[l-1] + b[l], or, for a
    /// normalized layer, Z̃[l] = γ ⊙ ẑ + β.
    public var preActivations: [Matrix<Scalar>]
    /// A[l] for l = 1…L (index l − 1); the last one is the network's output.
    public var activations: [Matrix<Scalar>]
    /// D[l], 0/1 dropout masks of the last training forward pass (empty for layers without dropout).
    public var masks: [Matrix<Scalar>]
    /// dZ[l] of the last backward pass (index l − 1): for a normalized layer the error of Z̃[l].
    public var errors: [Matrix<Scalar>]
    /// dW1, db1, dγ1, dβ1, dW2, … of the last backward pass (index `ParameterID.index`; empty
    /// where the network has no such tensor).
    public var gradients: [Matrix<Scalar>]
    /// A normalized layer's buffers (empty for the others): Z before normalization, ẑ, 1/√(σ² + ε)
    /// and, under batch normalization in training, the batch's μ and σ² (units × 2).
    public var linear: [Matrix<Scalar>], normalized: [Matrix<Scalar>], inverseDeviations: [Matrix<Scalar>], batchStatistics: [Matrix<Scalar>]
    /// A normalized layer's error of Z (before normalization), from the last backward pass.
    public var normalizationErrors: [Matrix<Scalar>]
    /// Scratch for layer normalization's backward pass (2 × m).
    public var columnSums: Matrix<Scalar>
    /// Whether the last forward pass was a training pass (batch statistics, dropout): what
    /// `Network.backward` differentiates.
    public var holdsTrainingPass = false

    /// An empty workspace for a network of `depth` layers.
    public init(depth: Int) {
        let empty = [Matrix<Scalar>](repeating: Matrix(rows: 0, columns: 0), count: depth)
        preActivations = empty
        activations = empty
        masks = empty
        errors = empty
        gradients = [Matrix<Scalar>](repeating: Matrix(rows: 0, columns: 0), count: ParameterID.perLayer * depth)
        linear = empty
        normalized = empty
        inverseDeviations = empty
        batchStatistics = empty
        normalizationErrors = empty
        columnSums = Matrix(rows: 0, columns: 0)
    }

    /// The output A[L] of the last forward pass.
    public var output: Matrix<Scalar> { activations[activations.count - 1] }
    /// The output pre-activation Z[L] (logits) of the last forward pass.
    public var logits: Matrix<Scalar> { preActivations[preActivations.count - 1] }

    /// The gradient of the parameter named by `id`.
    public func gradient(_ id: ParameterID) -> Matrix<Scalar> { gradients[id.index] }
}
