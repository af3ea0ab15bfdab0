import Foundation

/// What a hyperparameter study is: the search space, how trials are drawn from it, and the
/// settings every trial shares. A trial is a pure function of the definition and its index —
/// `values(forTrial:)` — so trials give the same results whatever order they run in and on however
/// many workers or machines.
public struct StudyDefinition: Sendable, Equatable, Codable {
    /// How trials are drawn.
    public enum Method: String, Sendable, Equatable, Codable, CaseIterable {
        /// Independent draws from each dimension (the course's advice: random rather than a grid).
        case random
        /// Every combination of each dimension's `gridValues(points:)`, the last dimension fastest.
        case grid
        /// Asynchronous successive halving over epochs (`SuccessiveHalving`): every trial (drawn as
        /// `random`) trains `minimumEpochs`; a trial among the best 1/η of its rung so far, in trial
        /// order, trains η times longer in the next, up to the run's epochs. Decided in trial order,
        /// not in the order results arrive, so the study does not depend on timing.
        case halving
    }

    /// How trials are drawn.
    public var method: Method
    /// The dimensions, in the order values are drawn.
    public var space: [SearchDimension]
    /// The settings every trial shares.
    public var fixed: TrainingSettings
    /// The study's seed: trial i's values come from a generator seeded with (seed, i).
    public var seed: UInt64
    /// Values per continuous dimension in a grid.
    public var gridPoints: Int
    /// Halving: the epochs of the first rung (r) and the factor between rungs (η).
    public var minimumEpochs: Int
    /// See `minimumEpochs`.
    public var reductionFactor: Int

    /// A study; errors name a problem with the search (no dimension, one searched twice, one that
    /// is not a setting `tune` can vary or is also among the fixed settings, a grid or halving
    /// setting out of range).
    public init(method: Method, space: [SearchDimension], fixed: TrainingSettings, seed: UInt64, gridPoints: Int = 3,
                minimumEpochs: Int = 1, reductionFactor: Int = 3) throws(TuningError) {
        guard !space.isEmpty else { throw .invalid("a study needs at least one search dimension") }
        var names = Set<String>()
        for dimension in space {
            guard names.insert(dimension.name).inserted else { throw .invalid("\(dimension.name) is searched twice") }
            guard let setting = TrainingSettings.setting(named: dimension.name) else {
                throw .invalid("--search \(dimension.name): " + SettingError.unknown(
                    name: dimension.name, suggestion: TrainingSettings.suggestion(for: dimension.name)).description)
            }
            guard setting.isSearchable else { throw .invalid("--search \(dimension.name): a file, the same for every trial, cannot be searched") }
            guard !fixed.isGiven(dimension.name) else { throw .invalid("--search \(dimension.name): also given as a fixed --\(dimension.name)") }
        }
        guard gridPoints >= 1 else { throw .invalid("gridPoints must be at least 1, got \(gridPoints)") }
        guard minimumEpochs >= 1 else { throw .invalid("minimumEpochs must be at least 1, got \(minimumEpochs)") }
        guard reductionFactor >= 2 else { throw .invalid("reductionFactor must be at least 2, got \(reductionFactor)") }
        self.minimumEpochs = minimumEpochs
        self.reductionFactor = reductionFactor
        self.method = method
        self.space = space
        self.fixed = fixed
        self.seed = seed
        self.gridPoints = gridPoints
    }

    /// Decodes a study. One written before settings were typed (`fixed` as `descent train`
    /// arguments) is refused, with those arguments in the message to start it again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(Method.self, forKey: .method)
        space = try container.decode([SearchDimension].self, forKey: .space)
        if let arguments = try? container.decode([String].self, forKey: .fixed), !arguments.isEmpty {  // (empty: no settings either way)
            throw DecodingError.dataCorruptedError(
                forKey: .fixed, in: container,
                debugDescription: "this study was written by an earlier Descent, which stored its settings as arguments; "
                    + "start a new study with the same options (\(ShellCommand.line(arguments))) and its --search")
        }
        fixed = try container.decode(TrainingSettings.self, forKey: .fixed)
        seed = try container.decode(UInt64.self, forKey: .seed)
        gridPoints = try container.decode(Int.self, forKey: .gridPoints)
        minimumEpochs = try container.decode(Int.self, forKey: .minimumEpochs)
        reductionFactor = try container.decode(Int.self, forKey: .reductionFactor)
    }

    /// The number of grid combinations.
    public var gridSize: Int {
        space.reduce(1) { size, dimension in
            let (product, overflow) = size.multipliedReportingOverflow(by: dimension.gridValues(points: gridPoints).count)
            return overflow ? Int.max : product
        }
    }

    /// Trial `index`'s value of every dimension, in `space` order: a function of `seed` and `index` alone.
    public func values(forTrial index: Int) -> [(name: String, value: String)] {
        precondition(index >= 0, "Trials are numbered from 0.")
        switch method {
        case .random, .halving:
            var random = FastRandom(seed: Self.mix(seed, UInt64(index)))
            return space.map { ($0.name, $0.sample(using: &random)) }
        case .grid:
            var rest = index
            var values: [(name: String, value: String)] = []
            for dimension in space.reversed() {
                let grid = dimension.gridValues(points: gridPoints)
                values.append((dimension.name, grid[rest % grid.count]))
                rest /= grid.count
            }
            return values.reversed()
        }
    }

    /// Halving: the epochs of each rung, r·η^k up to `maximumEpochs` (which ends the list).
    public func rungEpochs(maximumEpochs: Int) -> [Int] {
        var epochs = [Swift.min(minimumEpochs, maximumEpochs)]
        while epochs.last! < maximumEpochs {
            let (next, overflow) = epochs.last!.multipliedReportingOverflow(by: reductionFactor)
            epochs.append(overflow ? maximumEpochs : Swift.min(next, maximumEpochs))
        }
        return epochs
    }

    /// SplitMix64's finalizer of `seed` and `index`: neighbouring trials get unrelated streams.
    static func mix(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One finished trial: its values, what its run measured on the dev split, and how long it took.
public struct TrialRecord: Sendable, Equatable, Codable {
    /// A dimension's value in this trial.
    public struct Value: Sendable, Equatable, Codable {
        /// The dimension's name.
        public var name: String
        /// The value as written on the command line.
        public var value: String
        /// A value of dimension `name`.
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    /// The trial's index.
    public var trial: Int
    /// Halving: the rung the record belongs to (0 first); `nil` for the other methods.
    public var rung: Int?
    /// The trial's value of every dimension.
    public var values: [Value]
    /// The run's metrics (`dev_accuracy`, `dev_cost`, `train_accuracy`, `dev_rmse`, …).
    public var metrics: [String: Double]
    /// Epochs trained.
    public var epochs: Int
    /// Wall-clock seconds of the training.
    public var seconds: Double
    /// How the run ended (`completed`, `early-stopped (best epoch 12)`, `diverged in epoch 3`), or
    /// the error that stopped it before training.
    public var stopped: String

    /// A finished trial.
    public init(trial: Int, rung: Int? = nil, values: [Value], metrics: [String: Double], epochs: Int, seconds: Double, stopped: String) {
        self.trial = trial
        self.rung = rung
        self.values = values
        self.metrics = metrics
        self.epochs = epochs
        self.seconds = seconds
        self.stopped = stopped
    }

    /// The objective: dev accuracy for a classifier (higher is better), −RMSE for regression; −∞
    /// for a run that measured neither (it failed or diverged).
    public var score: Double {
        if let accuracy = metrics["dev_accuracy"], accuracy.isFinite { return accuracy }
        if let rmse = metrics["dev_rmse"], rmse.isFinite { return -rmse }
        return -.infinity
    }

    /// The journal's key: a trial, or a trial in a rung.
    public var key: String { rung.map { "\(trial)@\($0)" } ?? "\(trial)" }

    /// Best first: by score, then by lower dev cost, then by trial number (and the longer rung).
    public static func ranked(_ records: [TrialRecord]) -> [TrialRecord] {
        records.sorted(by: isRanked(_:before:))
    }

    /// Whether `a` ranks before `b` in `ranked`: a higher score, or a lower dev cost at an equal
    /// score (a missing or NaN cost last), or (a tie) the lower trial number, then the longer rung.
    public static func isRanked(_ a: TrialRecord, before b: TrialRecord) -> Bool {
        if a.score != b.score { return a.score > b.score }
        // A missing or NaN cost ranks as the worst (+∞), so the order stays a strict weak ordering.
        func cost(_ record: TrialRecord) -> Double { record.metrics["dev_cost"].flatMap { $0.isNaN ? nil : $0 } ?? .infinity }
        let costA = cost(a), costB = cost(b)
        if costA != costB { return costA < costB }
        if a.trial != b.trial { return a.trial < b.trial }
        return (a.rung ?? 0) > (b.rung ?? 0)
    }
}

/// A study file: an append-only journal of JSON lines — the definition first, then one line per
/// finished trial — written by a single writer, each line flushed to disk (`fsync`) before the
/// next trial is reported. A killed process leaves at most a torn last line, which `read` drops;
/// nothing is ever "running", so rerunning the same command runs exactly the trials that have no
/// line. (Optuna's JournalFileStorage keeps the same kind of log for the same reasons.)
public enum StudyJournal {
    /// The definition and the finished trials of the study at `url` (duplicates of a trial keep
    /// the first), or `nil` when there is no such file. A torn last line is cut off the file.
    public static func read(_ url: URL) throws(TuningError) -> (definition: StudyDefinition, records: [TrialRecord])? {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .study(file: path, message: "cannot read it (\(error.localizedDescription))") }
        let bytes = [UInt8](data)
        let complete = (bytes.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        if complete < bytes.count {
            // A line cut by a kill: drop it so the next append starts on a line of its own.
            guard truncate(path, off_t(complete)) == 0 else { throw .study(file: path, message: "cannot cut its torn last line") }
        }
        let lines = bytes[..<complete].split(separator: 0x0A)
        guard let first = lines.first else { throw .study(file: path, message: "is empty, not a study") }
        let header: Header
        do {
            header = try JSONCoding.decode(Header.self, from: Data(first))
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw .study(file: path, message: context.debugDescription)  // a header whose settings say what is wrong
        } catch {
            throw .study(file: path, message: "line 1 is not a Descent study header")
        }
        guard header.descentStudy == 1 else { throw .study(file: path, message: "line 1 is not a Descent study header") }
        var seen = Set<String>()
        var records: [TrialRecord] = []
        for (number, line) in lines.dropFirst().enumerated() {
            guard let entry = try? JSONCoding.decode(Entry.self, from: Data(line)) else {
                throw .study(file: path, message: "line \(number + 2) is not a trial record")
            }
            if seen.insert(entry.trial.key).inserted { records.append(entry.trial) }
        }
        return (header.definition, records)
    }

    /// Creates the study file at `url` with its definition line (crash-safely: it exists whole or not at all).
    public static func create(_ url: URL, definition: StudyDefinition) throws(TuningError) {
        do {
            try AtomicFile.write(try line(Header(descentStudy: 1, definition: definition)), to: url)
        } catch {
            throw .study(file: url.path, message: "cannot create it (\(error))")
        }
    }

    /// Appends `record` as one line and flushes it to disk before returning.
    public static func append(_ record: TrialRecord, to url: URL) throws(TuningError) {
        let path = url.path
        let bytes: [UInt8]
        do { bytes = try line(Entry(trial: record)) } catch { throw .study(file: path, message: "cannot encode trial \(record.trial)") }
        let descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else { throw .study(file: path, message: "cannot open it to append (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw .study(file: path, message: "cannot append trial \(record.trial) (\(String(cString: strerror(errno))))")
        }
    }

    /// The trial record in a file of one line (`descent tune trial`'s output).
    public static func record(in url: URL) throws(TuningError) -> TrialRecord {
        guard let data = try? Data(contentsOf: url), let entry = try? JSONCoding.decode(Entry.self, from: data) else {
            throw .study(file: url.path, message: "is not a trial record")
        }
        return entry.trial
    }

    /// `value` as one JSON line.
    public static func line<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        Array(try JSONCoding.encode(value)) + [0x0A]
    }

    struct Header: Codable {
        var descentStudy: Int
        var definition: StudyDefinition
        enum CodingKeys: String, CodingKey {
            case descentStudy = "descent_study"
            case definition
        }
    }

    /// A trial line: `{"trial": {…}}`.
    public struct Entry: Codable {
        /// The record.
        public var trial: TrialRecord
        /// The line of `trial`.
        public init(trial: TrialRecord) { self.trial = trial }
    }
}
