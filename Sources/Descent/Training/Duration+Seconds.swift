extension Duration {
    /// The duration in seconds as a `Double` (seconds + attoseconds · 10⁻¹⁸).
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
