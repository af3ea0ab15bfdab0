import Testing
@testable import Descent

/// The Optimization lab's mini-batches: reseeded permutations and the 64, 64, 64, 64, 44 split.
@Suite struct MiniBatchTests {
    @Test func labShuffleReproducesMinibatchesJSON() throws {
        let vectors = try Fixtures.load("minibatches")
        let moons = Dataset.courseMoons()
        let trainer = Trainer<Double>(options: TrainingOptions(epochs: 3, batchSize: 64, shuffle: .lab))
        var unused = NumpyRandom(seed: 0), courseRandom = NumpyRandom(seed: 0)
        for epoch in 0..<3 {
            var order = Array(0..<300)
            trainer.shuffle(&order, epoch: epoch, random: &unused, courseRandom: &courseRandom)
            let expected = try Fixtures.flatten(try Fixtures.value(vectors, "epochs", "\(epoch)", "permutation")).map(Int.init)
            #expect(order == expected, "epoch \(epoch)")
            #expect(try Fixtures.double(try Fixtures.value(vectors, "epochs", "\(epoch)", "seed")) == Double(11 + epoch))
            let sizes = stride(from: 0, to: 300, by: 64).map { min(64, 300 - $0) }
            #expect(sizes.map(Double.init) == (try Fixtures.flatten(try Fixtures.value(vectors, "epochs", "\(epoch)", "batch_sizes"))))
            if epoch == 0 {
                var features = Matrix<Double>(rows: 0, columns: 0), labels = Matrix<Double>(rows: 0, columns: 0)
                moons.features.gatherColumns(order[256..<300], into: &features)
                moons.labels.gatherColumns(order[256..<300], into: &labels)
                #expect(features == (try Fixtures.matrix(try Fixtures.value(vectors, "epoch0_last_batch", "X"))))
                #expect(labels == (try Fixtures.matrix(try Fixtures.value(vectors, "epoch0_last_batch", "Y"))))
            }
        }
    }

    /// `random_mini_batches` with its default seed 0 on X = randn(12288, 148) drawn after seed(1).
    @Test func randomMiniBatchesTestCase() throws {
        let testCase = try Fixtures.value(try Fixtures.load("testcases"), "random_mini_batches")
        var random = NumpyRandom(seed: 1)
        let x: Matrix<Double> = random.randn(rows: 12288, columns: 148)
        #expect(Array(x.elements.prefix(10)) == (try Fixtures.flatten(try Fixtures.value(testCase, "X_first_row_first10"))))
        var shuffler = NumpyRandom(seed: 0)
        let permutation = shuffler.permutation(148)
        #expect(permutation.map(Double.init) == (try Fixtures.flatten(try Fixtures.value(testCase, "expected", "permutation"))))
        var batch = Matrix<Double>(rows: 0, columns: 0)
        x.gatherColumns(permutation[0..<64], into: &batch)
        #expect(Array(batch.row(0).prefix(3)) == (try Fixtures.flatten(try Fixtures.value(testCase, "expected", "sanity_check_minibatch0_X_row0_first3"))))
        x.gatherColumns(permutation[128..<148], into: &batch)
        #expect(batch.rows == 12288 && batch.columns == 20)
    }

    @Test("a batch size of at least m is full-batch training: the data read as it is, bit for bit the same history and weights")
    func aBatchOfEveryExampleIsFullBatch() {
        func train(batchSize: Int?) -> (TrainingHistory, Network<Double>) {
            var random = NumpyRandom(seed: 3)
            var network = Network<Double>(layerSizes: [2, 6, 1], initializer: .he, using: &random)
            var optimizer = Optimizer<Double>(.adam())
            var schedule = LearningRateSchedule.constant(0.01)
            let history = Trainer<Double>(options: TrainingOptions(epochs: 8, batchSize: batchSize, diagnosticsInterval: 1)).fit(
                &network, on: Dataset.courseMoons(), optimizer: &optimizer, schedule: &schedule, random: &random)
            return (history, network)
        }
        let full = train(batchSize: nil)
        for size in [300, 1000] {
            let batched = train(batchSize: size)
            #expect(batched.0.records == full.0.records && batched.1 == full.1, "--batch-size \(size) on 300 examples")
        }
        #expect(train(batchSize: 299).1 != full.1, "a smaller batch is a mini-batch run")
    }

    @Test func standardShuffleKeepsFeaturesAndLabelsPaired() {
        var random = NumpyRandom(seed: 5), courseRandom = NumpyRandom(seed: 0)
        let trainer = Trainer<Double>(options: TrainingOptions(epochs: 1, batchSize: 4))
        var order = Array(0..<10)
        trainer.shuffle(&order, epoch: 0, random: &random, courseRandom: &courseRandom)
        #expect(order.sorted() == Array(0..<10) && order != Array(0..<10))
        let data = Dataset(features: Matrix(rows: 1, columns: 10) { _, j in Double(j) }, labels: Matrix(rows: 1, columns: 10) { _, j in Double(j) })
        var f = Matrix<Double>(rows: 0, columns: 0), l = Matrix<Double>(rows: 0, columns: 0)
        data.features.gatherColumns(order[4..<8], into: &f)
        data.labels.gatherColumns(order[4..<8], into: &l)
        #expect(f.elements == order[4..<8].map(Double.init) && l.elements == order[4..<8].map(Double.init))
    }
}

@Suite struct RunningTrainAccuracyTests {
    @Test("the running training accuracy counts each batch's predictions before its update; full batch, it is the pre-update accuracy")
    func runningAccuracyMatchesItsDefinition() {
        let moons = Dataset.courseMoons()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 5, 2, 1], initializer: .he, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(0.1)
        var before: [Double] = []
        let history = Trainer<Double>(options: TrainingOptions(epochs: 5, recordsTrainingAccuracy: true)).fit(
            &network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random) { _, _ in true }
        // Full batch: epoch e's running accuracy is the accuracy of the weights at the start of epoch e.
        var check = NumpyRandom(seed: 3)
        var network2 = Network<Double>(layerSizes: [2, 5, 2, 1], initializer: .he, using: &check)
        var optimizer2 = Optimizer<Double>(.gradientDescent)
        var schedule2 = LearningRateSchedule.constant(0.1)
        let plain = Trainer<Double>(options: TrainingOptions(epochs: 5)).fit(
            &network2, on: moons, optimizer: &optimizer2, schedule: &schedule2, random: &check) { _, current in
            before.append(current.accuracy(on: moons))
            return true
        }
        #expect(plain.records.map(\.cost) == history.records.map(\.cost), "counting changes nothing")
        #expect(plain.records.allSatisfy { $0.trainAccuracy == nil })
        let running = history.records.compactMap(\.trainAccuracy)
        #expect(running.count == 5)
        // onEpoch sees the weights after epoch e, i.e. at the start of epoch e + 1.
        #expect(Array(running.dropFirst()) == Array(before.dropLast()))
    }
}
