/// How a hidden layer normalizes its pre-activations Z before the activation (course 2, week 3):
/// over the mini-batch per unit (`batch`, PyTorch's `BatchNorm1d`) or over the layer's units per
/// example (`layer`, PyTorch's `LayerNorm`), then scaled by a learned γ and shifted by a learned β.
public enum Normalization: Sendable, Equatable, Codable {
    /// Batch normalization: batch statistics in training, running averages (updated with weight
    /// `momentum`) at inference; the layer's bias b is dropped, as β takes its place.
    case batch(momentum: Double, epsilon: Double)
    /// Layer normalization: the same computation in training and at inference; b is kept.
    case layer(epsilon: Double)

    /// PyTorch's defaults: momentum 0.1, ε 1e-5.
    public static var batch: Normalization { .batch(momentum: defaultMomentum, epsilon: defaultEpsilon) }
    /// PyTorch's default ε 1e-5.
    public static var layer: Normalization { .layer(epsilon: defaultEpsilon) }
    /// The running statistics' momentum 0.1, PyTorch's (Keras writes 1 − momentum, 0.99).
    public static var defaultMomentum: Double { 0.1 }
    /// ε = 1e-5, PyTorch's (Keras uses 1e-3).
    public static var defaultEpsilon: Double { 1e-5 }

    /// `"batch"` or `"layer"`.
    public var name: String {
        switch self {
        case .batch: "batch"
        case .layer: "layer"
        }
    }

    /// The normalization's ε.
    public var epsilon: Double {
        switch self {
        case .batch(_, let epsilon), .layer(let epsilon): epsilon
        }
    }
}
