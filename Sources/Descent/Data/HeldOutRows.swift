/// The rows a run trains on and the rows it holds out, as `PreparedData` splits a file: first
/// `testFraction` of the rows as the test split, then `devFraction` of those left as the dev split,
/// each stratified by class when classifying, drawn from `NumpyRandom(seed:)`. `describe` uses the
/// same split, so the fill values it shows are those `train` learns on its training rows.
struct HeldOutRows {
    /// The training rows (`nil`: every row).
    var train: [Int]?
    /// The dev and test rows (`nil`: no such split).
    var dev: [Int]?
    var test: [Int]?
    /// A held-out split that misses a class (its accuracy leaves it out).
    var warnings: [DataPreparationIssue] = []

    /// Splits the `labels.columns` examples of `fileName`; throws when a fraction leaves no example.
    init<Scalar: DescentFloat>(
        labels: Matrix<Scalar>, testFraction: Double?, devFraction: Double?, seed: UInt32, classNames: [String]?, classifying: Bool,
        fileName: String
    ) throws(DataPreparationIssue) {
        let m = labels.columns
        let labelsOnly = Dataset(features: Matrix<Scalar>(rows: 0, columns: m), labels: labels)
        var random = NumpyRandom(seed: seed)
        var trainRows: [Int]?
        var warnings: [DataPreparationIssue] = []
        func holdOut(_ fraction: Double, field: String, name: String) throws(DataPreparationIssue) -> [Int] {
            let rows = trainRows ?? Array(0..<m)
            let subset = trainRows == nil ? labelsOnly : labelsOnly.selecting(columns: rows)
            let parts = subset.splitIndices(heldOutFraction: fraction, stratified: classifying, using: &random)
            guard !parts.heldOut.isEmpty else {
                throw DataPreparationIssue(field: field, value: "\(fraction)",
                                           message: "the \(rows.count) training examples of \(fileName) leave no \(name) examples")
            }
            if classifying, let classNames {
                // The stratified split leaves every class a training example; the held-out part can miss one.
                let label = { (index: Int) in subset.labels.elements[index] }
                let missing = Set(parts.kept.map(label)).subtracting(parts.heldOut.map(label)).sorted().map { "'\(classNames[Int($0)])'" }
                if !missing.isEmpty {
                    warnings.append(DataPreparationIssue(field: field, value: "\(fraction)", message: "the \(parts.heldOut.count)-example \(name) "
                        + "split has no example of class\(missing.count == 1 ? "" : "es") \(missing.prefix(5).joined(separator: ", "))"
                        + "\(missing.count > 5 ? ", …" : ""); its accuracy leaves \(missing.count == 1 ? "that class" : "those classes") out"))
                }
            }
            trainRows = parts.kept.map { rows[$0] }
            return parts.heldOut.map { rows[$0] }
        }
        test = try testFraction.map { (fraction) throws(DataPreparationIssue) in try holdOut(fraction, field: "testFraction", name: "test") }
        dev = try devFraction.map { (fraction) throws(DataPreparationIssue) in try holdOut(fraction, field: "devFraction", name: "dev") }
        train = trainRows
        self.warnings = warnings
    }
}
