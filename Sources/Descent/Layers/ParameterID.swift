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

extension ParameterID {
    /// The parameter at position `index` of the order W1, b1, W2, b2, … (the inverse of `index`):
    /// even positions are weights `W[index/2 + 1]`, odd positions biases.
    @inlinable
    public init(index: Int) {
        precondition(index >= 0, "Parameter positions start at 0.")
        self.init(layer: index / 2 + 1, kind: index % 2 == 0 ? .weight : .bias)
    }

    /// Parses `"W1"`, `"b12"`, … (the inverse of `description`); `nil` for anything else.
    public init?(_ text: String) {
        guard let first = text.first, let kind = Kind(rawValue: String(first)),
              let layer = Int(text.dropFirst()), layer >= 1,
              text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.init(layer: layer, kind: kind)
    }
}
