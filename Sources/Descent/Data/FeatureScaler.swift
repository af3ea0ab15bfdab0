/// Input normalization fitted on the training set and applied unchanged to dev, test and
/// prediction data, as the course teaches: `x' = (x − offset) / scale`, per feature (row).
///
/// - `standard`: offset = mean, scale = standard deviation (population, as scikit-learn's
///   `StandardScaler`); a constant feature gets scale 1.
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
    @inlinable
    public init<Scalar: DescentFloat>(method: Method, fittedOn features: Matrix<Scalar>) {
        let n = features.rows, m = features.columns
        var offsets = [Double](repeating: 0, count: n), scales = [Double](repeating: 1, count: n)
        if method != .none && m > 0 {
            features.elements.withUnsafeBufferPointer { elements in
                for i in 0..<n {
                    let row = UnsafeBufferPointer(rebasing: elements[(i * m)..<((i + 1) * m)])
                    switch method {
                    case .standard:
                        var sum = 0.0
                        for value in row { sum += Double(value) }
                        let mean = sum / Double(m)
                        var squares = 0.0
                        for value in row {
                            let deviation = Double(value) - mean
                            squares += deviation * deviation
                        }
                        let variance = squares / Double(m)
                        offsets[i] = mean
                        scales[i] = variance > 0 ? variance.squareRoot() : 1
                    case .minMax:
                        var low = Double(row[0]), high = low
                        for value in row {
                            low = Swift.min(low, Double(value))
                            high = Swift.max(high, Double(value))
                        }
                        offsets[i] = low
                        scales[i] = high > low ? high - low : 1
                    case .none:
                        break
                    }
                }
            }
        }
        self.init(method: method, offsets: offsets, scales: scales)
    }

    /// The number of features this scaler was fitted on.
    public var featureCount: Int { offsets.count }

    /// `(x − offset) / scale` per feature; in place when the caller hands over its only copy.
    @inlinable
    public func transform<Scalar: DescentFloat>(_ features: consuming Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(features.rows == featureCount, "The scaler was fitted on \(featureCount) features, got \(features.rows).")
        if method == .none { return features }
        return mapRows(features) { value, i in (value - offsets[i]) / scales[i] }
    }

    /// `x' · scale + offset` per feature: the inverse of `transform`.
    @inlinable
    public func inverseTransform<Scalar: DescentFloat>(_ features: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(features.rows == featureCount, "The scaler was fitted on \(featureCount) features, got \(features.rows).")
        if method == .none { return features }
        return mapRows(features) { value, i in value * scales[i] + offsets[i] }
    }

    /// The dataset with its features transformed.
    /// `transform(x, i)` applied in `Double` to every element of feature row `i`.
    @inlinable
    func mapRows<Scalar: DescentFloat>(_ features: consuming Matrix<Scalar>, _ transform: (Double, Int) -> Double) -> Matrix<Scalar> {
        let m = features.columns, n = features.rows
        var result = consume features
        result.elements.withUnsafeMutableBufferPointer { elements in
            for i in 0..<n {
                for j in (i * m)..<((i + 1) * m) { elements[j] = Scalar(transform(Double(elements[j]), i)) }
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
