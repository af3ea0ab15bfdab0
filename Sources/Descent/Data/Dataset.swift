/// Examples and their labels in the course's layout.
///
/// `features` is (n_x, m): one example per column. `labels` is (1, m): 0/1 for binary
/// classification, the class index 0..<k for multi-class classification, or (outputs, m) targets
/// for regression.
public struct Dataset<Scalar: DescentFloat>: Sendable, Equatable {
    /// The inputs X, shape (features, examples).
    public var features: Matrix<Scalar>
    /// The labels Y, shape (1, examples) for classification.
    public var labels: Matrix<Scalar>

    /// A dataset; `features` and `labels` must have the same number of columns.
    public init(features: Matrix<Scalar>, labels: Matrix<Scalar>) {
        precondition(features.columns == labels.columns,
                     "Features and labels need one column per example: \(features.columns) vs \(labels.columns).")
        self.features = features
        self.labels = labels
    }

    /// The number of examples m.
    public var count: Int { features.columns }
    /// The number of input features n_x.
    public var featureCount: Int { features.rows }

    /// The examples at `indices` (in that order), features and labels kept paired.
    public func selecting(columns indices: [Int]) -> Dataset {
        var selectedFeatures = Matrix<Scalar>(rows: 0, columns: 0), selectedLabels = Matrix<Scalar>(rows: 0, columns: 0)
        features.gatherColumns(indices[...], into: &selectedFeatures)
        labels.gatherColumns(indices[...], into: &selectedLabels)
        return Dataset(features: selectedFeatures, labels: selectedLabels)
    }

    /// The same data in another precision.
    public func converted<Other: DescentFloat>(to _: Other.Type = Other.self) -> Dataset<Other> {
        Dataset<Other>(features: features.converted(), labels: labels.converted())
    }
}
