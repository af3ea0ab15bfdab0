import Foundation
import ArgumentParser
import Descent

extension Activation: ExpressibleByArgument {
    /// Hidden activations only: softmax is chosen automatically for multi-class outputs.
    public init?(argument: String) {
        guard let activation = Activation(rawValue: argument), Activation.hiddenCases.contains(activation) else { return nil }
        self = activation
    }

    /// The hidden activations, for `--help`.
    public static var allValueStrings: [String] { Activation.hiddenCases.map(\.rawValue) }
}

extension DivergenceRule.Action: ExpressibleByArgument {}
extension LearningRateDecay.ThresholdMode: ExpressibleByArgument {}

/// A library type whose cases have command-line names (`OptimizerAlgorithm.names`, `LearningRateDecay.names`).
protocol NamedCases { static var names: [String] { get } }
extension OptimizerAlgorithm: NamedCases {}
extension LearningRateDecay: NamedCases {}

/// The name of one of `Cases`' cases, as an option value: `--help` lists the names and ArgumentParser
/// rejects any other, from the library's own list.
struct CaseName<Cases: NamedCases>: ExpressibleByArgument, Sendable, CustomStringConvertible {
    /// The name as given.
    let name: String
    init?(argument: String) {
        guard Cases.names.contains(argument) else { return nil }
        name = argument
    }
    static var allValueStrings: [String] { Cases.names }
    var description: String { name }
    var defaultValueDescription: String { name }
}
extension CostFormula: ExpressibleByArgument {}

/// `--precision float64|float32`.
extension Precision: ExpressibleByArgument {}

/// `--shuffle standard|lab|none`.
enum ShuffleOption: String, ExpressibleByArgument, CaseIterable, Sendable {
    case standard, lab, none

    var mode: ShuffleMode {
        switch self {
        case .standard: .standard
        case .lab: .lab
        case .none: .none
        }
    }
}

/// `--dropout-masks fresh|course`.
enum DropoutMasksOption: String, ExpressibleByArgument, CaseIterable, Sendable {
    case fresh, course

    var mode: DropoutMaskMode { self == .fresh ? .fresh : .reseeded(seed: 1) }
}

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
struct HiddenLayers: ExpressibleByArgument, Sendable {
    var sizes: [Int]

    init?(argument: String) {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { sizes = []; return }
        var sizes = [Int]()
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            guard let size = Int(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            sizes.append(size)
        }
        self.sizes = sizes
    }

    init(_ sizes: [Int]) { self.sizes = sizes }
    var defaultValueDescription: String { sizes.map(String.init).joined(separator: ",") }
}

/// `--delimiter`: one ASCII character other than a quote or a line break; `tab` or `\t` (as typed)
/// means a tab; not given, the delimiter `file`'s name implies. Nil when `text` is not a valid delimiter.
func csvDelimiter(_ text: String?, file: String) -> Unicode.Scalar? {
    guard let text else { return CSVLoadingOptions.delimiter(impliedBy: file) }
    let character = text == "\\t" || text.lowercased() == "tab" ? "\t" : text
    guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first, scalar.isASCII,
          !["\"", "\n", "\r"].contains(scalar) else { return nil }
    return scalar
}

/// The help of every `--delimiter` option.
let delimiterHelp = ArgumentHelp("CSV field delimiter: one ASCII character, or tab (also '\\t') (default: a tab for .tsv and .tab files, else a comma).")

/// Rejects an invalid `--delimiter` (see `csvDelimiter`).
func validateDelimiter(_ text: String?) throws {
    if let text, csvDelimiter(text, file: "") == nil {
        throw ValidationError("--delimiter: must be one ASCII character other than a quote or line break, or tab, got '\(text)'")
    }
}

/// Whether `path` names a .npy file (by its extension, in any case).
func isNPY(_ path: String) -> Bool { path.lowercased().hasSuffix(".npy") }
