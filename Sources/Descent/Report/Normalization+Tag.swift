extension Normalization {
    /// The tag a chart puts on a normalized layer's label (the report's per-layer charts, the
    /// playground's bars): `BN` for batch normalization, `LN` for layer normalization.
    public var tag: String {
        switch self {
        case .batch: "BN"
        case .layer: "LN"
        }
    }
}
