/// Input normalization fitted on the training set and applied unchanged to dev, test and
/// prediction data, as the course teaches: `x' = (x − offset) / scale`, per feature (row).
///
/// - `standard`: offset = mean, scale = standard deviation (population, as scikit-learn's
///   `StandardScaler`; both summed pairwise, as numpy sums); a constant feature gets scale 1.
/// - `minMax`: offset = minimum, scale = maximum − minimum (1 for a constant feature), mapping the
///   training range to [0, 1].
/// - `none`: the identity.
public struct FeatureScaler: Sendable, Equatable, Codable {
    /// The normalization method.
    public enum Method: String, Sendable, CaseIterable, Codable {
        case standard
        case minMax = "minmax"
        case none
    }

    /// The method fitted.
    public var method: Method
    /// Per-feature offsets subtracted.
    public var offsets: [Double]
    /// Per-feature divisors.
    public var scales: [Double]

    /// A scaler with explicit statistics.
    public init(method: Method, offsets: [Double], scales: [Double]) {
        precondition(offsets.count == scales.count, "A scaler needs one offset and one scale per feature.")
        precondition(scales.allSatisfy { $0 != 0 && $0.isFinite }, "Scales must be finite and non-zero.")
        self.method = method
        self.offsets = offsets
        self.scales = scales
    }

    /// Fits `method` on `features` (features × examples).
    ///
    /// Huge values are fitted too: when a feature's sum or squares overflow, its mean and standard
    /// deviation are computed on the values divided by the largest magnitude and scaled back. A
    /// feature whose values span more than the largest `Double` (about ±1.8e308) cannot be
    /// normalized: its scale is +∞ (`unusableFeature` finds it).
    @inlinable
    public init<Scalar: DescentFloat>(method: Method, fittedOn features: Matrix<Scalar>) {
        let n = features.rows, m = features.columns
        var offsets = [Double](repeating: 0, count: n), scales = [Double](repeating: 1, count: n)
        if method != .none && m > 0 {
            // Each feature's statistics from its own row alone: the rows on every core for a large matrix.
            let statistics = features.elements.withUnsafeBufferPointer { elements in
                let shared = UnsafeSendable(elements)
                return ParallelLoop.map(count: n, work: n * m) { i in
                    Self.statistics(method: method, row: UnsafeBufferPointer(rebasing: shared.value[(i * m)..<((i + 1) * m)]))
                }
            }
            offsets = statistics.map(\.offset)
            scales = statistics.map(\.scale)
        }
        self.method = method
        self.offsets = offsets
        self.scales = scales
    }

    /// `method`'s offset and scale for one feature's values `row` (not empty).
    @inlinable
    static func statistics<Scalar: DescentFloat>(method: Method, row: UnsafeBufferPointer<Scalar>) -> (offset: Double, scale: Double) {
        let m = row.count
        switch method {
        case .standard:
            // numpy's pairwise sums (`np.mean`, `np.std`): eight running sums at a time, not one
            // chain of additions waiting on each other, and a rounding error growing as log m, not m.
            var mean = PairwiseSum.sum(count: m) { Double(row[$0]) } / Double(m)
            let squares = PairwiseSum.sum(count: m) { j -> Double in
                let deviation = Double(row[j]) - mean
                return deviation * deviation
            }
            var deviation = (squares / Double(m)).squareRoot()
            if !mean.isFinite || !deviation.isFinite {
                let values = row.lazy.map { Double($0) }
                (mean, deviation) = Self.moments(ofHuge: values)
                // x − mean itself overflows when the values span more than the largest Double.
                if !(values.max()! - values.min()!).isFinite { deviation = .infinity }
            }
            return (mean, deviation > 0 ? deviation : 1)
        case .minMax:
            var low = Double(row[0]), high = low
            for value in row {
                low = Swift.min(low, Double(value))
                high = Swift.max(high, Double(value))
            }
            return (low, high > low ? high - low : 1)
        case .none:
            return (0, 1)
        }
    }

    /// The mean and population standard deviation of `values` (finite, not empty) computed as those
    /// of `x / M` times `M`, `M` the largest magnitude: for values whose sum or squares overflow.
    @usableFromInline
    static func moments<Values: Collection>(ofHuge values: Values) -> (mean: Double, deviation: Double) where Values.Element == Double {
        let largest = values.reduce(0) { Swift.max($0, abs($1)) }
        guard largest > 0 else { return (0, 0) }
        let count = Double(values.count)
        var sum = 0.0
        for value in values { sum += value / largest }
        let mean = sum / count
        var squares = 0.0
        for value in values {
            let deviation = value / largest - mean
            squares += deviation * deviation
        }
        return (mean * largest, (squares / count).squareRoot() * largest)
    }

    /// The first feature this scaler cannot normalize (its values span more than the largest
    /// `Double`, so its scale is +∞), or `nil`.
    public var unusableFeature: Int? { scales.firstIndex { !$0.isFinite } }

    /// The number of features this scaler was fitted on.
    public var featureCount: Int { offsets.count }

    /// `(x − offset) / scale` per feature; in place when the caller hands over its only copy.
    @inlinable
    public func transform<Scalar: DescentFloat>(_ features: consuming Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(features.rows == featureCount, "The scaler was fitted on \(featureCount) features, got \(features.rows).")
        if method == .none { return features }
        return mapRows(features, inverse: false)
    }

    /// `x' · scale + offset` per feature: the inverse of `transform`.
    @inlinable
    public func inverseTransform<Scalar: DescentFloat>(_ features: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(features.rows == featureCount, "The scaler was fitted on \(featureCount) features, got \(features.rows).")
        if method == .none { return features }
        return mapRows(features, inverse: true)
    }

    /// `(x − offset) / scale` (or, `inverse`, `x · scale + offset`) computed in `Double` for every
    /// element of each feature row, in place when the caller hands over its only copy.
    @inlinable
    func mapRows<Scalar: DescentFloat>(_ features: consuming Matrix<Scalar>, inverse: Bool) -> Matrix<Scalar> {
        let m = features.columns, n = features.rows
        let offsets = offsets, scales = scales
        var result = consume features
        result.elements.withUnsafeMutableBufferPointer { elements in
            // Each row written by one item alone: the rows on every core for a large matrix.
            let shared = UnsafeSendable(elements)
            _ = ParallelLoop.map(count: n, work: n * m) { i in
                let row = UnsafeMutableBufferPointer(rebasing: shared.value[(i * m)..<((i + 1) * m)])
                let offset = offsets[i], scale = scales[i]
                if inverse {
                    for j in row.indices { row[j] = Scalar(Double(row[j]) * scale + offset) }
                } else {
                    for j in row.indices { row[j] = Scalar((Double(row[j]) - offset) / scale) }
                }
            }
        }
        return result
    }

    /// The dataset with its features transformed (in place when the caller hands over its only copy).
    @inlinable
    public func transform<Scalar: DescentFloat>(_ data: consuming Dataset<Scalar>) -> Dataset<Scalar> {
        var data = data
        // Take the features out so that they are the only reference to their storage.
        var features = Matrix<Scalar>(rows: 0, columns: 0)
        swap(&features, &data.features)
        data.features = transform(consume features)
        return data
    }
}
