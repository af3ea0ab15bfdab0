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
