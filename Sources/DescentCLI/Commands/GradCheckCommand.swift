import ArgumentParser
import Descent

/// `descent gradcheck`: checks backpropagation of a freshly initialized network against centred
/// finite differences, overall and per parameter tensor.
struct GradCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check backpropagation against finite differences, naming any broken layer.",
        discussion: """
            Builds a network (random weights, small random biases so no ReLU sits on its kink), takes a \
            small batch of --data, and compares the analytic gradient of the cost (with L2/L1 if given) \
            with centred differences in float64. Dropout is switched off while checking. \
            Verdict: difference < --threshold (default 1e-7, the usual rule of thumb; the course's labs use 2e-7).
            """)

    @Option(help: "A built-in dataset to draw the batch from (moons, circles, football, spiral, blobs).")
    var data: CourseDataset = .moons

    @Option(help: "Examples in the batch.")
    var examples: Int = 16

    @Option(help: "Hidden-layer sizes, comma-separated.")
    var hidden = HiddenLayerSizes([5, 3])

    @Option(help: "Activation of the hidden layers.")
    var activation: Activation = .relu

    @Option(name: .customLong("init"), help: "Weight initializer.")
    var initializer = InitializerOption(.he)

    @Option(help: "L2 regularization strength λ included in the checked cost.")
    var l2: Double = 0

    @Option(help: "L1 regularization strength λ included in the checked cost.")
    var l1: Double = 0

    @Option(name: .customLong("keep-prob"), help: "Dropout keep probability (switched off while checking, and reported).")
    var keepProbability: Double = 1

    @Flag(name: .customLong("batch-norm"), help: "Batch-normalize every hidden layer (its γ and β checked like W and b; the batch's statistics, as in training).")
    var batchNorm = false

    @Flag(name: .customLong("layer-norm"), help: "Layer-normalize every hidden layer (its γ and β checked like W and b).")
    var layerNorm = false

    @Option(help: "Finite-difference step ε.")
    var epsilon: Double = GradientCheck.defaultEpsilon

    @Option(help: "Pass threshold for the relative difference.")
    var threshold: Double = GradientCheck.ruleOfThumbThreshold

    @Option(help: "Seed of numpy's generator.")
    var seed: UInt32 = 1

    @Flag(help: "Print one JSON object: difference, passed, tensors [{name, difference}].")
    var json = false

    func validate() throws {
        do {
            // The training settings' own checks of these values.
            try TrainingSettings(values: [("data", data.rawValue), ("hidden", hidden.settingText), ("keep-prob", "\(keepProbability)"), ("l2", "\(l2)"),
                                          ("l1", "\(l1)"), ("batch-norm", "\(batchNorm)"), ("layer-norm", "\(layerNorm)")]).validate()
        } catch {
            throw ValidationError(error.description)
        }
        if !(epsilon > 0 && epsilon < 1) { throw ValidationError("--epsilon: must be in (0, 1), got \(epsilon)") }
        if !(threshold > 0) { throw ValidationError("--threshold: must be positive, got \(threshold)") }
        if examples < 1 { throw ValidationError("--examples: must be at least 1, got \(examples)") }
        if batchNorm && examples < 2 { throw ValidationError("--batch-norm: needs a batch of at least 2 examples (--examples), got \(examples)") }
    }

    func run() throws {
        let check = FreshNetworkGradientCheck(
            data: try data.load(as: Double.self).train, examples: examples, hiddenLayers: hidden.sizes, hiddenActivation: activation,
            initializer: initializer.initializer, keepProbability: keepProbability, seed: seed,
            normalization: batchNorm ? .batch : layerNorm ? .layer : nil)
        try SystemMemory.check(needed: check.estimatedMemory, option: "--hidden \(hidden.defaultValueDescription)")
        let report = check.run(regularization: Regularization(l2: l2, l1: l1), epsilon: epsilon, threshold: threshold)
        print(json ? report.json.text : report.text(layerSizes: check.layerSizes, examples: check.examples))
        if !report.passed { throw CommandFailure(message: "gradient check failed: difference \(report.difference) ≥ \(report.threshold)") }
    }
}

extension CourseDataset: ExpressibleByArgument {}
