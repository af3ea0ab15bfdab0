import PropertyBased
import Testing
@testable import Descent

/// Property-based tests of the data plumbing: splitting and mini-batch shuffling keep every
/// example's features and label together, and normalization is invertible.
@Suite("Dataset properties")
struct DatasetPropertyTests {
    /// A dataset whose example j has features (j, 1000 + j, …) and label `j % classes`, so any
    /// separation of a column from its label is visible.
    static func tagged(count m: Int, features n: Int, classes: Int) -> Dataset<Double> {
        Dataset(features: Matrix(rows: n, columns: m) { i, j in Double(1000 * i + j) },
                labels: Matrix(rows: 1, columns: m) { _, j in Double(j % classes) })
    }

    /// The example index a column of a tagged dataset came from (checking every feature agrees).
    static func exampleIndex(_ data: Dataset<Double>, column j: Int) -> Int? {
        let index = Int(data.features[0, j])
        for i in 0..<data.featureCount where data.features[i, j] != Double(1000 * i + index) { return nil }
        return index
    }

    @Test("a stratified split partitions the examples and keeps each column paired with its label")
    func splitKeepsPairs() async {
        await propertyCheck(count: 60, input: Gen.int(in: 2...40), Gen.int(in: 1...3), Gen.int(in: 1...4),
                            Gen.double(in: 0.05...0.95)) { m, n, classes, fraction in
            let data = Self.tagged(count: m, features: n, classes: classes)
            var random = TestRandom(seed: UInt64(m * 7 + n))
            let (kept, heldOut) = data.split(heldOutFraction: fraction, stratified: true, using: &random)
            var seen = [Int]()
            for part in [kept, heldOut] {
                for j in 0..<part.count {
                    let index = Self.exampleIndex(part, column: j)
                    #expect(index != nil, "features of one example were mixed")
                    guard let index else { continue }
                    #expect(part.labels[0, j] == Double(index % classes), "example \(index) lost its label")
                    seen.append(index)
                }
            }
            #expect(seen.sorted() == Array(0..<m), "the split is not a partition")
        }
    }

    @Test("mini-batch shuffling (standard, lab, none) gathers each example's features with its own label, once per epoch")
    func shuffledBatchesKeepPairs() async {
        let modes: [ShuffleMode] = [.standard, .lab, .none]
        await propertyCheck(count: 40, input: Gen.int(in: 1...50), Gen.int(in: 1...3), Gen.int(in: 1...17), Gen.int(in: 0...2)) {
            m, n, batchSize, mode in
            let data = Self.tagged(count: m, features: n, classes: 3)
            let trainer = Trainer<Double>(options: TrainingOptions(epochs: 2, batchSize: batchSize, shuffle: modes[mode]))
            var random = TestRandom(seed: UInt64(m)), courseRandom = NumpyRandom(seed: 0)
            var order = Array(0..<m)
            var features = Matrix<Double>(rows: 0, columns: 0), labels = Matrix<Double>(rows: 0, columns: 0)
            for epoch in 0..<2 {
                trainer.shuffle(&order, epoch: epoch, random: &random, courseRandom: &courseRandom)
                var seen = [Int]()
                var start = 0
                while start < m {
                    let count = min(batchSize, m - start)
                    data.features.gatherColumns(order[start ..< start + count], into: &features)
                    data.labels.gatherColumns(order[start ..< start + count], into: &labels)
                    let batch = Dataset(features: features, labels: labels)
                    for j in 0..<count {
                        let index = Self.exampleIndex(batch, column: j)
                        #expect(index == order[start + j])
                        #expect(labels[0, j] == Double(order[start + j] % 3))
                        seen.append(order[start + j])
                    }
                    start += count
                }
                #expect(seen.sorted() == Array(0..<m), "an epoch must visit every example once")
            }
        }
    }

    @Test("normalization then its inverse is the identity, and the normalized training data is centred and scaled")
    func scalerInverse() async {
        let values = Gen.double(in: -1e4...1e4).array(of: 1...60)
        await propertyCheck(count: 60, input: values, Gen.int(in: 1...4), Gen<FeatureScaler.Method>.case) { values, rows, method in
            let columns = max(1, values.count / rows)
            let features = Matrix(rows: rows, columns: columns) { i, j in values[(i * columns + j) % values.count] }
            let scaler = FeatureScaler(method: method, fittedOn: features)
            let scaled = scaler.transform(features)
            let restored = scaler.inverseTransform(scaled)
            for index in 0..<features.count {
                // (x − offset)/scale·scale + offset rounds at the row's magnitude, not x's: a small x in
                // a row spanning ±1e4 comes back within a few ulps of 1e4.
                let row = index / columns
                let magnitude = max(1, abs(features.elements[index]), abs(scaler.offsets[row]), scaler.scales[row])
                #expect(abs(restored.elements[index] - features.elements[index]) <= 1e-12 * magnitude)
            }
            for i in 0..<rows {
                let row = (0..<columns).map { scaled[i, $0] }
                switch method {
                case .standard:
                    let mean = row.reduce(0, +) / Double(columns)
                    #expect(abs(mean) < 1e-9)
                    let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(columns)
                    #expect(abs(variance - 1) < 1e-9 || variance < 1e-20, "variance \(variance)")
                case .minMax:
                    #expect(row.allSatisfy { $0 >= -1e-12 && $0 <= 1 + 1e-12 })
                case .none:
                    #expect(row == (0..<columns).map { features[i, $0] })
                }
            }
        }
    }
}
