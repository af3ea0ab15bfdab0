import Descent
import Foundation

/// One run on the playground page, whatever carries its messages: it trains `LiveTraining` and
/// turns what the page asks (`play`, `pause`, `step`, `stop`, `check`, `model`) into messages for
/// it — JSON text (`start`, `frame`, `check`, `error`) and the trained model as safetensors bytes.
///
/// The messages:
/// - `{"type":"start", "command", "layers", "normalization", "classes", "epochs", "grid":{"xs","ys"}, "points":[[x1,x2,class,split]…]}`
///   once, first (split 0 training, 1 dev, 2 test; the raw feature values; `normalization` has one
///   entry per weight layer, `{"name":"batch","tag":"BN"}` for a normalized one and `null` otherwise).
/// - `{"type":"frame", …TrainingFrame…}` with the boundary as integers: 1000 × P(class 1) for
///   two classes, the class index for more. Non-finite costs are the strings `Infinity`/`NaN`.
/// - `{"type":"check", "text", "passed", "difference", "tensors":[{"name","difference","passed"}]}`
///   for `check`: the named-layer gradient check of the network as it stands, on up to 64
///   training examples.
/// - `{"type":"error", "message"}` for a command it cannot do.
public final class PlaygroundRun: Sendable {
    /// A message for the page.
    public enum Message: Sendable, Equatable {
        /// A JSON object (`start`, `frame`, `check`, `error`).
        case text(String)
        /// The model as a safetensors file (for `model`).
        case binary([UInt8])
    }

    /// The settings the page sent.
    public let settings: PlaygroundSettings
    /// The run they make (`descent train`'s parse of them).
    public let configuration: RunConfiguration
    private let data: PreparedData
    private let live: LiveTraining
    private let send: @Sendable (Message) -> Void
    private let startMessage: String
    private let limits: PlaygroundLimits
    private let dataName: String?

    /// A run of `configuration` (made from `settings`) on `data`, paused before its first epoch
    /// until `start()`; `dataName` is how the command names the data (an uploaded file's name).
    public init(settings: PlaygroundSettings, configuration: RunConfiguration, data: PreparedData, dataName: String? = nil,
                limits: PlaygroundLimits = PlaygroundLimits(), frameInterval: Duration = .milliseconds(50),
                send: @escaping @Sendable (Message) -> Void) throws(PlaygroundError) {
        guard data.featureCount == 2 else {
            throw .badRequest("data: the playground draws two features; \(configuration.data.source.displayName) has \(data.train.featureCount)")
        }
        try limits.check(configuration)
        self.settings = settings
        self.configuration = configuration
        self.data = data
        self.send = send
        self.limits = limits
        self.dataName = dataName
        do {
            live = try LiveTraining(configuration: configuration, data: data, startsPaused: true, frameInterval: frameInterval,
                                    epochsPerSecond: settings.epochsPerSecond) { [binary = data.outputSize == 1] frame in
                send(.text(Self.json(FrameMessage(frame, probabilities: binary))))
            }
        } catch {
            throw .badRequest("\(error)")
        }
        let network = live.startingNetwork
        var points: [[Double]] = []
        for (index, split) in [data.train, data.dev, data.test].enumerated() {
            guard let split else { continue }
            let raw = data.scaler.inverseTransform(split.features)
            let labels = data.inTargetUnits(split.labels)
            for j in 0..<split.count { points.append([raw[0, j], raw[1, j], labels[0, j], Double(index)]) }
        }
        let grid = live.boundaryGrid
        startMessage = Self.json(StartMessage(
            command: settings.trainCommand(dataName: dataName),
            layers: network.layerSizes,
            normalization: network.layers.map { layer in layer.normalization.map { .init(name: $0.name, tag: $0.tag) } },
            classes: data.classNames ?? [], epochs: configuration.training.epochs,
            grid: grid.map { StartMessage.Grid(xs: $0.xs, ys: $0.ys) }, points: points))
    }

    /// Sends the `start` message and trains the first epoch (then waits for `play` or `step`).
    public func start() {
        send(.text(startMessage))
        live.start()
    }

    /// Acts on a page's command; an unknown one gets an `error` message.
    public func handle(_ command: String) {
        switch command {
        case "play": live.send(.play)
        case "pause": live.send(.pause)
        case "step": live.send(.step)
        case "stop": live.send(.stop)
        case "check": live.inspect { [self] network in send(.text(check(network))) }
        case "model": live.inspect { [self] network in send(.binary(model(network))) }
        default: send(.text(Self.json(ErrorMessage(message: "unknown command '\(command.prefix(40))'; use play, pause, step, stop, check or model"))))
        }
    }

    /// Stops training (the page went away) and waits for its thread to end.
    public func close() {
        live.send(.stop)
        live.waitUntilFinished()
    }

    /// Whether training has ended.
    public var isFinished: Bool { live.isFinished }

    /// Waits until training has ended.
    public func waitUntilFinished() { live.waitUntilFinished() }

    private func check(_ network: Network<Double>) -> String {
        guard network.parameterCount <= limits.maximumCheckedParameters else {
            return Self.json(ErrorMessage(message: "check: the network has \(network.parameterCount) parameters; the playground checks "
                + "at most \(limits.maximumCheckedParameters) (each costs two forward passes) — use descent gradcheck"))
        }
        let count = min(64, data.trainCount)
        let batch = data.train.selecting(columns: Array(0..<count))
        let report = GradientCheck.check(network, on: batch, regularization: configuration.training.regularization)
        return Self.json(CheckMessage(
            text: report.text(layerSizes: network.layerSizes, examples: count), passed: report.passed, difference: report.difference,
            tensors: report.tensors.map { .init(name: $0.id.description, difference: $0.difference, passed: $0.passed) }))
    }

    private func model(_ network: Network<Double>) -> [UInt8] {
        let options = (try? settings.trainingSettings(data: dataName))?.trainingOptionsMetadata ?? [:]
        let metrics = RunResult<Double>.metrics(of: network, on: data, history: TrainingHistory())
        return ModelFile(network: network, scaler: data.scaler, targetScaler: data.targetScaler, classNames: data.classNames.map { Array($0.prefix(network.classCount)) },
                         featureNames: data.featureNames, labelName: data.labelName, trainingOptions: options, metrics: metrics,
                         encoder: data.encoder).safeTensorsFile.serialized()
    }

    private struct StartMessage: Encodable {
        struct Grid: Encodable { var xs: [Double], ys: [Double] }
        /// A layer's normalization: its name (`batch`) and the tag its label carries (`BN`).
        struct Normalized: Encodable { var name: String, tag: String }
        var type = "start"
        var command: String
        var layers: [Int]
        /// One per weight layer; `nil` (JSON `null`) for a layer that is not normalized.
        var normalization: [Normalized?]
        var classes: [String]
        var epochs: Int
        var grid: Grid?
        var points: [[Double]]
    }

    private struct FrameMessage: Encodable {
        /// A diagnostics warning: its sentence, its kind and the change of settings it suggests (the
        /// page's "try" button adds that run beside this one).
        struct Warning: Encodable {
            var text: String
            var kind: String
            var change: [String: String]
        }

        var type = "frame"
        var epoch: Int
        var cost: Double
        var devCost: Double?
        var trainAccuracy: Double?
        var devAccuracy: Double?
        var testAccuracy: Double?
        var learningRate: Double
        var gradientNorms: [Double]
        var boundary: [Int]?
        var warnings: [Warning]
        var finished: Bool
        var stopReason: String?

        /// `probabilities`: the boundary holds P(class 1) (sent as 1000 × P), not class indices.
        init(_ frame: TrainingFrame, probabilities: Bool) {
            epoch = frame.epoch
            cost = frame.cost
            devCost = frame.devCost
            trainAccuracy = frame.trainAccuracy
            devAccuracy = frame.devAccuracy
            testAccuracy = frame.testAccuracy
            learningRate = frame.learningRate
            gradientNorms = frame.gradientNorms
            // Probabilities to 1/1000 (a few KB a frame); class indices as they are.
            boundary = frame.boundary.map { values in
                values.map { $0.isFinite ? Int((probabilities ? $0 * 1000 : $0).rounded()) : 0 }
            }
            warnings = frame.warnings.map { Warning(text: $0.description, kind: $0.kind.rawValue, change: $0.change) }
            finished = frame.finished
            stopReason = frame.stopReason
        }
    }

    private struct CheckMessage: Encodable {
        struct Tensor: Encodable { var name: String, difference: Double, passed: Bool }
        var type = "check"
        var text: String
        var passed: Bool
        var difference: Double
        var tensors: [Tensor]
    }

    private struct ErrorMessage: Encodable {
        var type = "error"
        var message: String
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        // Plain values with non-finite numbers as strings always encode.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
