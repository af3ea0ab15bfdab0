import Foundation
import ArgumentParser
import Descent

extension Activation: ExpressibleByArgument {
    /// Hidden activations only: softmax is chosen automatically for multi-class outputs.
    public init?(argument: String) { self.init(settingText: argument) }

    /// The hidden activations, for `--help`.
    public static var allValueStrings: [String] { Activation.settingChoices ?? [] }
}

/// `--precision float64|float32`.
extension Precision: ExpressibleByArgument {}

/// `--task classification|regression`.
extension DataConfiguration.Task: ExpressibleByArgument {}

/// `--init NAME`, any of `Initializer.names` or `random:<scale>`.
struct InitializerOption: ExpressibleByArgument, Sendable {
    var initializer: Initializer

    init?(argument: String) {
        guard let initializer = Initializer(name: argument) else { return nil }
        self.initializer = initializer
    }

    init(_ initializer: Initializer) { self.initializer = initializer }

    static var allValueStrings: [String] { Initializer.names }
    var defaultValueDescription: String { initializer.description }
}

/// `--hidden 10,5`: hidden-layer sizes (empty: logistic regression).
extension HiddenLayerSizes: ExpressibleByArgument {
    public init?(argument: String) { self.init(settingText: argument) }
    public var defaultValueDescription: String { settingText }
}

/// `--delimiter`: one ASCII character other than a quote or a line break; `tab` or `\t` (as typed)
/// means a tab; not given, the delimiter `file`'s name implies. Nil when `text` is not a valid delimiter.
func csvDelimiter(_ text: String?, file: String) -> Unicode.Scalar? {
    guard let text else { return CSVLoadingOptions.delimiter(impliedBy: file) }
    return CSVLoadingOptions.delimiter(named: text)
}

/// The help of every `--delimiter` option.
let delimiterHelp = ArgumentHelp(stringLiteral: TrainingSettings.setting(named: "delimiter")!.help)

/// Rejects an invalid `--delimiter` (see `csvDelimiter`).
func validateDelimiter(_ text: String?) throws {
    if let text, csvDelimiter(text, file: "") == nil {
        throw ValidationError("--delimiter: must be one ASCII character other than a quote or line break, or tab, got '\(text)'")
    }
}

/// Whether `path` names a .npy file (by its extension, in any case).
func isNPY(_ path: String) -> Bool { path.lowercased().hasSuffix(".npy") }
