import Foundation

/// Every setting of a training run as a typed value — what `descent train`'s options, a study's
/// shared settings and trials, and the playground's URL hold — with the names of those given, in
/// the order given (so a printed command lists them as they were written).
///
/// Write settings by name with `set(_:to:)` (read one with its `TrainingSetting.text(in:)`), which check each
/// value against its `TrainingSetting` in `vocabulary`; `runConfiguration()` checks how they go
/// together and makes the library's `RunConfiguration`. Defaults are the course's (`circles`,
/// layers 10,5, gradient descent at 0.01 for 15,000 epochs, seed 3); the initializer and the
/// normalization default by the data (see their settings).
public struct TrainingSettings: Sendable, Equatable {
    // Data
    public var data = "circles"
    public var test: String?
    public var label: String?
    public var dev: String?
    public var labels: String?
    public var testLabels: String?
    public var delimiter: String?
    public var testFraction: Double?
    public var devFraction: Double?
    public var normalize: FeatureScaler.Method?
    public var task = DataConfiguration.Task.auto
    public var targetScaling = DataConfiguration.TargetScaling.standard
    // Table columns
    public var categorical: String?
    public var numeric: String?
    public var ignore: String?
    public var features: String?
    public var maxCategories = 50
    public var naValues: String?
    public var impute = TabularOptions.Imputation.mean
    public var missingIndicators = false
    public var missing = TabularOptions.MissingPolicy.impute
    public var dropMissingLabels = false
    // Model
    public var hidden = HiddenLayerSizes([10, 5])
    public var activation = Activation.relu
    public var initializer: Initializer?
    public var keepProbability = 1.0
    public var batchNorm = false
    public var layerNorm = false
    /// The hidden layers normalized, as written (`1,3`); `nil`: every hidden layer.
    public var normalizedLayers: String?
    public var batchNormMomentum: Double?
    public var normEpsilon: Double?
    public var l2 = 0.0
    public var l1 = 0.0
    public var labelSmoothing: Double?
    public var precision = Precision.float64
    public var seed: UInt32 = 3
    // Optimization
    public var learningRate = 0.01
    public var epochs = 15000
    public var batchSize: Int?
    public var shuffle = ShuffleMode.standard
    public var optimizer = CaseName<OptimizerAlgorithm>(OptimizerAlgorithm.courseDefault.name)
    public var schedule = CaseName<LearningRateDecay>(LearningRateDecay.standard.name)
    /// The optimizers' and schedules' hyperparameters given, by flat field name (`beta1`,
    /// `decayRate`; a flag as 1 when on, a choice as its index): each an option of its own, from
    /// the descriptors (`TrainingSetting.hyperparameters(of:)`).
    public var hyperparameters: [String: Double] = [:]
    public var clipNorm: Double?
    public var clipValue: Double?
    public var earlyStopping: Int?
    public var minImprovement = 0.0
    public var convergencePatience: Int?
    public var convergenceTolerance: Double?
    public var onDivergence = DivergenceRule.Action.stop
    public var diagnostics = 100
    public var costFormula = CostFormula.stable
    public var dropoutMasks = DropoutMaskMode.fresh

    /// The names of the settings given, in the order given (the rest keep their defaults).
    public private(set) var given: [String] = []

    /// Every setting at its default.
    public init() {}

    /// The settings `values` give, in order (`name`, text); a later value of a name replaces an
    /// earlier one. Throws for an unknown name or a value its setting does not take.
    public init(values: [(name: String, value: String)]) throws(SettingError) {
        for (name, value) in values { try set(name, to: value) }
    }

    /// The setting called `name` (`learning-rate`).
    public static func setting(named name: String) -> TrainingSetting? { index[name].map { vocabulary[$0] } }

    /// The setting whose library errors name `field` (`learningRate` → `learning-rate`).
    public static func setting(forField field: String) -> TrainingSetting? { fieldIndex[field].map { vocabulary[$0] } }

    private static let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($0.element.name, $0.offset) })
    private static let fieldIndex = Dictionary(
        vocabulary.enumerated().compactMap { item in item.element.field.map { ($0, item.offset) } }, uniquingKeysWith: { first, _ in first })

    /// Whether setting `name` was given.
    public func isGiven(_ name: String) -> Bool { given.contains(name) }

    /// Sets `name` from `text` (a flag: `true`/`false`, or empty for on) and records it as given
    /// (at its first position). Throws for an unknown name or a value it does not take.
    public mutating func set(_ name: String, to text: String) throws(SettingError) {
        guard let setting = Self.setting(named: name) else { throw .unknown(name: name, suggestion: Self.suggestion(for: name)) }
        try setting.write(&self, text)
        if !given.contains(name) { given.append(name) }
    }

    /// Puts `name` back to its default and forgets that it was given.
    public mutating func reset(_ name: String) {
        guard let setting = Self.setting(named: name) else { return }
        try? setting.write(&self, nil)
        given.removeAll { $0 == name }
    }

    /// The settings a run uses: for a file of the user's, every setting not given that has a
    /// `fileDefault` set to it (they stay not given: a printed command leaves them out and still
    /// reproduces the run) where it applies to the settings given (`fileDefaultApplies`); for a
    /// course dataset, these settings as they are.
    public var effective: TrainingSettings {
        guard !isCourseData else { return self }
        var settings = self
        for setting in Self.vocabulary where !isGiven(setting.name) {
            if let text = setting.fileDefault, setting.fileDefaultApplies(self) { try? setting.write(&settings, text) }
        }
        return settings
    }

    /// Whether a numeric file is read straight into the training precision: only when
    /// `--precision` is given. A file's float32 default is prepared in float64 and converted once
    /// standardized (`PreparedData`'s `readsFloat32`), so the two float32 runs differ on decimals
    /// and are recorded apart.
    public var readsInTrainingPrecision: Bool { isGiven("precision") }

    /// These settings without those a study's trials do not see (`TrainingSetting.isSeenByTrials`: the test file).
    public var seenByTrials: TrainingSettings {
        var settings = self
        for setting in Self.vocabulary where !setting.isSeenByTrials { settings.reset(setting.name) }
        return settings
    }

    /// Sets `name` and moves it to the end of the given settings (a halving rung's epochs).
    public mutating func replace(_ name: String, with text: String) throws(SettingError) {
        given.removeAll { $0 == name }
        try set(name, to: text)
    }

    /// The given settings, in order, as (name, text) — flags that are off left out.
    public var givenValues: [(name: String, value: String)] {
        given.compactMap { name in
            guard let setting = Self.setting(named: name), let text = setting.read(self) else { return nil }
            if setting.isFlag { return text == "true" ? (name, "") : nil }
            return (name, text)
        }
    }

    /// Equal values; the order settings were given in does not count.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        vocabulary.allSatisfy { $0.read(lhs) == $0.read(rhs) } && Set(lhs.given) == Set(rhs.given)
    }

    /// The closest setting name to `name` (an edit distance of at most a third of it), for "did you mean".
    public static func suggestion(for name: String) -> String? {
        let scored = vocabulary.map { ($0.name, editDistance(Array(name), Array($0.name))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, name.count / 3) else { return nil }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension TrainingSettings {
    /// The given settings as `descent train` arguments: `--name value` (`--name=value` for a value
    /// that starts with `-` and is not `-` alone), a flag alone.
    public var arguments: [String] { Self.arguments(givenValues, flags: Set(given.filter { Self.setting(named: $0)?.isFlag == true })) }

    /// `pairs` as command-line arguments; a name in `flags` is written alone. An empty value of
    /// another setting is written as an empty argument.
    public static func arguments(_ pairs: [(name: String, value: String)], flags: Set<String> = []) -> [String] {
        pairs.flatMap { name, value -> [String] in
            if flags.contains(name) { return ["--\(name)"] }
            return value.hasPrefix("-") && value != "-" ? ["--\(name)=\(value)"] : ["--\(name)", value]
        }
    }

    /// `descent train …` with the given settings, each argument quoted for a POSIX shell where needed.
    public var command: String { ShellCommand.line(["descent", "train"] + arguments) }
}

extension TrainingSettings: Codable {
    /// Decodes `[["name", "value"], …]` (the given settings in order), each checked as `set` does.
    public init(from decoder: any Decoder) throws {
        let pairs = try decoder.singleValueContainer().decode([[String]].self)
        self.init()
        for pair in pairs {
            guard pair.count == 2 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a setting is [name, value], got \(pair)"))
            }
            do {
                try set(pair[0], to: pair[1])
            } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
            }
        }
    }

    /// Encodes the given settings in order as `[["name", "value"], …]` (a flag as `true`/`false`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(given.compactMap { name in Self.setting(named: name)?.read(self).map { [name, $0] } })
    }
}
