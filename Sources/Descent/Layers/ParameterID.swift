/// Identifies one parameter tensor of a network: `W1`, `b1`, `gamma1`, `beta1`, `W2`, …
///
/// Parameters are ordered layer by layer, W[l], b[l], then γ[l] and β[l] when the layer is
/// normalized (the course's flattening order for a plain network: W1, b1, W2, b2, …). `index` gives
/// every possible tensor of layer l a fixed position, `4(l−1) + k`, so optimizers and workspaces
/// keep per-tensor state in an array; a network holds only the tensors it has (`parameterIDs`).
public struct ParameterID: Hashable, Sendable, CustomStringConvertible {
    /// Weights `W[l]`, biases `b[l]`, and a normalization's scale `γ[l]` and shift `β[l]`.
    public enum Kind: String, Sendable, CaseIterable {
        case weight = "W", bias = "b", gamma, beta

        /// k in `index = 4(l−1) + k`.
        @inlinable
        var offset: Int {
            switch self {
            case .weight: 0
            case .bias: 1
            case .gamma: 2
            case .beta: 3
            }
        }
    }
    /// The 1-based layer number l.
    public var layer: Int
    /// Which of the layer's tensors.
    public var kind: Kind

    /// The parameter `kind` of layer `layer` (1-based, as the course numbers layers).
    @inlinable
    public init(layer: Int, kind: Kind) {
        precondition(layer >= 1, "Layers are numbered from 1.")
        self.layer = layer
        self.kind = kind
    }

    /// The tensors a layer can hold (`kind.offset` spans `0..<perLayer`).
    public static var perLayer: Int { 4 }

    /// Position `4(l−1) + k`: W[l] at k = 0, b[l] at 1, γ[l] at 2, β[l] at 3.
    @inlinable
    public var index: Int { Self.perLayer * (layer - 1) + kind.offset }
    /// `"W1"`, `"b1"`, `"gamma1"`, `"beta1"`, …
    public var description: String { "\(kind.rawValue)\(layer)" }
}

extension ParameterID {
    /// The parameter at position `index` (the inverse of `index`).
    @inlinable
    public init(index: Int) {
        precondition(index >= 0, "Parameter positions start at 0.")
        self.init(layer: index / Self.perLayer + 1, kind: Kind.allCases[index % Self.perLayer])
    }

    /// Parses `"W1"`, `"b12"`, `"gamma2"`, … (the inverse of `description`); `nil` for anything else.
    public init?(_ text: String) {
        for kind in Kind.allCases where text.hasPrefix(kind.rawValue) {
            let digits = text.dropFirst(kind.rawValue.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let layer = Int(digits), layer >= 1 else { continue }
            self.init(layer: layer, kind: kind)
            return
        }
        return nil
    }
}
