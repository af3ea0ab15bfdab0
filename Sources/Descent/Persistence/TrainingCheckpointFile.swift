import Foundation

/// Checkpoints of `descent train`: everything needed to resume a run and end with bit-identical
/// weights, in one safetensors file written crash-safely (temporary file, fsync, rename).
///
/// Tensors: `network.W1`, `network.b1`, `network.gamma1`, … (the parameters), `network.running_mean1`,
/// `network.running_var1` (a batch-normalized layer's running statistics, their batch counts in
/// the metadata's `network.batches_tracked`), `optimizer.<state>` (e.g. `optimizer.v.W1`,
/// `optimizer.s.b2`), and `best.W1`, … (the best weights so far, `BestWeights`). Metadata
/// (strings): `descent.format` = `checkpoint-1`, `precision`, `optimizer.kind` (the algorithm's name),
/// `optimizer.step_count`, `random` (the generator state as JSON), `schedule` (JSON),
/// `progress.next_epoch`, `progress.learning_rate` (Swift's round-trip decimal), `best.cost` and
/// `best.epoch` (absent for the starting weights; without them, as in older checkpoints, early
/// stopping's best or the resumed weights are the best), `early_stopping`
/// and `convergence` (JSON, when on), `history` (JSON records), `diagnostics` and `divergence` (when recorded), `starting_cost` (the
/// divergence rule's first reference), `target_normalization` (a
/// regression trained on a standardized target: its mean and standard deviation, as a model file stores them, which
/// the resumed run's data must give again), and `fingerprint`: the caller's description of the options,
/// which must match on resume.
public enum TrainingCheckpointFile {
    /// The state of a `descent train` run, with numpy's generator.
    public typealias State<Scalar: DescentFloat> = TrainingCheckpointState<Scalar, NumpyRandom>

    /// The format tag written to `descent.format`.
    public static let formatTag = "checkpoint-1"

    /// Writes `state` to `url` atomically, with the run's target standardization (`PreparedData.targetScaler`).
    public static func save<Scalar: DescentFloat>(_ state: State<Scalar>, fingerprint: String, targetScaler: FeatureScaler? = nil,
                                                  to url: URL) throws(CheckpointError) {
        var tensors = [String: SafeTensor]()
        for id in state.network.parameterIDs {
            tensors["network.\(id)"] = SafeTensor(state.network[id])
            if let best = state.progress.best { tensors["best.\(id)"] = SafeTensor(best.network[id]) }
        }
        for (name, matrix) in state.network.runningStatistics { tensors["network.\(name)"] = SafeTensor(matrix) }
        for (name, matrix) in state.progress.best?.network.runningStatistics ?? [:] { tensors["best.\(name)"] = SafeTensor(matrix) }
        for (name, matrix) in state.optimizer.exportState() { tensors["optimizer.\(name)"] = SafeTensor(matrix) }
        var metadata = [
            "descent.format": formatTag,
            "precision": Scalar.precisionName,
            "optimizer.kind": state.optimizer.algorithm.name,
            "optimizer.step_count": String(state.optimizer.stepCount),
            "progress.next_epoch": String(state.progress.nextEpoch),
            "fingerprint": fingerprint,
        ]
        if let rate = state.progress.learningRate { metadata["progress.learning_rate"] = "\(rate)" }
        if let best = state.progress.best {
            metadata["best.cost"] = "\(best.cost)"
            if let epoch = best.epoch { metadata["best.epoch"] = String(epoch) }
        }
        do {
            metadata["random"] = try encode(state.random.state)
            metadata["schedule"] = try encode(state.schedule)
            metadata["history"] = try encode(state.progress.history.records)
            if !state.progress.history.diagnostics.isEmpty { metadata["diagnostics"] = try encode(state.progress.history.diagnostics) }
            if let event = state.progress.history.divergence { metadata["divergence"] = try encode(event) }
            if let cost = state.progress.history.startingCost { metadata["starting_cost"] = try encode(cost) }
            if let stopping = state.progress.earlyStopping { metadata["early_stopping"] = try encode(stopping) }
            if let plateau = state.progress.convergence { metadata["convergence"] = try encode(plateau) }
            if let targetScaler { metadata["target_normalization"] = try encode(targetScaler) }
            if state.network.hasBatchNormalization {
                metadata["network.batches_tracked"] = try encode(state.network.batchesTracked)
                if let best = state.progress.best { metadata["best.batches_tracked"] = try encode(best.network.batchesTracked) }
            }
        } catch {
            throw CheckpointError(file: url.path, message: "cannot encode the training state: \(error)")
        }
        do {
            try SafeTensorsFile(tensors: tensors, metadata: metadata).write(to: url)
        } catch {
            throw CheckpointError(file: url.path, message: error.description)
        }
    }

    /// Reads a checkpoint made for a run with the same `fingerprint`, restoring its state into
    /// `network` (whose architecture must match) and `optimizer` (of the same kind, freshly made),
    /// with `schedule` replaced by the stored one. The run's `targetScaler` must be the one the
    /// checkpoint stores: the network was fitting that target.
    public static func load<Scalar: DescentFloat>(
        from url: URL, fingerprint: String, network: Network<Scalar>, optimizer: Optimizer<Scalar>, targetScaler: FeatureScaler? = nil
    ) throws(CheckpointError) -> State<Scalar> {
        let name = url.path
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(contentsOf: url) } catch { throw CheckpointError(file: name, message: error.description) }
        func fail(_ message: String) -> CheckpointError { CheckpointError(file: name, message: message) }
        let metadata = file.metadata
        guard metadata["descent.format"] == formatTag else { throw fail("not a Descent checkpoint (no descent.format = \(formatTag))") }
        guard metadata["precision"] == Scalar.precisionName else {
            let written = metadata["precision"] ?? "an unknown precision"
            throw fail("was written in \(written), this run uses \(Scalar.precisionName)"
                       + (Precision(rawValue: written).map { " (resume with --precision \($0.rawValue))" } ?? ""))
        }
        guard let stored = metadata["fingerprint"], fingerprintsMatch(stored: stored, current: fingerprint) else {
            let differences = describeDifferences(stored: metadata["fingerprint"] ?? "", current: fingerprint)
            throw fail("was made with different options (\(differences)); resume with exactly the options of that run")
        }
        guard metadata["optimizer.kind"] == optimizer.algorithm.name else { throw fail("was made with another optimizer") }
        let storedTarget: FeatureScaler? = metadata["target_normalization"] == nil ? nil : try decode(metadata["target_normalization"], "target_normalization", fail)
        if storedTarget != targetScaler {
            func described(_ scaler: FeatureScaler?) -> String {
                scaler.map { "standardized with mean \($0.offsets.map { "\($0)" }.joined(separator: ", ")) and standard deviation "
                    + "\($0.scales.map { "\($0)" }.joined(separator: ", "))" } ?? "not scaled"
            }
            throw fail("was trained on a target \(described(storedTarget)), this run's is \(described(targetScaler))"
                + (storedTarget == nil ? " (a checkpoint from before target scaling: resume with --target-scaling none)" : "; resume on the same data"))
        }
        guard let stepText = metadata["optimizer.step_count"], let stepCount = Int(stepText), stepCount >= 0,
              let epochText = metadata["progress.next_epoch"], let nextEpoch = Int(epochText), nextEpoch >= 0 else {
            throw fail("has no valid step count or epoch")
        }
        var learningRate: Double?
        if let rateText = metadata["progress.learning_rate"] {
            guard let rate = Double(rateText), rate.isFinite, rate > 0 else { throw fail("has an invalid learning rate '\(rateText)'") }
            learningRate = rate
        }

        func weights(_ prefix: String) throws(CheckpointError) -> Network<Scalar> {
            var restored = network
            for id in network.parameterIDs {
                let tensorName = "\(prefix).\(id)"
                guard let tensor = file.tensors[tensorName] else { throw fail("is missing the tensor \(tensorName)") }
                let expected = network[id]
                let matrix: Matrix<Scalar>
                do { matrix = try tensor.matrix(rows: expected.rows, columns: expected.columns) } catch {
                    throw fail("tensor \(tensorName) does not fit this network's \(expected.rows)×\(expected.columns) \(id): \(error.description)")
                }
                guard matrix.isFinite else { throw fail("tensor \(tensorName) holds NaN or infinite values") }
                restored[id] = matrix
            }
            if network.hasBatchNormalization {
                var statistics: [String: Matrix<Scalar>] = [:]
                for (tensorName, tensor) in file.tensors where tensorName.hasPrefix("\(prefix).running_") {
                    do { statistics[String(tensorName.dropFirst(prefix.count + 1))] = try tensor.matrix() } catch {
                        throw fail("tensor \(tensorName): \(error.description)")
                    }
                }
                let counts: [Int] = try decode(metadata["\(prefix).batches_tracked"], "\(prefix).batches_tracked", fail)
                if let problem = restored.restoreRunningStatistics(statistics, batchesTracked: counts) { throw fail("\(prefix) running statistics: \(problem)") }
            }
            return restored
        }
        let restoredNetwork = try weights("network")
        let bestNetwork: Network<Scalar>? = file.tensors["best.\(ParameterID(layer: 1, kind: .weight))"] == nil ? nil : try weights("best")

        var restoredOptimizer = optimizer
        var optimizerState = [String: Matrix<Scalar>]()
        for (tensorName, tensor) in file.tensors where tensorName.hasPrefix("optimizer.") {
            do { optimizerState[String(tensorName.dropFirst("optimizer.".count))] = try tensor.matrix() } catch {
                throw fail("tensor \(tensorName): \(error.description)")
            }
        }
        let parameters = Dictionary(uniqueKeysWithValues: network.parameterIDs.map { ($0, restoredNetwork[$0]) })
        do {
            try restoredOptimizer.importState(optimizerState, matching: parameters)
        } catch {
            throw fail("optimizer state: \(error)")
        }
        restoredOptimizer.stepCount = stepCount

        let random: NumpyRandom.State = try decode(metadata["random"], "random", fail)
        let schedule: LearningRateSchedule = try decode(metadata["schedule"], "schedule", fail)
        let records: [EpochRecord] = try decode(metadata["history"], "history", fail)
        let diagnostics: [DiagnosticsRecord] = metadata["diagnostics"] == nil ? [] : try decode(metadata["diagnostics"], "diagnostics", fail)
        let divergence: DivergenceEvent? = metadata["divergence"] == nil ? nil : try decode(metadata["divergence"], "divergence", fail)
        let earlyStopping: EarlyStopping? = metadata["early_stopping"] == nil ? nil : try decode(metadata["early_stopping"], "early_stopping", fail)
        let convergence: EarlyStopping? = metadata["convergence"] == nil ? nil : try decode(metadata["convergence"], "convergence", fail)
        guard records.count <= nextEpoch else { throw fail("history has more records than epochs") }
        var best: BestWeights<Scalar>?
        if let bestNetwork {
            if let costText = metadata["best.cost"] {
                guard let cost = Double(costText), !cost.isNaN else { throw fail("has an invalid best cost '\(costText)'") }
                let epochText = metadata["best.epoch"]
                let epoch = epochText.flatMap { Int($0) }
                guard epochText == nil || (epoch.map { $0 >= 0 && $0 < nextEpoch } ?? false) else {
                    throw fail("has an invalid best epoch '\(epochText ?? "")'")
                }
                best = BestWeights(network: bestNetwork, cost: cost, epoch: epoch)
            } else if let earlyStopping {
                best = BestWeights(network: bestNetwork, cost: earlyStopping.bestCost, epoch: earlyStopping.bestEpoch)
            }
        }
        var history = TrainingHistory(records: records)
        history.diagnostics = diagnostics
        history.divergence = divergence
        history.startingCost = metadata["starting_cost"] == nil ? nil : try decode(metadata["starting_cost"], "starting_cost", fail)
        return State(
            network: restoredNetwork, optimizer: restoredOptimizer, schedule: schedule, random: NumpyRandom(state: random),
            progress: TrainingProgress(nextEpoch: nextEpoch, learningRate: learningRate, earlyStopping: earlyStopping,
                                       convergence: convergence, best: best, history: history))
    }

    /// Separates the `key=value` parts of a fingerprint.
    public static let fingerprintSeparator = " | "

    /// The `key=value` parts of a fingerprint.
    static func fingerprintParts(_ text: String) -> [(key: String, value: String)] {
        text.components(separatedBy: fingerprintSeparator).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            return (pieces.first ?? "", pieces.count > 1 ? pieces[1] : "")
        }
    }

    /// Whether two fingerprints describe the same options: every key has the same value in both,
    /// a key only one of them has counting as unset (empty) in the other — an option added since
    /// the checkpoint was written, and left unset, does not stop a resume.
    static func fingerprintsMatch(stored: String, current: String) -> Bool {
        let old = Dictionary(fingerprintParts(stored).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(fingerprintParts(current).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return Set(old.keys).union(new.keys).allSatisfy { (old[$0] ?? "") == (new[$0] ?? "") }
    }

    /// `--epochs: checkpoint 3, now 5; …` for the parts that differ.
    static func describeDifferences(stored: String, current: String) -> String {
        let old = Dictionary(fingerprintParts(stored).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let differing = fingerprintParts(current).filter { (old[$0.key] ?? "") != $0.value }.map { part in
            "--\(part.key): checkpoint \(old[part.key].map { $0.isEmpty ? "unset" : $0 } ?? "unknown"), now \(part.value.isEmpty ? "unset" : part.value)"
        }
        return differing.isEmpty ? "unknown options" : differing.joined(separator: "; ")
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONCoding.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String?, _ key: String, _ fail: (String) -> CheckpointError) throws(CheckpointError) -> T {
        guard let text else { throw fail("is missing its \(key) metadata") }
        do { return try JSONCoding.decode(T.self, from: Data(text.utf8)) } catch {
            throw fail("has unreadable \(key) metadata")
        }
    }
}

/// A checkpoint that cannot be written or resumed from, naming the file.
public struct CheckpointError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The checkpoint's path.
    public var file: String
    /// What is wrong.
    public var message: String

    /// An error about `file`.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(file): \(message)" }
}
