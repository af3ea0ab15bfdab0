/// Identifies one parameter tensor of a network: `W1`, `b1`, `W2`, …
///
/// Parameters are ordered W1, b1, W2, b2, … (the course's flattening order); `index` is the
/// position in that order, so optimizers can keep per-tensor state in an array.
public struct ParameterID: Hashable, Sendable, CustomStringConvertible {
    /// Weights `W[l]` or biases `b[l]`.
    public enum Kind: String, Sendable { case weight = "W", bias = "b" }
    /// The 1-based layer number l.
    public var layer: Int
    /// Weight or bias.
    public var kind: Kind

    /// The parameter `kind` of layer `layer` (1-based, as the course numbers layers).
    public init(layer: Int, kind: Kind) {
        precondition(layer >= 1, "Layers are numbered from 1.")
        self.layer = layer
        self.kind = kind
    }

    /// Position in the order W1, b1, W2, b2, …: `2(l-1)` for W[l], `2(l-1)+1` for b[l].
    public var index: Int { 2 * (layer - 1) + (kind == .bias ? 1 : 0) }
    /// `"W1"`, `"b1"`, …
    public var description: String { "\(kind.rawValue)\(layer)" }
}

/// An optimizer: one small state type per tensor and one update rule.
///
/// A training step calls `beginStep()` once, then `update(_:gradient:id:learningRate:)` for every
/// parameter tensor in the order W1, b1, W2, b2, …. Per-tensor state (velocities, moments) is
/// created at the first update of each tensor, sized like the parameter, and reused afterwards, so a
/// steady-state step allocates nothing.
public protocol Optimizer<Scalar>: Sendable {
    /// The precision of the parameters.
    associatedtype Scalar: DescentFloat
    /// Starts a new update step (Adam's `t += 1`): called once before the tensors of a step are updated.
    mutating func beginStep()
    /// Updates `parameter` in place from its `gradient` with the step size `learningRate`.
    mutating func update(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, id: ParameterID, learningRate: Scalar)
}
