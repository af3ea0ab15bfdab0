/// The 2-D toy datasets of the course "Improving Deep Neural Networks", reproduced exactly.
///
/// - `moons`: the Optimization lab's `load_dataset` — `np.random.seed(3)`, `make_moons(300, noise=0.2)`; train only.
/// - `circles`: the Initialization lab's `load_dataset` — train: `seed(1)`, `make_circles(300, noise=0.05)`;
///   test: `seed(2)`, `make_circles(100, noise=0.05)`.
/// - `football`: the Regularization lab's `load_2D_dataset` — 211 training and 200 test positions
///   (x1, x2) on the field, labelled 0/1 by which team's player headed the ball; shipped with the package.
///
/// Two more 2-D sets for the playground (`Dataset.spiral()`, `Dataset.blobs()`), seeded so they never change:
/// - `spiral`: two interleaved spiral arms (TensorFlow Playground's hardest set), 400 examples.
/// - `blobs`: three Gaussian blobs, three classes (softmax), 300 examples.
public enum CourseDataset: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Two interleaving half-moons (Optimization lab), 300 training examples.
    case moons
    /// Two concentric circles (Initialization lab), 300 training and 100 test examples.
    case circles
    /// The Regularization lab's football field positions, 211 training and 200 test examples.
    case football
    /// Two interleaved spiral arms, 400 training examples (not from the course).
    case spiral
    /// Three Gaussian blobs of three classes, 300 training examples (not from the course).
    case blobs

    /// One line saying where the data comes from.
    public var description: String {
        switch self {
        case .moons: "moons: make_moons(300, noise=0.2) after np.random.seed(3); 300 train, no test"
        case .circles: "circles: make_circles(300, noise=0.05) after seed(1) / make_circles(100, noise=0.05) after seed(2); 300 train, 100 test"
        case .football: "football: the Regularization lab's 2-D dataset; 211 train, 200 test"
        case .spiral: "spiral: two spiral arms, 200 points each, noise 0.25 (seed 4); 400 train, no test"
        case .blobs: "blobs: three Gaussian blobs (σ 0.8), 100 points each (seed 5), classes 0, 1, 2; 300 train, no test"
        }
    }

    /// The number of classes (2, or 3 for `blobs`).
    public var classCount: Int { self == .blobs ? 3 : 2 }

    /// The dataset in the requested precision. The values are generated (or read) in `Double` and
    /// then rounded, so `Double` gives the course's data bit for bit.
    /// Only `football` throws: `CourseDatasetError.missingResource` when its bundled files cannot be
    /// found, or the CSV loader's `DataLoadingError` when they are damaged.
    public func load<T: DescentFloat>(as _: T.Type = T.self) throws -> TrainTestSplit<T> {
        let split: TrainTestSplit<Double>
        switch self {
        case .moons: split = TrainTestSplit(train: Dataset.courseMoons())
        case .circles: split = Dataset.courseCircles()
        case .football: split = try Dataset.football()
        case .spiral: split = TrainTestSplit(train: Dataset.spiral())
        case .blobs: split = TrainTestSplit(train: Dataset.blobs())
        }
        return split.converted(to: T.self)
    }
}

/// Why a dataset shipped with Descent could not be loaded.
public enum CourseDatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The package resource is not in the bundle (a broken installation).
    case missingResource(String)

    /// A sentence describing the problem.
    public var description: String {
        switch self {
        case .missingResource(let name):
            "The bundled dataset file \(name) is missing from Descent's resources; reinstall the package."
        }
    }
}
