/// A gradient check of a freshly initialized binary classifier on a random batch of a dataset
/// (`descent gradcheck`): the batch, the network and the check are drawn from one seeded numpy
/// stream, so a seed names the whole check.
///
/// The network has layer sizes `[n_x] + hiddenLayers + [1]`; its biases are drawn from N(0, 0.1²)
/// after the weights, so no ReLU sits on its kink (where the finite differences are meaningless).
public struct FreshNetworkGradientCheck: Sendable {
    /// The examples the batch is drawn from.
    public var data: Dataset<Double>
    /// The batch size: the requested count, at most the examples in `data`.
    public var examples: Int
    /// `[n_x, n1, …, 1]`.
    public var layerSizes: [Int]
    /// The activation of the hidden layers.
    public var hiddenActivation: Activation
    /// How the weights are drawn.
    public var initializer: Initializer
    /// The hidden layers' dropout keep probability (dropout is switched off while checking, and reported).
    public var keepProbability: Double
    /// The seed of numpy's generator (`NumpyRandom`).
    public var seed: UInt32
    /// The hidden layers' normalization, if any (γ and β are checked like W and b).
    public var normalization: Normalization?

    /// A check of a network with `hiddenLayers` on `examples` examples of `data` (all of them when
    /// it has fewer).
    public init(data: Dataset<Double>, examples: Int, hiddenLayers: [Int], hiddenActivation: Activation = .relu,
                initializer: Initializer = .he, keepProbability: Double = 1, seed: UInt32 = 1, normalization: Normalization? = nil) {
        precondition(examples >= 1, "The batch needs at least one example.")
        self.data = data
        self.examples = min(examples, data.count)
        layerSizes = [data.featureCount] + hiddenLayers + [1]
        self.hiddenActivation = hiddenActivation
        self.initializer = initializer
        self.keepProbability = keepProbability
        self.seed = seed
        self.normalization = normalization
    }

    /// The bytes the check's network and batch take (`Network.estimatedMemory`, no optimizer state),
    /// to compare with `SystemMemory.availableBytes()` before `run`.
    public var estimatedMemory: Int {
        Network<Double>.estimatedMemory(layerSizes: layerSizes, batchSize: examples, optimizerSlots: 0)
    }

    /// Draws the batch (the first `examples` of a permutation), the network and its biases, then
    /// compares backpropagation's gradient g with centred differences g̃ = (J(θ + ε) − J(θ − ε)) / 2ε
    /// of `J = (1/m) Σ loss + regularization` (`GradientCheck.check`): it passes when
    /// ‖g − g̃‖ / (‖g‖ + ‖g̃‖) < `threshold`.
    public func run(regularization: Regularization = .none, epsilon: Double = GradientCheck.defaultEpsilon,
                    threshold: Double = GradientCheck.ruleOfThumbThreshold) -> GradientCheckReport {
        var random = NumpyRandom(seed: seed)
        let batch = data.selecting(columns: Array(random.permutation(data.count).prefix(examples)))
        var network = Network<Double>(
            layerSizes: layerSizes, hiddenActivation: hiddenActivation, initializer: initializer,
            keepProbability: keepProbability, normalization: normalization, using: &random)
        for l in network.layers.indices {
            let bias: Matrix<Double> = random.normal(mean: 0, standardDeviation: 0.1, rows: network.layers[l].outputSize, columns: 1)
            if network.layers[l].learnsBias { network.layers[l].bias = bias }
        }
        // γ near 1 and β near 0, not exactly: a mistake that scales or shifts them shows.
        for l in network.layers.indices where network.layers[l].isNormalized {
            let units = network.layers[l].outputSize
            let gamma: Matrix<Double> = random.normal(mean: 1, standardDeviation: 0.2, rows: units, columns: 1)
            let beta: Matrix<Double> = random.normal(mean: 0, standardDeviation: 0.1, rows: units, columns: 1)
            network.layers[l].withParameter(.gamma) { $0 = gamma }
            network.layers[l].withParameter(.beta) { $0 = beta }
        }
        return GradientCheck.check(network, on: batch, regularization: regularization, epsilon: epsilon, threshold: threshold)
    }
}
