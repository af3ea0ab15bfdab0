import ArgumentParser
import Descent

/// Options of the optimizer, its learning-rate schedule, mini-batching, clipping and early stopping.
struct OptimizationOptions: ParsableArguments {
    @Option(help: "Initial learning rate α0.")
    var learningRate: Double = 0.01

    @Option(help: "Number of epochs (full-batch: iterations).")
    var epochs: Int = 15000

    @Option(help: "Mini-batch size (1 = stochastic gradient descent); omit for full-batch gradient descent.")
    var batchSize: Int?

    @Option(help: "Mini-batch order: standard (a fresh permutation every epoch), lab (the Optimization lab's reseeded permutations), none.")
    var shuffle: ShuffleOption = .standard

    @Option(help: "Update rule.")
    var optimizer = CaseName<OptimizerAlgorithm>(argument: "gd")!

    @Option(help: "Momentum / RMSProp β (default 0.9).")
    var beta: Double?
    @Option(help: "Adam β1 (default 0.9).")
    var beta1: Double?
    @Option(help: "Adam β2 (default 0.999).")
    var beta2: Double?
    @Option(help: "ε added outside the square root (default 1e-8; Adagrad 1e-10).")
    var epsilon: Double?
    @Option(help: "AdamW decoupled weight decay λ (default 0.01).")
    var weightDecay: Double?
    @Option(help: "Adagrad: the value every accumulator starts at (default 0, as PyTorch; Keras 0.1).")
    var initialAccumulator: Double?
    @Flag(help: "Adam/AdamW: use the AMSGrad maximum of the second moment.")
    var amsgrad = false
    @Flag(help: "Momentum: the classical form v = μv + g instead of the course's v = βv + (1-β)g.")
    var classicalMomentum = false
    @Flag(help: "AdamW: decay biases too (default: weights only, as the course regularizes).")
    var decayBiases = false

    @Option(name: .customLong("lr-schedule"), help: "Learning-rate schedule, applied after each epoch.")
    var schedule = CaseName<LearningRateDecay>(argument: "constant")!
    @Option(help: "inverse-time / scheduled: α0 / (1 + rate·epoch) or α0 / (1 + rate·⌊epoch/interval⌋).")
    var decayRate: Double?
    @Option(help: "scheduled: the interval in epochs (default 1000).")
    var decayInterval: Int?
    @Option(help: "exponential / step: the factor γ.")
    var gamma: Double?
    @Option(help: "step: epochs between reductions.")
    var stepSize: Int?
    @Option(help: "cosine: epochs to anneal over (default: all).")
    var cosineEpochs: Int?
    @Option(help: "cosine / polynomial / cosine-restarts / plateau: the smallest learning rate.")
    var minLearningRate: Double?
    @Option(help: "polynomial: epochs to decay over (default: all).")
    var decayEpochs: Int?
    @Option(help: "polynomial: the power p of (1 − epoch/T)^p (default 1, linear).")
    var power: Double?
    @Option(help: "cosine-restarts: the epochs of the first cycle (default 10).")
    var restartPeriod: Int?
    @Option(help: "cosine-restarts: each cycle is this many times longer than the one before (default 1).")
    var restartMultiplier: Int?
    @Option(help: "plateau: factor applied when the monitored cost stalls.")
    var plateauFactor: Double?
    @Option(help: "plateau: epochs without improvement before reducing.")
    var plateauPatience: Int?

    @Option(help: "plateau: the smallest cost decrease that counts as an improvement (default 1e-4).")
    var plateauThreshold: Double?

    @Option(help: "plateau: the threshold is an absolute decrease (Keras) or relative to the best cost (PyTorch's default).")
    var plateauThresholdMode: LearningRateDecay.ThresholdMode?

    @Option(help: "plateau: epochs to wait after a reduction before counting stalls again (default 0).")
    var plateauCooldown: Int?

    @Option(help: "Rescale gradients whose global norm exceeds this value.")
    var clipNorm: Double?
    @Option(help: "Clamp every gradient entry to ± this value.")
    var clipValue: Double?

    @Option(help: "Stop when the dev cost has not improved for this many epochs, and restore the best weights (needs --dev-fraction or --dev FILE).")
    var earlyStopping: Int?
    @Option(help: "Smallest dev-cost decrease that counts as an improvement for early stopping.")
    var minImprovement: Double = 0

    @Option(help: "When the cost stays above 10× its best (and 1 above it) for 10 epochs: stop with an error (exit 1, the weights kept and saved with --save) or warn and go on.")
    var onDivergence: DivergenceRule.Action = .stop

    @Option(help: "Record per-layer statistics (gradient, weight and update norms, activations, dead and saturated units) every N steps, warn about vanishing or exploding gradients, dead ReLUs and update sizes (0: off).")
    var diagnostics: Int = 100

    @Option(help: "How the recorded cost is computed: stable (from logits) or course (the labs' nansum formula, may print inf).")
    var costFormula: CostFormula = .stable

    @Option(help: "Dropout masks: fresh every step, or course (reseeded with seed(1) every iteration, as the Regularization lab).")
    var dropoutMasks: DropoutMasksOption = .fresh

    func validate() throws {
        if !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate: must be positive and finite, got \(learningRate)")
        }
        if epochs < 0 { throw ValidationError("--epochs: must be non-negative, got \(epochs)") }
        if diagnostics < 0 { throw ValidationError("--diagnostics: must be non-negative (0: off), got \(diagnostics)") }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size: must be a positive integer, got \(batchSize)") }
        if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) { throw ValidationError("--clip-norm: must be positive, got \(clipNorm)") }
        if let clipValue, !(clipValue > 0 && clipValue.isFinite) { throw ValidationError("--clip-value: must be positive, got \(clipValue)") }
        if let earlyStopping, earlyStopping < 0 { throw ValidationError("--early-stopping: patience must be non-negative, got \(earlyStopping)") }
        if !(minImprovement >= 0 && minImprovement.isFinite) { throw ValidationError("--min-improvement: must be non-negative, got \(minImprovement)") }
        do {
            _ = try optimizerAlgorithm()
            try learningRateDecay().validate(initialLearningRate: learningRate)
        } catch {
            throw ValidationError(error.commandLineText)
        }
    }

    /// The `--optimizer` with its hyperparameter options (checked by `validate()`).
    func optimizerAlgorithm() throws(HyperparameterError) -> OptimizerAlgorithm {
        try OptimizerAlgorithm(name: optimizer.name, beta: beta, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                               initialAccumulator: initialAccumulator, amsgrad: amsgrad, classicalMomentum: classicalMomentum, decaysBiases: decayBiases)
    }

    /// The `--lr-schedule` with its options (checked by `validate()`).
    func learningRateDecay() throws(HyperparameterError) -> LearningRateDecay {
        try LearningRateDecay(
            name: schedule.name, decayRate: decayRate, decayInterval: decayInterval, gamma: gamma, stepSize: stepSize,
            cosineEpochs: cosineEpochs, minimumLearningRate: minLearningRate, decayEpochs: decayEpochs, power: power,
            restartPeriod: restartPeriod, restartMultiplier: restartMultiplier, plateauFactor: plateauFactor,
            plateauPatience: plateauPatience, plateauThreshold: plateauThreshold, plateauThresholdMode: plateauThresholdMode,
            plateauCooldown: plateauCooldown)
    }

    /// When the run counts as diverging (the rule's defaults) and what happens then (`--on-divergence`).
    var divergenceRule: DivergenceRule { DivergenceRule(action: onDivergence) }

    /// The library's training options for a run with `regularization` and `keepProbability`.
    func trainingOptions(regularization: Regularization) -> TrainingOptions {
        TrainingOptions(
            epochs: epochs, batchSize: batchSize, shuffle: shuffle.mode, regularization: regularization,
            dropoutMasks: dropoutMasks.mode, costFormula: costFormula, clipNorm: clipNorm, clipValue: clipValue,
            earlyStoppingPatience: earlyStopping, earlyStoppingMinimumImprovement: minImprovement,
            divergence: divergenceRule, diagnosticsInterval: diagnostics == 0 ? nil : diagnostics,
            recordsTrainingAccuracy: true)
    }
}
