import Descent

/// The one place where the library's configuration fields get their command-line spellings, so
/// library errors can name fields (`beta1`, `devFraction`) and `descent` can name flags.
enum CommandLineNames {
    /// `DataConfiguration`, `RunConfiguration`, `OptimizerAlgorithm` and `LearningRateDecay` fields
    /// and their options.
    static let flags: [String: String] = [
        "source": "--data", "test": "--test", "dev": "--dev", "labelColumn": "--label", "delimiter": "--delimiter", "testFraction": "--test-fraction",
        "devFraction": "--dev-fraction", "normalization": "--normalize", "task": "--task",
        "categorical": "--categorical", "numeric": "--numeric", "ignore": "--ignore", "features": "--features",
        "maxCategories": "--max-categories", "missingValues": "--na-values", "imputation": "--impute",
        "missingIndicators": "--missing-indicators", "missing": "--missing", "dropsMissingLabels": "--drop-missing-labels",
        "beta": "--beta", "beta1": "--beta1", "beta2": "--beta2", "epsilon": "--epsilon", "weightDecay": "--weight-decay",
        "amsgrad": "--amsgrad", "classicalMomentum": "--classical-momentum", "decaysBiases": "--decay-biases",
        "learningRate": "--learning-rate", "initialAccumulator": "--initial-accumulator", "decayRate": "--decay-rate", "decayInterval": "--decay-interval", "gamma": "--gamma",
        "stepSize": "--step-size", "cosineEpochs": "--cosine-epochs", "minimumLearningRate": "--min-learning-rate",
        "decayEpochs": "--decay-epochs", "power": "--power", "restartPeriod": "--restart-period", "restartMultiplier": "--restart-multiplier",
        "plateauFactor": "--plateau-factor", "plateauPatience": "--plateau-patience", "plateauThreshold": "--plateau-threshold",
        "plateauThresholdMode": "--plateau-threshold-mode", "plateauCooldown": "--plateau-cooldown",
    ]

    /// The option for `field` (the field itself if it has none).
    static func flag(_ field: String) -> String { flags[field] ?? field }

    /// `--option value is invalid: it <requirement>.`
    static func invalid(_ field: String, _ value: String, _ requirement: String) -> String {
        "\(flag(field)) \(value) is invalid: it \(requirement)."
    }

    /// `--option does not apply to the <what>.`
    static func notApplicable(_ field: String, to what: String) -> String { "\(flag(field)) does not apply to the \(what)." }
}

extension DataPreparationIssue {
    /// The description with the field spelled as its command-line option.
    /// A field without a value is the option that changes the outcome, named after the message.
    var commandLineText: String {
        guard let field else { return message }
        guard let value else { return "\(message) (see \(CommandLineNames.flag(field)))" }
        return "\(CommandLineNames.flag(field)) \(value): \(message)"
    }
}

extension HyperparameterError {
    /// The description with the field spelled as its command-line option.
    var commandLineText: String {
        switch self {
        case .unknownName: description
        case .invalidValue(let field, let value, let requirement): CommandLineNames.invalid(field, value, requirement)
        case .notApplicable(let field, let name, let concept): CommandLineNames.notApplicable(field, to: "\(name) \(concept.rawValue)")
        }
    }
}
