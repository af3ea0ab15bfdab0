/// The floating-point precision a run trains in.
public enum Precision: String, Sendable, Equatable, Codable, CaseIterable {
    case float64, float32
}

/// The network of a run: its hidden layers, activation, initialization, dropout, precision and the
/// seed of numpy's generator behind initialization, shuffling and dropout.
public struct ModelConfiguration: Sendable, Equatable, Codable {
    /// Hidden-layer sizes (empty: logistic or softmax regression).
    public var hiddenLayers: [Int]
    public var activation: Activation
    /// The weight initializer (`nil`: He for the course datasets, as the labs; Glorot uniform for
    /// files — see `resolvedInitializer(courseData:)`).
    public var initializer: Initializer?
    /// Dropout keep probability of every hidden layer, in (0, 1]; 1 disables dropout.
    public var keepProbability: Double
    /// The normalization of the hidden layers' Z (`nil`: none).
    public var normalization: Normalization?
    /// The hidden layers normalized, numbered from 1 (`nil`: every hidden layer).
    public var normalizedLayers: [Int]?
    public var precision: Precision
    public var seed: UInt32

    public init(hiddenLayers: [Int] = [10, 5], activation: Activation = .relu, initializer: Initializer? = nil,
                keepProbability: Double = 1, normalization: Normalization? = nil, normalizedLayers: [Int]? = nil,
                precision: Precision = .float64, seed: UInt32 = 3) {
        self.hiddenLayers = hiddenLayers
        self.activation = activation
        self.initializer = initializer
        self.keepProbability = keepProbability
        self.normalization = normalization
        self.normalizedLayers = normalizedLayers
        self.precision = precision
        self.seed = seed
    }

    /// `initializer`, or the default for the data: He for the course datasets (the labs' choice, so
    /// a lab's command line reproduces it), Glorot uniform for files — Keras's default and
    /// scikit-learn's MLP scheme, which matched both peers' test accuracy on iris, wine, breast
    /// cancer and digits where He normal trailed by up to a point (docs/PEERS-ACCURACY.md).
    public func resolvedInitializer(courseData: Bool) -> Initializer {
        initializer ?? (courseData ? .he : .glorotUniform)
    }
}

/// Everything a training run is made from — data, network, optimizer, learning rate and its
/// schedule, and training options — as one value that encodes to JSON. `descent train` builds one from its
/// options; `TrainingRun` turns one into a trained network.
public struct RunConfiguration: Sendable, Equatable, Codable {
    public var data: DataConfiguration
    public var model: ModelConfiguration
    /// The update rule and its hyperparameters.
    public var optimizer: OptimizerAlgorithm
    /// α0, the learning rate of the first epoch.
    public var learningRate: Double
    /// How the learning rate changes after each epoch.
    public var schedule: LearningRateDecay
    public var training: TrainingOptions

    public init(data: DataConfiguration, model: ModelConfiguration = ModelConfiguration(),
                optimizer: OptimizerAlgorithm = .courseDefault, learningRate: Double = 0.01, schedule: LearningRateDecay = .standard,
                training: TrainingOptions = TrainingOptions(epochs: 15000)) {
        self.data = data
        self.model = model
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.schedule = schedule
        self.training = training
    }
}

extension Initializer: Codable {
    /// Decodes the command-line name (`he`, `glorot-uniform`, `random:10`, …).
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let initializer = Initializer(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown initializer \(name)"))
        }
        self = initializer
    }

    /// Encodes the command-line name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
