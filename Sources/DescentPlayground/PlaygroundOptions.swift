import Descent

/// `/api/options`' answer: what the page offers, from the library's own lists, the settings' help,
/// the labs' presets and the server's limits.
package struct PlaygroundOptions: Encodable {
    struct Dataset: Encodable {
        var name: String
        var description: String
    }
    struct Limits: Encodable {
        var hiddenLayers: Int
        var units: Int
        var epochs: Int
        var uploadBytes: Int
        var examples: Int
        var runs: Int
    }

    var datasets = CourseDataset.allCases.map { Dataset(name: $0.rawValue, description: $0.description) }
    var activations = Activation.allCases.filter { $0 != .softmax }.map(\.rawValue)
    var initializers = Initializer.names
    var optimizers = OptimizerAlgorithm.names
    var schedules = LearningRateDecay.names
    var presets = PlaygroundPreset.labs
    var settings = PlaygroundSettings.optionNames + ["pace"]
    /// Each playground setting's help (the page's tooltips), from the vocabulary.
    var help = Dictionary(uniqueKeysWithValues: TrainingSettings.vocabulary.filter(\.isPlaygroundField).map { ($0.name, $0.help) })
    var limits: Limits

    package init(limits: PlaygroundLimits) {
        self.limits = Limits(hiddenLayers: limits.maximumHiddenLayers, units: limits.maximumUnits, epochs: limits.maximumEpochs,
                             uploadBytes: limits.maximumUploadBytes, examples: limits.maximumExamples, runs: limits.maximumRuns)
    }
}
