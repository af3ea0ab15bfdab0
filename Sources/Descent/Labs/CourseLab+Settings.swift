extension CourseLab {
    /// One training run of a lab as `descent train` settings: its name (`LabRun.name`) and what it
    /// trains — data, hidden layers, initializer, keep probability and dropout masks, L2, learning
    /// rate and schedule, optimizer, batches and shuffling, epochs, seed and cost formula.
    public struct RunSettings: Sendable, Equatable {
        /// The run's name (`he`, `l2`, `adam-scheduled-decay`).
        public var name: String
        /// The run's settings, as given (`TrainingSettings.givenValues` lists them in order).
        public var settings: TrainingSettings

        /// Run `name` with the settings `values` give, in order (a later value replaces an earlier one).
        init(_ name: String, _ values: [(name: String, value: String)]) {
            self.name = name
            // The course's constants, valid settings by construction (CourseLabSettingsTests reads every one).
            settings = try! TrainingSettings(values: values)
        }
    }

    /// The runs `plan(epochs:)` trains, in the course's order, as the settings `plan` reads them
    /// from (so a lab's learning rate, say, is written here once). Empty for the gradient check,
    /// which trains nothing, and for the depth lab, whose ½× and 2× He scales are not settings.
    public var runSettings: [RunSettings] {
        switch self {
        case .initialization:
            return [("zeros", "zeros"), ("random", "random"), ("he", "he")].map { name, initializer in
                RunSettings(name, [("data", "circles"), ("hidden", "10,5"), ("init", initializer), ("learning-rate", "0.01"),
                                   ("epochs", "15000"), ("seed", "3"), ("cost-formula", "course")])
            }
        case .regularization:
            let shared = [("data", "football"), ("hidden", "20,3"), ("init", "scaled-by-fan-in"), ("learning-rate", "0.3"),
                          ("epochs", "30000"), ("seed", "3"), ("cost-formula", "course")]
            return [
                RunSettings("none", shared), RunSettings("l2", shared + [("l2", "0.7")]),
                RunSettings("dropout", shared + [("keep-prob", "0.86"), ("dropout-masks", "course")]),
                RunSettings("dropout-fresh-masks", shared + [("keep-prob", "0.86")]),
            ]
        case .optimization:
            let shared = [("data", "moons"), ("hidden", "5,2"), ("init", "he"), ("learning-rate", "0.0007"), ("batch-size", "64"),
                          ("shuffle", "lab"), ("epochs", "10000"), ("seed", "3"), ("cost-formula", "course")]
            let optimizers = [("gd", [("optimizer", "gd")]), ("momentum", [("optimizer", "momentum"), ("beta", "0.9")]),
                              ("adam", [("optimizer", "adam")])]
            let constant = optimizers.map { name, optimizer in RunSettings(name, shared + optimizer) }
            // The later revision's runs: a larger starting rate divided by 1 + ⌊epoch / 1000⌋, for 5000 epochs.
            let decaying = zip(optimizers, ["0.1", "0.1", "0.01"]).map { optimizer, rate in
                RunSettings("\(optimizer.0)-scheduled-decay", shared + optimizer.1 + [
                    ("learning-rate", rate), ("lr-schedule", "scheduled"), ("decay-rate", "1"), ("decay-interval", "1000"), ("epochs", "5000"),
                ])
            }
            return constant + decaying
        case .batchNormalization:
            // An 8-hidden-layer ReLU network on circles, mini-batch gradient descent, with and without batch normalization.
            let shared = [("data", "circles"), ("hidden", Array(repeating: "32", count: 8).joined(separator: ",")), ("init", "he"),
                          ("optimizer", "gd"), ("batch-size", "64"), ("epochs", "300"), ("seed", "3")]
            return Self.batchNormalizationRates.flatMap { rate in
                [RunSettings("plain-\(rate)", shared + [("learning-rate", rate)]),
                 RunSettings("batch-norm-\(rate)", shared + [("learning-rate", rate), ("batch-norm", "")])]
            }
        case .gradientChecking, .vanishingGradients:
            return []
        }
    }

    /// The learning rates of the batch-normalization lesson, small to large.
    static var batchNormalizationRates: [String] { ["0.01", "0.1", "1"] }

    /// The data the lab's runs train on (`runSettings`' `data`, a course dataset).
    func runData() throws -> TrainTestSplit<Double> {
        try CourseDataset(rawValue: runSettings[0].settings.data)!.load()
    }

    /// The plan's runs: each trains its settings' network (drawn from `NumpyRandom(seed:)`) on
    /// `data` — for `epochs` when given, its settings' epochs otherwise — and is described by
    /// `summary` of its settings, epoch count and layer sizes.
    func plannedRuns(on data: TrainTestSplit<Double>, epochs: Int?, printEvery: Int, stepName: String,
                     summary: @escaping @Sendable (_ run: RunSettings, _ epochs: Int, _ layerSizes: [Int]) -> String) -> [LabPlan.Run] {
        runSettings.map { run in LabPlan.Run { progress in
            let settings = run.settings
            let epochs = epochs ?? settings.epochs
            var random = NumpyRandom(seed: settings.seed)
            // Every lab run names its initializer.
            let network = Network<Double>(layerSizes: [data.train.featureCount] + settings.hidden.sizes + [1], initializer: settings.initializer!,
                                          keepProbability: settings.keepProbability, normalization: settings.modelConfiguration.normalization,
                                          normalizedLayers: settings.modelConfiguration.normalizedLayers.map(Set.init), using: &random)
            let options = TrainingOptions(epochs: epochs, batchSize: settings.batchSize, shuffle: settings.shuffle, regularization: settings.regularization,
                                          dropoutMasks: settings.dropoutMasks, costFormula: settings.costFormula)
            // Valid by construction, as the settings.
            return Self.train(
                name: run.name, summary: summary(run, epochs, network.layerSizes), network: network, data: data, options: options,
                optimizer: try! settings.optimizerAlgorithm(), learningRate: settings.learningRate, schedule: try! settings.learningRateDecay(),
                random: &random, printEvery: printEvery, stepName: stepName, progress: progress)
        } }
    }
}
