/// What a user checks before training on a table: its size, the label's classes and their counts
/// (or the regression target's range), and each feature's range, mean and spread, with the
/// constant features picked out (they carry no information and standardize to 0).
///
/// ```swift
/// let table = try CSVTable<Double>(contentsOf: URL(fileURLWithPath: "train.csv"))
/// let description = DataDescription(table)
/// description.classes        // [("0", 5923), ("1", 6742), …]
/// description.constantFeatures   // ["pixel0", "pixel1", …]
/// ```
public struct DataDescription: Sendable {
    /// One column's summary over its finite values: minimum, maximum, mean `μ = Σx/m` and population
    /// standard deviation `σ = √(Σ(x − μ)²/m)` (what `--normalize standard` divides by); NaN when the
    /// column has no finite value.
    public struct ColumnSummary: Sendable, Equatable {
        public var name: String
        public var minimum: Double
        public var maximum: Double
        public var mean: Double
        public var standardDeviation: Double
        /// Every value is the same.
        public var isConstant: Bool { minimum == maximum }

        /// The summary of the finite elements of `values`.
        public init<Values: Collection>(name: String, values: Values) where Values.Element == Double {
            var low = Double.infinity, high = -Double.infinity, sum = 0.0, count = 0
            for value in values where value.isFinite {
                low = min(low, value)
                high = max(high, value)
                sum += value
                count += 1
            }
            self.name = name
            guard count > 0 else {
                (minimum, maximum, mean, standardDeviation) = (.nan, .nan, .nan, .nan)
                return
            }
            var mean = sum / Double(count)
            var squares = 0.0
            for value in values where value.isFinite { squares += (value - mean) * (value - mean) }
            var deviation = (squares / Double(count)).squareRoot()
            if !mean.isFinite || !deviation.isFinite {
                (mean, deviation) = FeatureScaler.moments(ofHuge: values.lazy.filter { $0.isFinite })
            }
            minimum = low
            maximum = high
            self.mean = mean
            standardDeviation = deviation
        }
    }

    /// The number of examples (data rows).
    public var rows: Int
    /// The label column's name.
    public var labelName: String
    /// Class names and how many examples carry each, in class-index order (`nil` for regression).
    public var classes: [(name: String, count: Int)]?
    /// The regression target's summary (`nil` for classification).
    public var target: ColumnSummary?
    /// Every feature's summary, in column order.
    public var features: [ColumnSummary]
    /// The missing cells per feature (a table read as it comes, `CSVLoadingOptions.InvalidCells.tabular`).
    public var missingCells: [CSVMissingCells]
    /// The features holding text (read as it comes): how many distinct texts, and the first one's place.
    public var textColumns: [(name: String, distinct: Int, firstLine: Int, firstValue: String)]
    /// The examples whose label is missing (read as it comes); they are not counted in `classes`.
    public var missingLabels: CSVMissingCells?

    /// The names of the features whose values are all equal.
    public var constantFeatures: [String] { features.filter(\.isConstant).map(\.name) }

    /// Describes a loaded table.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public init<Scalar: DescentFloat>(_ table: CSVTable<Scalar>) {
        let m = table.count
        rows = m
        labelName = table.labelName
        let labels = table.labels.elements.map { Double($0) }
        if let classNames = table.classNames {
            var counts = [Int](repeating: 0, count: classNames.count)
            for label in labels where !label.isNaN { counts[Int(label)] += 1 }
            classes = Array(zip(classNames, counts)).map { (name: $0.0, count: $0.1) }
            target = nil
        } else {
            classes = nil
            target = m > 0 ? ColumnSummary(name: table.labelName, values: labels) : nil
        }
        missingCells = table.missingCells
        missingLabels = table.missingLabels
        textColumns = table.textColumns.sorted { $0.key < $1.key }.map { feature, column in
            (table.featureNames[feature], column.vocabulary.count, column.firstLine, column.vocabulary.first ?? "")
        }
        // Each column's summary from its own values alone: the columns on every core for a large table.
        let names = table.featureNames
        features = m == 0 ? [] : table.features.elements.withUnsafeBufferPointer { elements in
            let shared = UnsafeSendable(elements)
            return ParallelLoop.map(count: names.count, work: names.count * m) { index in
                ColumnSummary(name: names[index], values: shared.value[(index * m)..<((index + 1) * m)].lazy.map { Double($0) })
            }
        }
    }
}
