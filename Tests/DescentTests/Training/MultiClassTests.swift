import Testing
@testable import Descent

@Suite("Multi-class training")
struct MultiClassTests {
    /// Three Gaussian blobs (σ = 1) centred on the corners of a triangle with sides ≈ 4.6σ,
    /// so the Bayes accuracy is about 0.97.
    static func blobs(count: Int, seed: UInt64) -> Dataset<Double> {
        var random = FastRandom(seed: seed)
        let centres: [(Double, Double)] = [(0, 0), (4, 0), (2, 4)]
        var features = Matrix<Double>(rows: 2, columns: count)
        var labels = Matrix<Double>(rows: 1, columns: count)
        for j in 0..<count {
            let k = Int(random.nextBounded(2))
            features[0, j] = centres[k].0 + random.nextStandardNormal()
            features[1, j] = centres[k].1 + random.nextStandardNormal()
            labels[0, j] = Double(k)
        }
        return Dataset(features: features, labels: labels)
    }

    @Test("softmax with Adam separates three Gaussian blobs (≥ 0.9 on held-out data), in float64 and float32")
    func threeBlobs() {
        let train = Self.blobs(count: 300, seed: 1), test = Self.blobs(count: 300, seed: 2)
        #expect(Set(train.labels.elements) == [0, 1, 2])
        let scaler = FeatureScaler(method: .standard, fittedOn: train.features)
        func run<Scalar: DescentFloat>(_: Scalar.Type) -> (train: Double, test: Double, cost: [Double]) {
            var random = FastRandom(seed: 3)
            var network = Network<Scalar>(layerSizes: [2, 16, 3], loss: .categoricalCrossEntropy, initializer: .he, using: &random)
            var optimizer = Optimizer<Scalar>(.adam())
            var schedule = LearningRateSchedule.constant(0.01)
            let history = Trainer<Scalar>(options: TrainingOptions(epochs: 20, batchSize: 32)).fit(
                &network, on: scaler.transform(train).converted(to: Scalar.self), optimizer: &optimizer, schedule: &schedule, random: &random)
            return (network.accuracy(on: scaler.transform(train).converted(to: Scalar.self)),
                    network.accuracy(on: scaler.transform(test).converted(to: Scalar.self)), history.records.map(\.cost))
        }
        for result in [run(Double.self), run(Float.self)] {
            #expect(result.train >= 0.9)
            #expect(result.test >= 0.9)
            #expect(result.cost.last! < result.cost.first! / 2)
        }
    }
}
