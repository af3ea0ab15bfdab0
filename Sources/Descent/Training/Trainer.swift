/// Trains a `Network` with mini-batch gradient methods.
///
/// Each epoch: order the examples (`TrainingOptions.shuffle`), cut them into batches of
/// `batchSize` (the last one smaller), and for every batch run the training forward pass (with
/// dropout), record its cost, backpropagate (with the regularization terms), clip, and let the
/// optimizer update W1, b1, W2, … in place. After the epoch: evaluate the dev set if there is one,
/// check for divergence, consult early stopping, and ask the schedule for the next learning rate.
///
/// The run keeps the weights with the lowest cost seen (`BestWeights`): when it diverges (a NaN or
/// infinite cost or weight, or `TrainingOptions.divergence` with `.stop`) or early stopping ends
/// it, the network ends with those, never with weights worse than it started from.
///
/// All buffers (workspace, batch gather, snapshots) are allocated once, so a steady-state step
/// allocates nothing. The loop is deterministic: the same network, data, options and generator
/// state give bit-identical weights.
public struct Trainer<Scalar: DescentFloat>: Sendable {
    /// The run's options.
    public var options: TrainingOptions

    /// A trainer with `options`.
    @inlinable
    public init(options: TrainingOptions) { self.options = options }

    /// Trains `network` in place on `data` and returns the per-epoch history.
    ///
    /// - Parameters:
    ///   - network: the network, trained in place.
    ///   - data: the training examples.
    ///   - dev: a dev set, evaluated after every epoch (required for early stopping).
    ///   - optimizer: the update rule, with its state (it may carry state from an earlier run).
    ///   - schedule: the learning-rate schedule; epoch 0 uses its initial rate.
    ///   - random: the training generator: shuffling (`.standard`) and fresh dropout masks.
    ///   - initialProgress: where to start: a fresh run by default, or the progress stored in a checkpoint
    ///     (next epoch, learning rate, early-stopping state, history so far) to resume it.
    ///   - onEpoch: called after every epoch with its record (progress output); return `false` to
    ///     stop training after that epoch.
    ///   - onDiagnostics: called with every `DiagnosticsRecord` as it is recorded (every
    ///     `options.diagnosticsInterval` steps; also kept in the history).
    ///   - checkpointEvery: call `onCheckpoint` after every this many epochs (and after the last);
    ///     0 never calls it.
    ///   - onCheckpoint: receives copies of everything needed to resume bit for bit.
    /// - Returns: the history (including the records of a resumed run's earlier epochs), whose
    ///   `weightsEpoch` says which epoch's weights the network holds: on divergence and on early
    ///   stopping the best weights (`BestWeights`), otherwise the last epoch's. A run that diverges
    ///   also calls `onCheckpoint` (when checkpointing) with the best weights as its network.
    @inlinable
    public func fit<R: RandomSource>(
        _ network: inout Network<Scalar>, on data: Dataset<Scalar>, dev: Dataset<Scalar>? = nil,
        optimizer: inout Optimizer<Scalar>, schedule: inout LearningRateSchedule, random: inout R,
        progress initialProgress: TrainingProgress<Scalar> = TrainingProgress(),
        onEpoch: (EpochRecord, Network<Scalar>) -> Bool = { _, _ in true },
        onDiagnostics: (DiagnosticsRecord) -> Void = { _ in },
        checkpointEvery: Int = 0,
        onCheckpoint: ((TrainingCheckpointState<Scalar, R>) -> Void)? = nil
    ) -> TrainingHistory {
        let m = data.count
        precondition(m > 0, "Training needs at least one example.")
        precondition(data.featureCount == network.inputSize,
                     "The network expects \(network.inputSize) features; the data has \(data.featureCount).")
        precondition(options.earlyStoppingPatience == nil || dev != nil, "Early stopping needs a dev set.")
        precondition(checkpointEvery >= 0, "The checkpoint interval must be non-negative.")
        var progress = initialProgress
        let batchSize = Swift.min(options.batchSize ?? m, m)
        // One batch of every example (full-batch training, or a batch size of at least m) reads the
        // data itself, neither shuffled nor copied: its order would change only the order of the
        // gradient's sums (and, with dropout, which example each mask column falls on).
        let isSingleBatch = batchSize == m
        var workspace = Workspace<Scalar>(depth: network.depth)
        var devWorkspace = Workspace<Scalar>(depth: network.depth)
        // Mini-batch buffers.
        var batchFeatures = Matrix<Scalar>(rows: data.featureCount, columns: isSingleBatch ? 0 : batchSize)
        var batchLabels = Matrix<Scalar>(rows: data.labels.rows, columns: isSingleBatch ? 0 : batchSize)
        var order = Array(0..<(isSingleBatch ? 0 : m))
        var devPredictions = Matrix<Scalar>(rows: 0, columns: 0)
        // (No example-major copy for a run with no epoch left to train.)
        let gather = BatchGather(features: isSingleBatch || progress.nextEpoch >= options.epochs ? Matrix<Scalar>(rows: 0, columns: 0) : data.features,
                                 batchSize: batchSize)
        // The weights this epoch started from (the end of the last finite epoch).
        var lastGood = network
        if progress.earlyStopping == nil, let patience = options.earlyStoppingPatience {
            // TrainingOptions guarantees patience ≥ 0 and a finite, non-negative minimum improvement.
            progress.earlyStopping = try? EarlyStopping(patience: patience, minimumImprovement: options.earlyStoppingMinimumImprovement)
        }
        if progress.convergence == nil, let patience = options.convergencePatience {
            progress.convergence = try? EarlyStopping(patience: patience, minimumImprovement: options.convergenceTolerance)
        }
        // The best weights so far (checkpoints get a copy); the starting weights until a cost improves on them.
        var best = progress.best ?? BestWeights(network: network, cost: .infinity, epoch: progress.nextEpoch > 0 ? progress.nextEpoch - 1 : nil)
        progress.best = nil
        // A dev cost improves as early stopping counts it, so both agree on the best epoch.
        let minimumImprovement = progress.earlyStopping?.minimumImprovement ?? 0
        let ids = network.parameterIDs
        let hasBatchNormalization = network.hasBatchNormalization
        var learningRate = progress.learningRate ?? schedule.initialLearningRate
        var courseRandom = NumpyRandom(seed: 0)

        var divergence = options.divergence.map { DivergenceTracker(rule: $0, startingCost: progress.history.startingCost, records: progress.history.records) }
        // Diagnostics: the weights before a recorded step's update, allocated once.
        let diagnosticsInterval = options.diagnosticsInterval ?? 0
        // Fresh buffers: sharing the network's storage would make the first update copy the weights.
        var weightsBefore = diagnosticsInterval > 0 ? network.layers.map { Matrix<Scalar>(rows: $0.weights.rows, columns: $0.weights.columns) } : []
        let stepsPerEpoch = isSingleBatch ? 1 : (m + batchSize - 1) / batchSize
        // When the convergence rule may stop the run: a stuck network trains on, for the diagnostics to say why.
        let convergenceGuard = options.convergencePatience.map { _ in
            ConvergenceGuard(loss: network.loss, labels: data.labels, outputs: network.outputSize, stepsPerEpoch: stepsPerEpoch,
                             diagnosticsInterval: diagnosticsInterval)
        }
        let countsCorrect = options.recordsTrainingAccuracy && network.loss.isClassification
        var batchPredictions = Matrix<Scalar>(rows: countsCorrect ? 1 : 0, columns: countsCorrect ? batchSize : 0)

        // How the run ends: with the last epoch's weights, or with the best ones (and, for a diverged
        // run, a checkpoint holding them that resumes at `checkpointNextEpoch`).
        var stop: (reason: StopReason, keepsBest: Bool, checkpointNextEpoch: Int?) = (.completed, false, nil)

        training: for epoch in progress.nextEpoch..<options.epochs {
            if !isSingleBatch { shuffle(&order, epoch: epoch, random: &random, courseRandom: &courseRandom) }
            var epochTotal = 0.0
            var correct = 0
            var start = 0
            var step = epoch * stepsPerEpoch
            while start < m {
                let count = Swift.min(batchSize, m - start)
                let features: Matrix<Scalar>, labels: Matrix<Scalar>
                if isSingleBatch {
                    features = data.features
                    labels = data.labels
                } else {
                    gather.gather(data.features, columns: order[start ..< start + count], into: &batchFeatures)
                    data.labels.gatherColumns(order[start ..< start + count], into: &batchLabels)
                    features = batchFeatures
                    labels = batchLabels
                }
                forward(network, features, &workspace, &random, courseRandom: &courseRandom)
                if isSingleBatch {
                    // One batch: its cost is the epoch's cost, `(1/m) Σ loss + penalty` as the course prints it.
                    epochTotal = Double(network.cost(of: workspace, labels: labels, regularization: options.regularization, formula: options.costFormula))
                } else {
                    // The Optimization lab's `cost_total += Σ loss` over batches, divided by m after the
                    // epoch: the batch-size-weighted mean of the batch costs. Each batch's penalty
                    // (1/m_b)(λ/2)ΣW² weighs m_b, so it adds (λ/2)ΣW² — the penalty with m = 1.
                    let summed = network.loss.summedCost(z: workspace.logits, a: workspace.output, y: labels, formula: options.costFormula,
                                                         labelSmoothing: options.regularization.labelSmoothing)
                    // A closure, not `\.weights`: a key path literal may be instantiated on every call
                    // (two heap allocations a step, once this function grew past the optimizer's limits).
                    let penalty = options.regularization.cost(weights: network.layers.lazy.map { $0.weights }, m: 1)
                    epochTotal += Double(summed) + Double(penalty)
                }
                if epoch == 0 && start == 0 && !isSingleBatch {
                    // The weights training starts from, on the first batch before its update: the
                    // divergence rule's first reference (a single batch's first epoch measures them).
                    let starting = Double(network.cost(of: workspace, labels: labels, regularization: options.regularization, formula: options.costFormula))
                    progress.history.startingCost = starting
                    divergence?.observeStartingCost(starting)
                    // Measured on the training data, it is the starting weights' cost in the best's
                    // currency too (with a dev set the best goes by the dev cost).
                    if dev == nil, starting < best.cost { best.cost = starting }
                }
                if countsCorrect {
                    Network.labels(fromOutputs: workspace.output, loss: network.loss, into: &batchPredictions)
                    for j in 0..<count where batchPredictions.elements[j] == labels.elements[j] { correct += 1 }
                }
                network.backward(features, labels: labels, workspace: &workspace, regularization: options.regularization)
                if let clipNorm = options.clipNorm {
                    GradientClipping.clipByGlobalNorm(&workspace.gradients, maximumNorm: clipNorm)
                }
                if let clipValue = options.clipValue {
                    GradientClipping.clipByValue(&workspace.gradients, limit: Scalar(clipValue))
                }
                let recording = diagnosticsInterval > 0 && step % diagnosticsInterval == 0
                if recording {
                    for l in network.layers.indices { weightsBefore[l].copyElements(from: network.layers[l].weights) }
                }
                optimizer.beginStep()
                let rate = Scalar(learningRate)
                for id in ids {
                    network.layers[id.layer - 1].withParameter(id.kind) { parameter in
                        optimizer.update(&parameter, gradient: workspace.gradients[id.index], id: id, learningRate: rate)
                    }
                }
                if hasBatchNormalization { network.updateRunningStatistics(from: workspace) }
                if recording {
                    let record = DiagnosticsRecord(epoch: epoch, step: step, layers: (1...network.depth).map {
                        LayerStatistics.measure(layer: $0, network: network, workspace: workspace, before: weightsBefore[$0 - 1])
                    })
                    progress.history.diagnostics.append(record)
                    onDiagnostics(record)
                }
                step += 1
                start += count
            }
            let cost = isSingleBatch ? epochTotal : epochTotal / Double(m)
            var record = EpochRecord(epoch: epoch, cost: cost, learningRate: learningRate)
            if countsCorrect { record.trainAccuracy = Double(correct) / Double(m) }

            if dev == nil, cost < best.cost {
                // Without a dev set the epoch's cost measured the weights it started from: keep
                // them by swapping buffers (no copy), and reuse the old best's buffer for lastGood.
                swap(&best.network, &lastGood)
                best.cost = cost
                best.epoch = epoch > 0 ? epoch - 1 : nil
            }
            let costDiverged = cost.isNaN || (cost.isInfinite && options.costFormula == .stable)
            if costDiverged || !network.isFinite {
                stop = (.diverged(epoch: epoch), true, epoch)
                break training
            }
            // Only the swap above reads it (a dev set keeps its best by the dev cost).
            if dev == nil { lastGood.copyParameters(from: network) }

            if let dev {
                network.forward(dev.features, into: &devWorkspace)
                record.devCost = Double(network.cost(of: devWorkspace, labels: dev.labels))
                if network.loss.isClassification {
                    Network.labels(fromOutputs: devWorkspace.output, loss: network.loss, into: &devPredictions)
                    record.devAccuracy = Network.accuracy(predicted: devPredictions, labels: dev.labels)
                }
                if let devCost = record.devCost, devCost < best.cost - minimumImprovement {
                    best.network.copyParameters(from: network)
                    best.cost = devCost
                    best.epoch = epoch
                }
            }
            progress.history.records.append(record)
            let keepGoing = onEpoch(record, network)
            if let event = divergence?.observe(record), progress.history.divergence == nil {
                progress.history.divergence = event
                if divergence?.rule.action == .stop {
                    stop = (.diverging(event), true, epoch + 1)
                    break training
                }
            }

            if var stopping = progress.earlyStopping, let devCost = record.devCost {
                let decision = stopping.observe(epoch: epoch, devCost: devCost)
                progress.earlyStopping = stopping
                if case .stop(let bestEpoch) = decision {
                    stop = (.earlyStopped(bestEpoch: bestEpoch ?? epoch), true, nil)
                    break training
                }
            }
            // The training cost's plateau (scikit-learn's rule): stop with these weights.
            var converged = false
            if var plateau = progress.convergence {
                if case .stop = plateau.observe(epoch: epoch, devCost: record.cost) {
                    converged = epoch + 1 < options.epochs && convergenceGuard?.allowsStop(after: record, plateauLength: plateau.wait) == true
                }
                progress.convergence = plateau
            }
            learningRate = schedule.learningRate(afterEpoch: epoch, cost: record.devCost ?? cost)
            progress.nextEpoch = epoch + 1
            progress.learningRate = learningRate
            // A checkpoint every `checkpointEvery` epochs, after the last, and where the run stops.
            if let onCheckpoint, checkpointEvery > 0,
               (epoch + 1) % checkpointEvery == 0 || epoch + 1 == options.epochs || !keepGoing || converged {
                var snapshot = progress
                snapshot.best = best
                onCheckpoint(TrainingCheckpointState(network: network, optimizer: optimizer, schedule: schedule,
                                                     random: random, progress: snapshot))
            }
            if !keepGoing {
                if epoch + 1 < options.epochs { stop = (.stopped(afterEpoch: epoch), false, nil) }
                break training
            }
            if converged {
                stop = (.converged(afterEpoch: epoch), false, nil)
                break training
            }
        }
        progress.history.stopReason = stop.reason
        guard stop.keepsBest else {
            progress.history.weightsEpoch = progress.nextEpoch > 0 ? progress.nextEpoch - 1 : nil
            return progress.history
        }
        network = best.network
        progress.history.weightsEpoch = best.epoch
        if let next = stop.checkpointNextEpoch, let onCheckpoint, checkpointEvery > 0 {
            var snapshot = progress
            snapshot.nextEpoch = next
            snapshot.best = best
            onCheckpoint(TrainingCheckpointState(network: network, optimizer: optimizer, schedule: schedule, random: random, progress: snapshot))
        }
        return progress.history
    }

    /// Reorders `order` for `epoch` according to the shuffle mode.
    @inlinable
    func shuffle<R: RandomSource>(_ order: inout [Int], epoch: Int, random: inout R, courseRandom: inout NumpyRandom) {
        switch options.shuffle {
        case .none:
            return
        case .standard:
            for index in order.indices { order[index] = index }
            random.shuffle(&order)
        case .course(let counterStart):
            courseRandom.seed(counterStart &+ 1 &+ UInt32(truncatingIfNeeded: epoch))
            for index in order.indices { order[index] = index }
            courseRandom.shuffle(&order)
        }
    }

    /// The training forward pass with masks from the configured source.
    @inlinable
    func forward<R: RandomSource>(
        _ network: Network<Scalar>, _ input: Matrix<Scalar>, _ workspace: inout Workspace<Scalar>, _ random: inout R,
        courseRandom: inout NumpyRandom
    ) {
        guard network.hasDropout else {
            // Training mode all the same: batch normalization uses the batch's statistics.
            network.propagate(input, into: &workspace, training: true) { _, _ in }
            return
        }
        switch options.dropoutMasks {
        case .fresh:
            network.forward(input, into: &workspace, dropoutRandom: &random)
        case .reseeded(let seed):
            // Reseeding in place reuses the generator's state words: no allocation per step.
            courseRandom.seed(seed)
            network.forward(input, into: &workspace, dropoutRandom: &courseRandom)
        }
    }
}

extension Network {
    /// Copies every parameter of `source` (same architecture), and a batch normalization's running
    /// statistics, into this network's storage without reallocating — used for the last-good and
    /// best-epoch snapshots.
    @inlinable
    public mutating func copyParameters(from source: Network) {
        precondition(layers.count == source.layers.count, "Snapshots need the same architecture.")
        for l in layers.indices {
            layers[l].weights.copyElements(from: source.layers[l].weights)
            layers[l].bias.copyElements(from: source.layers[l].bias)
            if let normalization = source.layers[l].batchNormalization { layers[l].batchNormalization!.copyElements(from: normalization) }
            if let normalization = source.layers[l].layerNormalization { layers[l].layerNormalization!.copyElements(from: normalization) }
        }
    }
}
