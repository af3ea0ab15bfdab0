import Foundation

extension TrainingSettings {
    /// Whether `data` names a course dataset (the labs' defaults apply) rather than a file.
    public var isCourseData: Bool { CourseDataset(rawValue: data) != nil }

    /// `1,3` as `[1, 3]`: layer numbers from 1, in increasing order; `nil` for anything else.
    public static func layerNumbers(_ text: String) -> [Int]? {
        let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        return Array(Set(numbers.compactMap { $0 })).sorted()
    }

    /// `a, b,c` as `["a", "b", "c"]`.
    public static func columns(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Checks how the settings go together (each value was checked when set): the data's files
    /// and splits, label smoothing and early stopping against the task and the dev set, and the
    /// optimizer's and schedule's hyperparameters. Throws the first problem, naming the options.
    public func validate() throws(SettingError) {
        let npy = { (path: String) in path.lowercased().hasSuffix(".npy") }
        let conflicts: [(Bool, String)] = [
            ((testFraction ?? 0) + (devFraction ?? 0) >= 1, "--test-fraction and --dev-fraction: together they must leave training data"),
            (dev != nil && devFraction != nil, "--dev and --dev-fraction: give one or the other"),
            (dev.map { npy($0) || $0 == "-" } ?? false, "--dev: a CSV file (a .npy dev set or standard input is not supported)"),
            (test != nil && testFraction != nil, "--test and --test-fraction: give one or the other"),
            (isCourseData && (label != nil || labels != nil), "--label/--labels: only apply to CSV or .npy files, not the course dataset '\(data)'"),
            (!isCourseData && !data.contains(".") && !data.contains("/") && data != "-",
             "--data: unknown dataset '\(data)'; use moons, circles, football, spiral, blobs, a path to a .csv or .npy file, or - for standard input"),
            (data == "-" && test == "-", "--data - and --test -: standard input can hold only one of them"),
            (npy(data) && labels == nil, "--labels: a .npy --data file (\(data)) needs its labels: add --labels FILE.npy"),
            (test.map { npy($0) && testLabels == nil } ?? false,
             "--test-labels: a .npy --test file (\(test ?? "")) needs its labels: add --test-labels FILE.npy"),
            (testLabels != nil && !(test.map(npy) ?? false), "--test-labels: only applies with a .npy --test file"),
            (labels != nil && !isCourseData && !npy(data),
             "--labels: only applies to a .npy --data file; a CSV's labels are one of its columns (see --label)"),
            (label != nil && npy(data) && !(test.map { !npy($0) } ?? false),
             "--label: names a CSV column; a .npy --data file takes its labels from --labels FILE.npy"),
            (isCourseData && task == .regression, "--task regression: the course datasets are classification problems"),
            ((labelSmoothing ?? 0) > 0 && task == .regression, "--label-smoothing: applies to classification, not --task regression"),
            (earlyStopping != nil && devFraction == nil && dev == nil,
             "--early-stopping: needs a dev set; add --dev-fraction (e.g. 0.2) or --dev FILE"),
            (batchNorm && layerNorm, "--batch-norm and --layer-norm: a layer has one normalization; give one or the other"),
            (normalizedLayers != nil && !batchNorm && !layerNorm, "--normalized-layers: applies with --batch-norm or --layer-norm"),
            (batchNormMomentum != nil && !batchNorm, "--batch-norm-momentum: applies with --batch-norm"),
            (normEpsilon != nil && !batchNorm && !layerNorm, "--norm-epsilon: applies with --batch-norm or --layer-norm"),
        ]
        if let (_, message) = conflicts.first(where: \.0) { throw .conflict(message) }
        let hiddenCount = effective.hidden.sizes.count
        if batchNorm || layerNorm {
            let option = batchNorm ? "--batch-norm" : "--layer-norm"
            if hiddenCount == 0 { throw .conflict("\(option): normalizes hidden layers, and --hidden gives none") }
            if let beyond = (normalizedLayers.flatMap(Self.layerNumbers) ?? []).first(where: { $0 > hiddenCount }) {
                throw .conflict("--normalized-layers: layer \(beyond) is not a hidden layer (there \(hiddenCount == 1 ? "is 1" : "are \(hiddenCount)"))")
            }
        }
        do {
            let settings = effective
            _ = try settings.optimizerAlgorithm()
            try settings.learningRateDecay().validate(initialLearningRate: settings.learningRate)
        } catch {
            throw .conflict(error.optionText)
        }
    }

    /// The run these settings describe (`effective`: a file's defaults applied), after `validate()`.
    public func runConfiguration() throws(SettingError) -> RunConfiguration {
        try validate()
        let settings = effective
        do {
            return try settings.configuration()
        } catch {
            throw .conflict(error.optionText)
        }
    }

    /// The configuration of exactly these settings.
    private func configuration() throws(HyperparameterError) -> RunConfiguration {
        RunConfiguration(data: dataConfiguration, model: modelConfiguration, optimizer: try optimizerAlgorithm(),
                         learningRate: learningRate, schedule: try learningRateDecay(), training: trainingOptions)
    }

    /// The data, its splits and its columns as the library's configuration.
    public var dataConfiguration: DataConfiguration {
        let delimiter = delimiter.flatMap(CSVLoadingOptions.delimiter(named:)) ?? CSVLoadingOptions.delimiter(impliedBy: data)
        return DataConfiguration(
            source: DataSource(data, labels: labels), test: test.map { DataSource($0, labels: testLabels) }, dev: dev.map { DataSource($0) },
            labelColumn: label, delimiter: String(delimiter), testFraction: testFraction, devFraction: devFraction,
            normalization: normalize, task: task, targetScaling: targetScaling, tabular: tabularOptions)
    }

    /// How a table's columns become features.
    public var tabularOptions: TabularOptions {
        TabularOptions(
            categorical: categorical.map(Self.columns) ?? [], numeric: numeric.map(Self.columns) ?? [], ignore: ignore.map(Self.columns) ?? [],
            features: features.map(Self.columns), maxCategories: maxCategories,
            missingValues: MissingValueTokens(adding: naValues.map(Self.columns) ?? []), imputation: impute,
            missingIndicators: missingIndicators, missing: missing, dropsMissingLabels: dropMissingLabels)
    }

    /// The network as the library's model configuration.
    public var modelConfiguration: ModelConfiguration {
        let epsilon = normEpsilon ?? Normalization.defaultEpsilon
        let normalization: Normalization? = batchNorm ? .batch(momentum: batchNormMomentum ?? Normalization.defaultMomentum, epsilon: epsilon)
            : layerNorm ? .layer(epsilon: epsilon) : nil
        return ModelConfiguration(hiddenLayers: hidden.sizes, activation: activation, initializer: initializer,
                                  keepProbability: keepProbability, normalization: normalization,
                                  normalizedLayers: normalization == nil ? nil : normalizedLayers.flatMap(Self.layerNumbers),
                                  precision: precision, seed: seed)
    }

    /// L2, L1 and label smoothing.
    public var regularization: Regularization { Regularization(l2: l2, l1: l1, labelSmoothing: labelSmoothing ?? 0) }

    /// `--optimizer` with its hyperparameters.
    public func optimizerAlgorithm() throws(HyperparameterError) -> OptimizerAlgorithm {
        try OptimizerAlgorithm(name: optimizer.name, values: hyperparameters.filter { Self.optimizerFields.contains($0.key) })
    }

    /// `--lr-schedule` with its hyperparameters.
    public func learningRateDecay() throws(HyperparameterError) -> LearningRateDecay {
        try LearningRateDecay(name: schedule.name, values: hyperparameters.filter { Self.scheduleFields.contains($0.key) })
    }

    /// The fields of every optimizer's hyperparameters.
    private static let optimizerFields = Set(OptimizerAlgorithm.descriptors.flatMap(\.fields))
    /// The fields of every schedule's hyperparameters.
    private static let scheduleFields = Set(LearningRateDecay.descriptors.flatMap(\.fields))

    /// The divergence rule's defaults with `--on-divergence`.
    public var divergenceRule: DivergenceRule { DivergenceRule(action: onDivergence) }

    /// Epochs, batches, regularization, clipping, early stopping, divergence and diagnostics.
    public var trainingOptions: TrainingOptions {
        TrainingOptions(
            epochs: epochs, batchSize: batchSize, shuffle: shuffle, regularization: regularization, dropoutMasks: dropoutMasks,
            costFormula: costFormula, clipNorm: clipNorm, clipValue: clipValue, earlyStoppingPatience: earlyStopping,
            earlyStoppingMinimumImprovement: minImprovement,
            convergencePatience: convergencePatience == 0 ? nil : convergencePatience,
            convergenceTolerance: convergenceTolerance ?? TrainingOptions.defaultConvergenceTolerance, divergence: divergenceRule,
            diagnosticsInterval: diagnostics == 0 ? nil : diagnostics, recordsTrainingAccuracy: true)
    }

    /// Every setting that shapes the trained weights, by name, with its value as text (empty: not
    /// given) — what a checkpoint's fingerprint and a model file's `training_options` record.
    public var recordedValues: [(name: String, value: String)] {
        let settings = effective
        return Self.vocabulary.filter(\.shapesRun).map { ($0.name, $0.record(settings)) }
    }

    /// `recordedValues` as `name=value` parts: a checkpoint is resumed only by the same run.
    public var fingerprint: String {
        recordedValues.map { "\($0.name)=\($0.value)" }.joined(separator: TrainingCheckpointFile.fingerprintSeparator)
    }

    /// `recordedValues` without the empty ones: a model file's `training_options`.
    public var trainingOptionsMetadata: [String: String] {
        Dictionary(recordedValues.filter { !$0.value.isEmpty }.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The option a library error's `field` is set by (`--beta1`), or the field itself.
    public static func optionName(forField field: String) -> String {
        setting(forField: field).map { "--\($0.name)" } ?? field
    }
}

extension HyperparameterError {
    /// The description with the field spelled as its option: `--beta1 1.5 is invalid: it must lie in [0, 1).`
    public var optionText: String {
        switch self {
        case .unknownName: description
        case .invalidValue(let field, let value, let requirement): "\(TrainingSettings.optionName(forField: field)) \(value) is invalid: it \(requirement)."
        case .notApplicable(let field, let name, let concept):
            "\(TrainingSettings.optionName(forField: field)) does not apply to the \(name) \(concept.rawValue)."
        }
    }
}

extension DataPreparationIssue {
    /// The description with the field spelled as its option; a field without a value is the
    /// option that changes the outcome, named after the message.
    public var optionText: String {
        guard let field else { return message }
        guard let value else { return "\(message) (see \(TrainingSettings.optionName(forField: field)))" }
        return "\(TrainingSettings.optionName(forField: field)) \(value): \(message)"
    }
}

extension TrainingSettings {
    /// The bytes training this network needs (`Network.estimatedMemory` in the run's precision, or
    /// the float64 draw of its initialization when larger) for `inputs` and `outputs` units, a
    /// mini-batch of `batchSize`, an evaluation batch of `evaluationSize` and the optimizer's
    /// state slots.
    public func memoryNeeded(inputs: Int, outputs: Int, batchSize: Int, evaluationSize: Int, optimizerSlots: Int) -> Int {
        let sizes = [inputs] + hidden.sizes + [outputs]
        let needed = switch precision {
        case .float64: Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: batchSize, evaluationSize: evaluationSize, optimizerSlots: optimizerSlots,
                                                       normalized: batchNorm || layerNorm)
        case .float32: Network<Float>.estimatedMemory(layerSizes: sizes, batchSize: batchSize, evaluationSize: evaluationSize, optimizerSlots: optimizerSlots,
                                                      normalized: batchNorm || layerNorm)
        }
        // Building the network draws it in float64 first, then converts.
        let initialization = Network<Double>.estimatedMemory(layerSizes: sizes, batchSize: 0, optimizerSlots: 0) / 4
        return Swift.max(needed, initialization)
    }
}
