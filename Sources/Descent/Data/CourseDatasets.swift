import Foundation

extension Dataset where Scalar == Double {
    /// scikit-learn's `make_moons(n_samples: count, noise: noise)` drawing from `generator`
    /// (sklearn's `random_state=None`: the global numpy state), returned in the course's layout
    /// (features (2, count), labels (1, count)).
    ///
    /// With `n_out = count / 2`, `n_in = count − n_out`: the outer moon is
    /// `(cos t, sin t)`, `t = linspace(0, π, n_out)`, label 0; the inner moon is
    /// `(1 − cos t, (1 − sin t) − 0.5)`, `t = linspace(0, π, n_in)`, label 1. The stacked points are
    /// shuffled FIRST with `permutation(count)`, THEN each point gets `+ (0 + noise·z)` per coordinate
    /// (`normal(0, noise, (count, 2))`, x then y). With a `NumpyRandom` this is bit for bit sklearn's.
    public static func makeMoons<R: RandomSource>(count: Int, noise: Double, using generator: inout R) -> Dataset<Double> {
        precondition(count >= 0, "make_moons needs a non-negative number of samples, got \(count).")
        precondition(noise >= 0, "make_moons needs a non-negative noise, got \(noise).")
        let outerCount = count / 2, innerCount = count - outerCount
        let outer = Matrix<Double>.linspace(from: 0, to: .pi, count: outerCount).elements
        let inner = Matrix<Double>.linspace(from: 0, to: .pi, count: innerCount).elements
        let x = outer.map { Foundation.cos($0) } + inner.map { 1 - Foundation.cos($0) }
        let y = outer.map { Foundation.sin($0) } + inner.map { (1 - Foundation.sin($0)) - 0.5 }
        let labels = [Double](repeating: 0, count: outerCount) + [Double](repeating: 1, count: innerCount)
        return shuffledWithNoise(x: x, y: y, labels: labels, noise: noise, using: &generator)
    }

    /// scikit-learn's `make_circles(n_samples: count, noise: noise, factor: factor)` drawing from
    /// `generator`, in the course's layout (features (2, count), labels (1, count)).
    ///
    /// With `n_out = count / 2`, `n_in = count − n_out`: the outer circle is `(cos t, sin t)`,
    /// `t = linspace(0, 2π, n_out, endpoint: false)`, label 0; the inner circle is
    /// `(cos t · factor, sin t · factor)`, `t = linspace(0, 2π, n_in, endpoint: false)`, label 1.
    /// Then, as `makeMoons`: shuffle with `permutation(count)`, then add `normal(0, noise, (count, 2))`.
    public static func makeCircles<R: RandomSource>(
        count: Int, noise: Double, factor: Double = 0.8, using generator: inout R
    ) -> Dataset<Double> {
        precondition(count >= 0, "make_circles needs a non-negative number of samples, got \(count).")
        precondition(noise >= 0, "make_circles needs a non-negative noise, got \(noise).")
        precondition(factor >= 0 && factor < 1, "make_circles needs a factor in [0, 1), got \(factor).")
        let outerCount = count / 2, innerCount = count - outerCount
        let outer = Matrix<Double>.linspace(from: 0, to: 2 * .pi, count: outerCount, includingEndpoint: false).elements
        let inner = Matrix<Double>.linspace(from: 0, to: 2 * .pi, count: innerCount, includingEndpoint: false).elements
        let x = outer.map { Foundation.cos($0) } + inner.map { Foundation.cos($0) * factor }
        let y = outer.map { Foundation.sin($0) } + inner.map { Foundation.sin($0) * factor }
        let labels = [Double](repeating: 0, count: outerCount) + [Double](repeating: 1, count: innerCount)
        return shuffledWithNoise(x: x, y: y, labels: labels, noise: noise, using: &generator)
    }

    /// sklearn's common tail: `X, y = shuffle(X, y)` via `permutation(n)`, then `X += normal(0, noise, (n, 2))`
    /// (row-major: point i gets normals 2i and 2i+1), transposed into (2, n) features and (1, n) labels.
    static func shuffledWithNoise<R: RandomSource>(
        x: [Double], y: [Double], labels: [Double], noise: Double, using generator: inout R
    ) -> Dataset<Double> {
        let count = labels.count
        let order = generator.permutation(count)
        var features = Matrix<Double>(rows: 2, columns: count)
        var shuffledLabels = Matrix<Double>(rows: 1, columns: count)
        for (i, source) in order.enumerated() {
            let noiseX = 0.0 + noise * generator.nextStandardNormal()
            let noiseY = 0.0 + noise * generator.nextStandardNormal()
            features.elements[i] = x[source] + noiseX
            features.elements[count + i] = y[source] + noiseY
            shuffledLabels.elements[i] = labels[source]
        }
        return Dataset(features: features, labels: shuffledLabels)
    }

    /// The Optimization lab's training set: `np.random.seed(3)`, `make_moons(300, noise=0.2)`.
    public static func courseMoons() -> Dataset<Double> {
        var generator = NumpyRandom(seed: 3)
        return makeMoons(count: 300, noise: 0.2, using: &generator)
    }

    /// The Initialization lab's sets: train `seed(1)`, `make_circles(300, noise=0.05)`;
    /// test `seed(2)`, `make_circles(100, noise=0.05)`.
    public static func courseCircles() -> TrainTestSplit<Double> {
        var trainGenerator = NumpyRandom(seed: 1)
        let train = makeCircles(count: 300, noise: 0.05, using: &trainGenerator)
        var testGenerator = NumpyRandom(seed: 2)
        let test = makeCircles(count: 100, noise: 0.05, using: &testGenerator)
        return TrainTestSplit(train: train, test: test)
    }

    /// The playground's spiral (not from the course): two arms of 200 points, arm k's point i at
    /// radius `r = 5i/200` and angle `t = 1.75 · 2π · i/200 + kπ`, `(r sin t, r cos t)` plus
    /// `normal(0, 0.25)` per coordinate, drawn from `NumpyRandom(seed: 4)`, then shuffled as `makeMoons`.
    public static func spiral() -> Dataset<Double> {
        var generator = NumpyRandom(seed: 4)
        let perArm = 200
        var x: [Double] = [], y: [Double] = [], labels: [Double] = []
        for arm in 0..<2 {
            for i in 0..<perArm {
                let r = 5 * Double(i) / Double(perArm)
                let t = 1.75 * 2 * Double.pi * Double(i) / Double(perArm) + Double(arm) * .pi
                x.append(r * Foundation.sin(t))
                y.append(r * Foundation.cos(t))
                labels.append(Double(arm))
            }
        }
        return shuffledWithNoise(x: x, y: y, labels: labels, noise: 0.25, using: &generator)
    }

    /// The playground's blobs (not from the course): classes 0, 1, 2 of 100 points each around
    /// (−2, −1), (2, −1) and (0, 2.2), plus `normal(0, 0.8)` per coordinate, drawn from
    /// `NumpyRandom(seed: 5)`, then shuffled as `makeMoons`.
    public static func blobs() -> Dataset<Double> {
        var generator = NumpyRandom(seed: 5)
        let centres: [(Double, Double)] = [(-2, -1), (2, -1), (0, 2.2)]
        let perClass = 100
        let x = centres.flatMap { Array(repeating: $0.0, count: perClass) }
        let y = centres.flatMap { Array(repeating: $0.1, count: perClass) }
        let labels = (0..<centres.count).flatMap { Array(repeating: Double($0), count: perClass) }
        return shuffledWithNoise(x: x, y: y, labels: labels, noise: 0.8, using: &generator)
    }

    /// The Regularization lab's football dataset (`load_2D_dataset`): 211 training and 200 test
    /// examples, two features (x1, x2), labels 0/1, read from the package's bundled CSV files.
    public static func football() throws -> TrainTestSplit<Double> {
        TrainTestSplit(train: try bundledCSV(named: "football_train"), test: try bundledCSV(named: "football_test"))
    }

    /// Reads the bundled `Resources/<name>.csv` (`x1,x2,label`) with the CSV loader.
    static func bundledCSV(named name: String) throws -> Dataset<Double> {
        let fileName = name + ".csv"
        guard let url = BundledResources.descent.url(for: fileName) else { throw CourseDatasetError.missingResource(fileName) }
        return try CSVTable<Double>(contentsOf: url).dataset
    }
}
