/// Reusable buffers for forward and backward passes: per layer the pre-activation Z[l], the
/// activation A[l] (after dropout while training), the dropout mask D[l], the error dZ[l], and the
/// gradients dW1, db1, dW2, db2, … in the course's order.
///
/// A workspace is sized on first use and resized in place when the batch size changes (the last,
/// smaller mini-batch), keeping its storage, so steady-state training steps allocate nothing.
public struct Workspace<Scalar: DescentFloat>: Sendable {
    /// Z[l] for l = 1…L (index l − 1).
    public var preActivations: [Matrix<Scalar>]
    /// A[l] for l = 1…L (index l − 1); the last one is the network's output.
    public var activations: [Matrix<Scalar>]
    /// D[l], 0/1 dropout masks of the last training forward pass (empty for layers without dropout).
    public var masks: [Matrix<Scalar>]
    /// dZ[l] of the last backward pass (index l − 1).
    public var errors: [Matrix<Scalar>]
    /// dW1, db1, dW2, db2, … of the last backward pass (index `ParameterID.index`).
    public var gradients: [Matrix<Scalar>]

    /// An empty workspace for a network of `depth` layers.
    public init(depth: Int) {
        let empty = [Matrix<Scalar>](repeating: Matrix(rows: 0, columns: 0), count: depth)
        preActivations = empty
        activations = empty
        masks = empty
        errors = empty
        gradients = empty + empty
    }

    /// The output A[L] of the last forward pass.
    public var output: Matrix<Scalar> { activations[activations.count - 1] }
    /// The output pre-activation Z[L] (logits) of the last forward pass.
    public var logits: Matrix<Scalar> { preActivations[preActivations.count - 1] }

    /// The gradient of the parameter named by `id`.
    public func gradient(_ id: ParameterID) -> Matrix<Scalar> { gradients[id.index] }
}
