import ArgumentParser
import Descent

/// Options that define a network: architecture, initialization, dropout, regularization, precision, seed.
struct ModelOptions: ParsableArguments {
    @Option(help: "Hidden-layer sizes, comma-separated, e.g. 10,5 (empty for logistic regression).")
    var hidden = HiddenLayers([10, 5])

    @Option(help: "Activation of the hidden layers.")
    var activation: Activation = .relu

    @Option(name: .customLong("init"), help: "Weight initializer (random:<scale> sets the random scale; default: he for the course datasets, as the labs, glorot-uniform for files, as Keras and scikit-learn).")
    var initializer: InitializerOption?

    @Option(name: .customLong("keep-prob"), help: "Dropout keep probability of every hidden layer, in (0, 1]; 1 disables dropout.")
    var keepProbability: Double = 1

    @Option(help: "L2 regularization strength λ (cost + (λ/2m)ΣW²).")
    var l2: Double = 0

    @Option(help: "L1 regularization strength λ (cost + (λ/m)Σ|W|).")
    var l1: Double = 0

    @Option(help: "Label smoothing ε in [0, 1): train against targets y(1 − ε) + ε/K (classification; as PyTorch and Keras; default 0).")
    var labelSmoothing: Double?

    @Option(help: "Floating-point precision of training.")
    var precision: Precision = .float64

    @Option(help: "Seed of numpy's generator for initialization, shuffling and dropout (0 … 4294967295).")
    var seed: UInt32 = 3

    func validate() throws {
        try Self.validate(hidden: hidden, keepProbability: keepProbability, l2: l2, l1: l1)
        if let labelSmoothing, !(labelSmoothing >= 0 && labelSmoothing < 1) {
            throw ValidationError("--label-smoothing: ε must be in [0, 1), got \(labelSmoothing)")
        }
    }

    /// The architecture and regularization checks shared by every command that builds a network.
    static func validate(hidden: HiddenLayers, keepProbability: Double, l2: Double, l1: Double) throws {
        if let bad = hidden.sizes.first(where: { $0 <= 0 }) {
            throw ValidationError("--hidden: layer sizes must be positive integers, got \(bad)")
        }
        if !(keepProbability > 0 && keepProbability <= 1) {
            throw ValidationError("--keep-prob: must be in (0, 1], got \(keepProbability)")
        }
        if !(l2 >= 0 && l2.isFinite) { throw ValidationError("--l2: λ must be non-negative and finite, got \(l2)") }
        if !(l1 >= 0 && l1.isFinite) { throw ValidationError("--l1: λ must be non-negative and finite, got \(l1)") }
    }

    var regularization: Regularization { Regularization(l2: l2, l1: l1, labelSmoothing: labelSmoothing ?? 0) }

    /// The options as the library's model configuration.
    var configuration: ModelConfiguration {
        ModelConfiguration(hiddenLayers: hidden.sizes, activation: activation, initializer: initializer?.initializer,
                           keepProbability: keepProbability, precision: precision, seed: seed)
    }

    /// Refuses, before anything is allocated, an architecture whose training memory
    /// (`Network.estimatedMemory`) exceeds the memory available.
    func checkMemory(inputs: Int, outputs: Int, batchSize: Int, evaluationSize: Int, optimizerSlots: Int) throws {
        let sizes = [inputs] + hidden.sizes + [outputs]
        let needed = switch precision {
        case .float64: Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: batchSize, evaluationSize: evaluationSize, optimizerSlots: optimizerSlots)
        case .float32: Network<Float>.estimatedMemory(layerSizes: sizes, batchSize: batchSize, evaluationSize: evaluationSize, optimizerSlots: optimizerSlots)
        }
        // Building the network draws it in float64 first, then converts.
        let initialization = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 0, optimizerSlots: 0) / 4
        let option = hidden.sizes.isEmpty ? "--hidden '' (\(inputs) inputs, \(outputs) outputs)" : "--hidden \(hidden.defaultValueDescription)"
        try SystemMemory.check(needed: max(needed, initialization), option: option)
    }
}
