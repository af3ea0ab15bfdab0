import Descent
import Foundation

/// A playground run's settings as its URL carries them: `descent train` options by their names
/// without dashes (`data=moons&hidden=10,5&learning-rate=0.01`), plus the playground's own `pace`
/// (epochs a second). Parsing checks the names, the lengths and the pace; what the values mean is
/// `descent train`'s to check (`trainArguments`), and the size of what they ask for is
/// `PlaygroundLimits`'.
public struct PlaygroundSettings: Sendable, Equatable {
    /// The training settings a page may set (`TrainingSetting.isPlaygroundField`), in the
    /// vocabulary's order. File-writing options and file inputs other than `data` are not among them.
    public static let optionNames = TrainingSettings.vocabulary.filter(\.isPlaygroundField).map(\.name)

    /// The settings in the order given, each name at most once, the pace taken out.
    public private(set) var options: [(name: String, value: String)]
    /// At most this many epochs a second (`nil`: as fast as it trains).
    public var epochsPerSecond: Double?

    /// Parses `query` (`name=value&…`, percent-encoded, `+` for a space).
    public init(query: String, limits: PlaygroundLimits = PlaygroundLimits()) throws(PlaygroundError) {
        guard query.utf8.count <= limits.maximumQueryLength else {
            throw .badRequest("the settings are \(query.utf8.count) bytes long; at most \(limits.maximumQueryLength) are accepted")
        }
        options = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw .badRequest("'\(pair.prefix(40))' is not percent-encoded text")
            }
            if name == "pace" {
                if value.isEmpty || value == "max" { epochsPerSecond = nil; continue }
                guard let pace = Double(value), pace > 0, pace <= limits.maximumPace else {
                    throw .badRequest("pace: epochs a second must be a number in (0, \(Int(limits.maximumPace))] or max, got '\(value)'")
                }
                epochsPerSecond = pace
                continue
            }
            guard Self.optionNames.contains(name) else {
                throw .badRequest("unknown setting '\(name.prefix(40))'; the playground takes \(Self.optionNames.joined(separator: ", ")) and pace")
            }
            guard !options.contains(where: { $0.name == name }) else { throw .badRequest("\(name): given twice") }
            options.append((name, value))
        }
    }

    /// Equal options in the same order and the same pace.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.epochsPerSecond == rhs.epochsPerSecond && lhs.options.elementsEqual(rhs.options) { $0 == $1 }
    }

    /// The value of `name`, if set.
    public subscript(name: String) -> String? { options.first { $0.name == name }?.value }

    /// The settings as `descent train` arguments, as `TrainingSettings.arguments` writes them
    /// (`--name value` each, `--name=value` for a value starting with `-`, a flag that is on alone
    /// and one that is off left out; an empty value dropped, so the setting's default applies),
    /// `data` replaced by `data` when given (an uploaded file's path). Settings a value of which
    /// does not parse (the run refuses them) are written as given.
    public func trainArguments(data: String? = nil) -> [String] {
        let values = values(data: data)
        return (try? TrainingSettings(values: values))?.arguments ?? TrainingSettings.arguments(values)
    }

    /// `descent train …` with these settings, `data` shown as `dataName` (an uploaded file's own name).
    public func trainCommand(dataName: String? = nil) -> String {
        ShellCommand.line(["descent", "train"] + trainArguments(data: dataName))
    }

    /// The training settings, `data` replaced by `data` when given (an uploaded file's path); a
    /// value the setting does not take, or settings that do not go together, are a bad request.
    public func trainingSettings(data: String? = nil) throws(PlaygroundError) -> TrainingSettings {
        do {
            let settings = try TrainingSettings(values: values(data: data))
            try settings.validate()
            return settings
        } catch {
            throw .badRequest(error.description)
        }
    }

    /// The non-empty values, `data` replaced. An uploaded file's run also names `--precision
    /// float64` (not a playground field): the page trains in float64 (`LiveTraining`), where
    /// `descent train` would train a file in float32, so the command and the model's metadata say
    /// what the page ran.
    private func values(data: String?) -> [(name: String, value: String)] {
        let given: [(name: String, value: String)] = options.compactMap { name, value in
            let value = name == "data" ? data ?? value : value
            return value.isEmpty ? nil : (name, value)
        }
        return data == nil ? given : given + [("precision", Precision.float64.rawValue)]
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// What a playground server accepts: bounds that keep one page from exhausting the machine's
/// memory or cores.
public struct PlaygroundLimits: Sendable, Equatable {
    /// Hidden layers of a network.
    public var maximumHiddenLayers = 8
    /// Units of a hidden layer.
    public var maximumUnits = 256
    /// Epochs of a run.
    public var maximumEpochs = 1_000_000
    /// Examples of an uploaded file.
    public var maximumExamples = 20_000
    /// Bytes of an uploaded file (and of any request body).
    public var maximumUploadBytes = 2 << 20
    /// Uploaded files kept at once (the oldest is forgotten first).
    public var maximumUploads = 32
    /// Runs training at once, over all pages (a finished run's page keeps its socket, for the
    /// gradient check and the download, but not its training slot).
    public var maximumRuns = 8
    /// Run sockets open at once, finished runs included (each keeps its data and network).
    public var maximumOpenRuns = 64
    /// Bytes of a settings query.
    public var maximumQueryLength = 4096
    /// Epochs a second a page may ask for.
    public var maximumPace = 1_000_000.0
    /// Parameters of a network a gradient check is run on (each costs two forward passes).
    public var maximumCheckedParameters = 2_000

    /// The defaults above.
    public init() {}

    /// Refuses a configuration beyond the limits.
    public func check(_ configuration: RunConfiguration) throws(PlaygroundError) {
        let hidden = configuration.model.hiddenLayers
        if hidden.count > maximumHiddenLayers {
            throw .badRequest("hidden: \(hidden.count) layers; the playground trains at most \(maximumHiddenLayers)")
        }
        if let widest = hidden.max(), widest > maximumUnits {
            throw .badRequest("hidden: a layer of \(widest) units; the playground trains at most \(maximumUnits) per layer")
        }
        if configuration.training.epochs > maximumEpochs {
            throw .badRequest("epochs: \(configuration.training.epochs); the playground trains at most \(maximumEpochs)")
        }
    }
}

/// A request the playground refuses or cannot serve, with the HTTP status it answers and a message
/// the page shows.
public enum PlaygroundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400: malformed or out-of-range settings or body.
    case badRequest(String)
    /// 403: a Host or Origin that is not the server's.
    case forbidden(String)
    /// 404: an unknown path or uploaded file.
    case notFound(String)
    /// 405: a method the path does not take.
    case methodNotAllowed(String)
    /// 411: a body without its length.
    case lengthRequired(String)
    /// 413: a body over the limit.
    case tooLarge(String)
    /// 429: every training slot is taken.
    case busy(String)

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .badRequest: 400
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .lengthRequired: 411
        case .tooLarge: 413
        case .busy: 429
        }
    }

    /// The message the page shows.
    public var description: String {
        switch self {
        case .badRequest(let message), .forbidden(let message), .notFound(let message), .methodNotAllowed(let message),
             .lengthRequired(let message), .tooLarge(let message), .busy(let message): message
        }
    }
}
