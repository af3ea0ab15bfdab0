import DescentCLI
import Foundation
import Testing
@testable import Descent

/// The settings vocabulary: parsing, checking, printing, recording — each derived from the one list.
@Suite struct TrainingSettingsTests {
    /// The fingerprint `descent train` recorded before the vocabulary (read from a checkpoint written
    /// by commit 88914c5 for `--data moons --hidden 5,2 --optimizer adam --learning-rate 0.001
    /// --batch-size 64 --epochs 3`): checkpoints written then must still resume.
    static let earlierFingerprint = """
        data=moons | test= | dev= | label= | labels= | test-labels= | delimiter=, | test-fraction= | dev-fraction= | normalize=default | \
        task=classification | hidden=5,2 | activation=relu | init=he | keep-prob=1.0 | l2=0.0 | l1=0.0 | label-smoothing= | precision=float64 | \
        seed=3 | learning-rate=0.001 | epochs=3 | batch-size=64 | shuffle=standard | optimizer=adam | beta= | beta1= | beta2= | epsilon= | \
        weight-decay= | initial-accumulator= | amsgrad=false | classical-momentum=false | decay-biases=false | lr-schedule=constant | \
        decay-rate= | decay-interval= | gamma= | step-size= | cosine-epochs= | min-learning-rate= | decay-epochs= | power= | restart-period= | \
        restart-multiplier= | plateau-factor= | plateau-patience= | plateau-threshold= | plateau-threshold-mode= | plateau-cooldown= | \
        clip-norm= | clip-value= | early-stopping= | min-improvement=0.0 | cost-formula=stable | dropout-masks=fresh | on-divergence=stop | \
        categorical= | numeric= | ignore= | features= | max-categories=50 | na-values= | impute=mean | missing-indicators=false | \
        missing=impute | drop-missing-labels=false
        """

    @Test("the fingerprint records every setting that shapes the run, key for key as before")
    func fingerprintMatchesTheEarlierOne() throws {
        let settings = try TrainingSettings(arguments: ["--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--learning-rate", "0.001",
                                                        "--batch-size", "64", "--epochs", "3"])
        func parts(_ text: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: TrainingCheckpointFile.fingerprintParts(text).map { ($0.key, $0.value) })
        }
        // Settings added since record nothing (an empty value) when left at their default (unset, for a course
        // dataset): the earlier checkpoint still resumes.
        let added = parts(settings.fingerprint).filter { parts(Self.earlierFingerprint)[$0.key] == nil }
        #expect(added == ["convergence-patience": "", "convergence-tolerance": "", "target-scaling": "", "batch-norm": "", "layer-norm": "",
                          "normalized-layers": "", "batch-norm-momentum": "", "norm-epsilon": ""])
        #expect(parts(settings.fingerprint).filter { added[$0.key] == nil } == parts(Self.earlierFingerprint))
        #expect(TrainingCheckpointFile.fingerprintsMatch(stored: Self.earlierFingerprint, current: settings.fingerprint))
        let recorded = Set(settings.recordedValues.map(\.name))
        #expect(recorded == Set(TrainingSettings.vocabulary.map(\.name)).subtracting(["diagnostics"]), "every setting but the diagnostics' interval")
        #expect(settings.trainingOptionsMetadata["optimizer"] == "adam" && settings.trainingOptionsMetadata["test"] == nil)
    }

    @Test("the default initializer is He for the course datasets and Glorot uniform for files; --init overrides both")
    func defaultInitializerDependsOnTheData() throws {
        func recorded(_ arguments: [String]) throws -> String? {
            try TrainingSettings(arguments: arguments).recordedValues.first { $0.name == "init" }?.value
        }
        #expect(try recorded(["--data", "moons"]) == "he")
        #expect(try recorded([]) == "he", "circles")
        #expect(try recorded(["--data", "train.csv"]) == "glorot-uniform")
        #expect(try recorded(["--data", "-"]) == "glorot-uniform")
        #expect(try recorded(["--data", "train.csv", "--init", "he"]) == "he")
        #expect(try recorded(["--data", "moons", "--init", "glorot-uniform"]) == "glorot-uniform")
    }

    @Test("every setting takes its own text back, and a flag is on when given")
    func everySettingRoundTrips() throws {
        let defaults = TrainingSettings()
        for setting in TrainingSettings.vocabulary {
            var settings = TrainingSettings()
            // The default's text, else the first of a few samples the setting takes.
            let candidates = [setting.text(in: defaults), setting.choices?.first, "2", "0.5", "x;y"].compactMap { $0 }
            let text = try #require(candidates.first { var trial = TrainingSettings(); return (try? trial.set(setting.name, to: $0)) != nil })
            try settings.set(setting.name, to: text)
            // The text written back (`2.0` for a number given as `2`) reads to the same settings.
            var again = TrainingSettings()
            try again.set(setting.name, to: try #require(setting.text(in: settings)))
            #expect(again == settings, "\(setting.name): \(text)")
            #expect(settings.isGiven(setting.name))
            settings.reset(setting.name)
            #expect(settings == defaults, "\(setting.name) back to its default")
        }
    }

    @Test("a wrong value of any enumerated setting lists the values it takes")
    func enumeratedSettingsListTheirValues() throws {
        let enumerated = TrainingSettings.vocabulary.filter { $0.choices != nil }
        #expect(Set(enumerated.map(\.name)).isSuperset(of: ["optimizer", "lr-schedule", "activation", "init", "normalize", "task", "impute",
                                                              "missing", "precision", "shuffle", "cost-formula", "dropout-masks", "on-divergence",
                                                              "plateau-threshold-mode"]))
        for setting in enumerated {
            var settings = TrainingSettings()
            do {
                try settings.set(setting.name, to: "no-such-value")
                Issue.record("\(setting.name) took a wrong value")
            } catch {
                let message = error.description
                #expect(message.hasPrefix("--\(setting.name): must be one of "), "\(message)")
                for choice in setting.choices ?? [] { #expect(message.contains(choice), "\(setting.name): \(message) lacks \(choice)") }
            }
        }
    }

    @Test("a flag takes true or false")
    func flagsTakeTrueOrFalse() throws {
        #expect(throws: SettingError.invalid(name: "amsgrad", value: "maybe", requirement: "a flag is true or false")) {
            try TrainingSettings(values: [("amsgrad", "maybe")])
        }
        #expect(try TrainingSettings(values: [("amsgrad", "")]).hyperparameters["amsgrad"] == 1, "empty: on")
    }

    @Test("settings that do not go together are refused by validate, naming both")
    func conflictsAreRefused() throws {
        let cases: [([String], String)] = [
            (["--dev", "d.csv", "--dev-fraction", "0.2"], "--dev and --dev-fraction"),
            (["--test-fraction", "0.6", "--dev-fraction", "0.5"], "together they must leave training data"),
            (["--early-stopping", "5"], "--early-stopping: needs a dev set"),
            (["--data", "x.csv", "--task", "regression", "--label-smoothing", "0.1"], "--label-smoothing"),
            (["--optimizer", "gd", "--beta1", "0.9"], "--beta1 does not apply to the gd optimizer"),
            (["--optimizer", "adam", "--beta1", "1.5"], "--beta1 1.5 is invalid"),
            (["--data", "moons", "--task", "regression"], "course datasets are classification"),
        ]
        for (arguments, expected) in cases {
            let settings = try TrainingSettings(arguments: arguments)
            #expect(throws: SettingError.self) { try settings.validate() }
            do { try settings.validate() } catch { #expect(error.description.contains(expected), "\(arguments): \(error)") }
        }
        let good = try TrainingSettings(arguments: ["--data", "moons", "--optimizer", "adam", "--beta1", "0.8", "--dev-fraction", "0.2",
                                                    "--early-stopping", "3"]).runConfiguration()
        #expect(good.optimizer == .adam(beta1: 0.8) && good.training.earlyStoppingPatience == 3 && good.data.devFraction == 0.2)
    }

    @Test("normalization: the configuration made, the options that need it refused without it, layers beyond the hidden ones named")
    func normalizationSettings() throws {
        let batch = try TrainingSettings(values: [("data", "moons"), ("batch-norm", ""), ("batch-norm-momentum", "0.01"), ("hidden", "8,4,4"),
                                                  ("normalized-layers", "3,1")]).runConfiguration()
        #expect(batch.model.normalization == .batch(momentum: 0.01, epsilon: 1e-5) && batch.model.normalizedLayers == [1, 3])
        let layer = try TrainingSettings(values: [("data", "moons"), ("layer-norm", "on"), ("norm-epsilon", "0.001")]).runConfiguration()
        #expect(layer.model.normalization == .layer(epsilon: 0.001) && layer.model.normalizedLayers == nil)
        #expect(try TrainingSettings(values: [("data", "moons"), ("batch-norm", "off")]).runConfiguration().model.normalization == nil)
        let refused: [([(name: String, value: String)], String)] = [
            ([("batch-norm", ""), ("layer-norm", "")], "--batch-norm and --layer-norm"),
            ([("normalized-layers", "1")], "--normalized-layers: applies with --batch-norm or --layer-norm"),
            ([("batch-norm-momentum", "0.2")], "--batch-norm-momentum: applies with --batch-norm"),
            ([("layer-norm", ""), ("norm-epsilon", "0.01"), ("batch-norm-momentum", "0.2")], "--batch-norm-momentum: applies with --batch-norm"),
            ([("norm-epsilon", "0.01")], "--norm-epsilon: applies with"),
            ([("batch-norm", ""), ("hidden", "")], "--batch-norm: normalizes hidden layers, and --hidden gives none"),
            ([("layer-norm", ""), ("normalized-layers", "1,3")], "--normalized-layers: layer 3 is not a hidden layer (there are 2)"),
        ]
        for (values, expected) in refused {
            let settings = try TrainingSettings(values: [("data", "moons")] + values)
            #expect(throws: SettingError.self) { try settings.validate() }
            do { try settings.validate() } catch { #expect(error.description.contains(expected), "\(values): \(error)") }
        }
        for text in ["0", "1,x", "", "-1"] {
            #expect(throws: SettingError.self, "\(text)") { try TrainingSettings(values: [("normalized-layers", text)]) }
        }
    }

    @Test("batch normalization refuses batches of one, naming batch sizes that leave none, and stays silent otherwise")
    func batchesOfOneAreRefused() throws {
        func message(_ m: Int, _ batch: Int?) -> String? {
            let configuration = RunConfiguration(data: DataConfiguration(source: .course(.moons)), model: ModelConfiguration(hiddenLayers: [4], normalization: .batch),
                                                 training: TrainingOptions(epochs: 1, batchSize: batch))
            do { try configuration.checkTrainingBatches(examples: m); return nil } catch { return error.description }
        }
        for (m, batch) in [(300, 64), (300, nil), (2, nil), (300, 2), (193, 97), (64, 64), (65, 100)] { #expect(message(m, batch) == nil, "\(m), \(batch ?? 0)") }
        #expect(message(193, 64)?.hasSuffix("--batch-size 64 leaves a last mini-batch of 1 of the 193 training examples, and a batch of one has no variance to normalize by; use --batch-size 63 or --batch-size 65") == true)
        #expect(message(300, 1)?.contains("not --batch-size 1 (or use --layer-norm") == true)
        #expect(message(1, nil)?.contains("needs at least 2 training examples, and there is 1") == true)
        #expect(message(3, 2)?.hasSuffix("use --batch-size 3") == true, "\(message(3, 2) ?? "")")
        // Only a batch-normalized layer needs two examples: layer normalization, or batch normalization of no hidden layer, is silent.
        for model in [ModelConfiguration(hiddenLayers: [4], normalization: .layer), ModelConfiguration(hiddenLayers: [4], normalization: .batch, normalizedLayers: [2])] {
            let configuration = RunConfiguration(data: DataConfiguration(source: .course(.moons)), model: model, training: TrainingOptions(epochs: 1, batchSize: 1))
            #expect(!configuration.normalizesBatches && (try? configuration.checkTrainingBatches(examples: 300)) != nil)
        }
    }

    @Test("settings encode as the given (name, value) pairs and decode checked")
    func codableKeepsTheGivenOrder() throws {
        let settings = try TrainingSettings(arguments: ["--epochs", "30", "--data", "moons", "--amsgrad", "--optimizer", "adam"])
        let data = try JSONEncoder().encode(settings)
        #expect(String(decoding: data, as: UTF8.self) == #"[["epochs","30"],["data","moons"],["amsgrad","true"],["optimizer","adam"]]"#)
        let decoded = try JSONDecoder().decode(TrainingSettings.self, from: data)
        #expect(decoded == settings && decoded.given == settings.given)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrainingSettings.self, from: Data(#"[["epochs","-1"]]"#.utf8)) }
    }

    @Test("library errors name fields; the vocabulary spells them as options")
    func fieldsAreSpelledAsOptions() {
        #expect(TrainingSettings.optionName(forField: "beta1") == "--beta1")
        #expect(TrainingSettings.optionName(forField: "devFraction") == "--dev-fraction")
        #expect(TrainingSettings.optionName(forField: "minimumLearningRate") == "--min-learning-rate")
        #expect(TrainingSettings.optionName(forField: "missingValues") == "--na-values")
        #expect(TrainingSettings.optionName(forField: "nothing") == "nothing")
        #expect(HyperparameterError.invalidValue(field: "beta2", value: "2.0", requirement: "must lie in [0, 1)").optionText
            == "--beta2 2.0 is invalid: it must lie in [0, 1).")
    }

    @Test("tune's search names come from the vocabulary")
    func derivedLists() throws {
        #expect(throws: TuningError.self) {
            try StudyDefinition(method: .random, space: [SearchDimension("lr=log:1e-3..1e-1")], fixed: TrainingSettings(), seed: 0)
        }
        #expect(throws: TuningError.self) {
            try StudyDefinition(method: .random, space: [SearchDimension("data=moons|circles")], fixed: TrainingSettings(), seed: 0)
        }
    }

    @Test("every optimizer's and schedule's hyperparameter is a setting from its descriptor, and their names are the settings' values")
    func optimizerHyperparametersAreSettings() throws {
        let descriptors = OptimizerAlgorithm.descriptors.map { ($0.name, $0.parameters) } + LearningRateDecay.descriptors.map { ($0.name, $0.parameters) }
        for (name, parameters) in descriptors {
            for parameter in parameters {
                let setting = try #require(TrainingSettings.setting(forField: parameter.field), "\(name): \(parameter.field)")
                #expect(setting.name == parameter.option && setting.isFlag == (parameter.kind == .flag))
                #expect(setting.isPlaygroundField == parameter.isPlaygroundField || setting.isPlaygroundField)
                // Its help names every descriptor that takes it, with that descriptor's default.
                // (A help ending in a parenthesis takes the defaults inside it.)
                #expect(setting.help.contains(name) && setting.help.contains(parameter.help.hasSuffix(")") ? String(parameter.help.dropLast()) : parameter.help),
                        "\(setting.help)")
                if let value = parameter.defaultValue, parameter.kind == .integer || parameter.kind == .number {
                    let text = value == value.rounded() ? "\(Int(value))" : "\(value)".replacingOccurrences(of: "e-0", with: "e-")
                    #expect(setting.help.contains(text), "\(setting.help) lacks \(name)'s default \(text)")
                }
                if case .choice(let names) = parameter.kind { #expect(setting.choices == names) }
                // What a setting holds is what the library receives, by field.
                var settings = TrainingSettings()
                let isOptimizer = OptimizerAlgorithm.names.contains(name)
                try settings.set(isOptimizer ? "optimizer" : "lr-schedule", to: name)
                let text = parameter.text(parameter.defaultValue ?? 7)
                try settings.set(parameter.option, to: parameter.kind == .flag ? "true" : text)
                #expect(setting.text(in: settings) == (parameter.kind == .flag ? "true" : text))
                let values = isOptimizer ? Dictionary(uniqueKeysWithValues: try settings.optimizerAlgorithm().fields.map { ($0.name, $0.value) })
                    : try settings.learningRateDecay().values
                #expect(values[parameter.field] == (parameter.kind == .flag ? 1 : parameter.defaultValue ?? 7), "\(name): \(parameter.field)")
            }
        }
        // Each value is checked as its kind when set.
        var settings = TrainingSettings()
        #expect(throws: SettingError.invalid(name: "decay-interval", value: "2.5", requirement: "must be an integer")) { try settings.set("decay-interval", to: "2.5") }
        #expect(throws: SettingError.invalid(name: "plateau-threshold-mode", value: "sideways", requirement: "must be one of absolute, relative")) {
            try settings.set("plateau-threshold-mode", to: "sideways")
        }
        #expect(throws: SettingError.invalid(name: "amsgrad", value: "maybe", requirement: "a flag is true or false")) { try settings.set("amsgrad", to: "maybe") }
        #expect(throws: SettingError.invalid(name: "beta1", value: "high", requirement: "must be a number")) { try settings.set("beta1", to: "high") }
        // A flag set off is not held.
        try settings.set("amsgrad", to: "true")
        try settings.set("amsgrad", to: "false")
        #expect(settings.hyperparameters.isEmpty)
        #expect(TrainingSettings.setting(named: "optimizer")?.choices == OptimizerAlgorithm.names)
        #expect(TrainingSettings.setting(named: "lr-schedule")?.choices == LearningRateDecay.names)
    }

    @Test("a file gets a practitioner's defaults where none is given; a course dataset keeps the labs'; the command stays as given")
    func fileDefaults() throws {
        let file = try TrainingSettings(arguments: ["--data", "wine.csv", "--epochs", "30"])
        let run = file.effective
        #expect(run.optimizer.name == "adam" && run.learningRate == 0.001 && run.hidden.sizes == [100] && run.batchSize == 200)
        #expect(run.epochs == 30, "a given setting wins")
        #expect(run.given == ["data", "epochs"] && run.command == "descent train --data wine.csv --epochs 30")
        let configuration = try file.runConfiguration()
        #expect(configuration.optimizer == .adam() && configuration.training.batchSize == 200 && configuration.model.hiddenLayers == [100])
        #expect(file.trainingOptionsMetadata["optimizer"] == "adam" && file.trainingOptionsMetadata["batch-size"] == "200",
                "the model file records what the run used")
        let course = try TrainingSettings(arguments: ["--data", "moons"])
        #expect(course.effective == course && course.effective.optimizer.name == "gd" && course.effective.epochs == 15000)
        #expect(try course.runConfiguration().training.batchSize == nil, "the labs' full batch")
        #expect(TrainingSettings.vocabulary.filter { $0.fileDefault != nil }.map(\.name).sorted()
            == ["batch-size", "convergence-patience", "epochs", "hidden", "learning-rate", "optimizer", "precision"])
        #expect(run.convergencePatience == 10 && course.effective.convergencePatience == nil, "scikit-learn's stopping rule for a file only")
    }

    @Test("a file trains in float32 unless a raw value reaches the network (--normalize none, --target-scaling none) or float64 is given; a course dataset in float64")
    func filePrecision() throws {
        func precision(_ arguments: [String]) throws -> Precision { try TrainingSettings(arguments: arguments).effective.precision }
        #expect(try precision(["--data", "wine.csv"]) == .float32)
        #expect(try precision(["--data", "wine.csv", "--normalize", "minmax"]) == .float32)
        #expect(try precision(["--data", "wine.csv", "--normalize", "standard", "--target-scaling", "standard"]) == .float32)
        #expect(try precision(["--data", "wine.csv", "--normalize", "none"]) == .float64, "raw features")
        #expect(try precision(["--data", "prices.csv", "--target-scaling", "none"]) == .float64, "a raw target")
        #expect(try precision(["--data", "wine.csv", "--normalize", "none", "--precision", "float32"]) == .float32, "given wins")
        #expect(try precision(["--data", "wine.csv", "--precision", "float64"]) == .float64)
        #expect(try precision(["--data", "circles"]) == .float64, "the labs' precision")
        #expect(try TrainingSettings(arguments: ["--data", "wine.csv"]).effective.command == "descent train --data wine.csv",
                "the default is not printed: the command reproduces it")
        // Prepared in float64 then converted, or read straight into float32: recorded apart, so a
        // checkpoint of one is not resumed as the other.
        let defaulted = try TrainingSettings(arguments: ["--data", "wine.csv"])
        let given = try TrainingSettings(arguments: ["--data", "wine.csv", "--precision", "float32"])
        #expect(defaulted.trainingOptionsMetadata["precision"] == "float32 (prepared in float64)")
        #expect(given.trainingOptionsMetadata["precision"] == "float32" && defaulted.fingerprint != given.fingerprint)
        #expect(try TrainingSettings(arguments: ["--data", "circles"]).trainingOptionsMetadata["precision"] == "float64")
    }
}
