import Testing
@testable import Descent

@Suite struct DivergenceRuleTests {
    /// The acceptance run: moons, [2, 5, 2, 1], plain gradient descent at α = 10⁶ — the cost climbs
    /// from 0.70 into the thousands without ever reaching NaN.
    /// With `loss: .meanSquaredError, hidden: []`: linear regression on the 0/1 labels.
    static func train(_ rule: DivergenceRule?, formula: CostFormula = .stable, epochs: Int = 200, loss: Loss = .binaryCrossEntropy,
                      hidden: [Int] = [5, 2], learningRate: Double = 1e6) -> (TrainingHistory, Network<Double>) {
        let moons = Dataset.courseMoons()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2] + hidden + [1], loss: loss, initializer: .he, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(learningRate)
        let options = TrainingOptions(epochs: epochs, costFormula: formula, divergence: rule)
        let history = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random)
        return (history, network)
    }

    @Test("a cost that stays above 10× its best for 10 epochs stops the run, naming the epoch, the best and the learning rate")
    func risingCostStops() throws {
        let (history, network) = Self.train(DivergenceRule())
        guard case .diverging(let event) = history.stopReason else {
            Issue.record("expected divergence, got \(history.stopReason)")
            return
        }
        let costs = history.records.map(\.cost)
        #expect(event.bestEpoch == costs.firstIndex(of: costs.min()!))
        #expect(event.bestCost == costs.min())
        #expect(event.epoch == history.records.count - 1 && event.cost == costs.last)
        #expect(event.learningRate == 1e6)
        // The window: the last 10 epochs were all far above the best, the one before was not.
        let window = costs.suffix(10)
        #expect(window.allSatisfy { $0 > 10 * event.bestCost && $0 - event.bestCost > 1 })
        #expect(history.divergence == event)
        #expect(network.isFinite, "the kept weights are finite")
        // The course's nansum cost becomes infinite on the way: the same epoch trips the rule.
        let (course, _) = Self.train(DivergenceRule(), formula: .course)
        #expect(course.stopReason == history.stopReason || {
            if case .diverging(let other) = course.stopReason { return other.epoch == event.epoch }
            return false
        }())
    }

    @Test("a run driven to divergence ends with the best epoch's weights — those a run stopped there has — and says which epoch they are from",
          arguments: [false, true])
    func divergedRunKeepsTheBestWeights(overflowing: Bool) throws {
        // The rule stops the classifier's climb from its first cost; without a rule, linear regression at
        // α = 0.7 improves once, then its cost grows ~1.3× an epoch until the weights overflow.
        let rule = overflowing ? nil : DivergenceRule()
        let (loss, hidden, learningRate) = overflowing ? (Loss.meanSquaredError, [Int](), 0.7) : (.binaryCrossEntropy, [5, 2], 1e6)
        func train(epochs: Int, _ rule: DivergenceRule?) -> (TrainingHistory, Network<Double>) {
            Self.train(rule, epochs: epochs, loss: loss, hidden: hidden, learningRate: learningRate)
        }
        let (history, network) = train(epochs: 10_000, rule)
        let costs = history.records.map(\.cost)
        // The epoch whose cost (measured on the weights it starts from) was the lowest.
        let bestEpoch: Int
        switch history.stopReason {
        case .diverging(let event):
            #expect(!overflowing && event.bestEpoch == 0)
            bestEpoch = event.bestEpoch
        case .diverged(let epoch):
            #expect(overflowing && epoch == costs.count && epoch > 1000)
            bestEpoch = try #require(costs.firstIndex(of: costs.min()!))
            #expect(bestEpoch == 1)
        default:
            Issue.record("expected divergence, got \(history.stopReason)")
            return
        }
        #expect(costs[bestEpoch] == costs.min())
        #expect(history.weightsEpoch == (bestEpoch == 0 ? nil : bestEpoch - 1))
        let (stoppedThere, weightsThere) = train(epochs: bestEpoch, rule)
        #expect(stoppedThere.stopReason == .completed && stoppedThere.weightsEpoch == history.weightsEpoch)
        #expect(network == weightsThere)
        let (_, last) = train(epochs: costs.count, nil)
        #expect(network != last, "not the weights at the stop")
    }

    @Test("with a dev set the kept weights are those after the epoch of the lowest dev cost — a run of one more epoch has them")
    func divergedRunWithADevSetKeepsTheBestDevWeights() {
        func train(epochs: Int) -> (TrainingHistory, Network<Double>) {
            let moons = Dataset.courseMoons()
            var random = NumpyRandom(seed: 3)
            var network = Network<Double>(layerSizes: [2, 5, 2, 1], initializer: .he, using: &random)
            var optimizer = Optimizer<Double>(.gradientDescent)
            var schedule = LearningRateSchedule.constant(1e6)
            let history = Trainer<Double>(options: TrainingOptions(epochs: epochs, divergence: DivergenceRule())).fit(
                &network, on: moons, dev: moons, optimizer: &optimizer, schedule: &schedule, random: &random)
            return (history, network)
        }
        let (history, network) = train(epochs: 200)
        guard case .diverging = history.stopReason else {
            Issue.record("expected divergence, got \(history.stopReason)")
            return
        }
        let devCosts = history.records.map { $0.devCost ?? .nan }
        let best = devCosts.firstIndex(of: devCosts.min()!)!
        #expect(history.weightsEpoch == best)
        let (_, stoppedThere) = train(epochs: best + 1)
        #expect(network == stoppedThere)
    }

    @Test("with .warn the run completes and the first event is recorded; without a rule nothing is (as in the labs)")
    func warnAndNoRule() {
        let (warned, _) = Self.train(DivergenceRule(action: .warn))
        #expect(warned.stopReason == .completed && warned.records.count == 200)
        let (stopped, _) = Self.train(DivergenceRule())
        #expect(warned.divergence == stopped.divergence && warned.divergence != nil)
        let (unruled, _) = Self.train(nil)
        #expect(unruled.stopReason == .completed && unruled.divergence == nil)
        #expect(unruled.records.map(\.cost) == warned.records.map(\.cost), "the rule observes; it never changes training")
    }

    @Test("the rule: infinite best never trips (the lab's infinite first cost), NaN or infinity above a finite best does, both thresholds needed")
    func ruleSemantics() {
        let rule = DivergenceRule()
        #expect(!rule.isFarAbove(.infinity, best: .infinity))
        #expect(rule.isFarAbove(.nan, best: 0.5) && rule.isFarAbove(.infinity, best: 0.5))
        #expect(rule.isFarAbove(12, best: 1) && !rule.isFarAbove(9, best: 1))
        #expect(!rule.isFarAbove(0.05, best: 0.001), "10× but less than 1 above: a near-perfect fit wobbling")
        var tracker = DivergenceTracker(rule: DivergenceRule(window: 3), records: [])
        let costs = [.infinity, 2, 1, 50, 60, 1.5, 40, 40, 40]
        let events = costs.enumerated().map { tracker.observe(EpochRecord(epoch: $0, cost: $1, learningRate: 0.1)) }
        #expect(events.map { $0?.epoch } == [nil, nil, nil, nil, nil, nil, nil, nil, 8])
        #expect(events.last??.bestEpoch == 2 && events.last??.bestCost == 1)
        // A resumed run rebuilds the same state from its history.
        let records = costs.prefix(8).enumerated().map { EpochRecord(epoch: $0, cost: $1, learningRate: 0.1) }
        var resumed = DivergenceTracker(rule: DivergenceRule(window: 3), records: records)
        #expect(resumed.observe(EpochRecord(epoch: 8, cost: 40, learningRate: 0.1)) == events.last!)
    }

    @Test("mini-batch Adam at 10⁶ blows the cost up inside epoch 0: the first batch's starting cost is the best, the rule trips and the initial weights are kept; a resumed run agrees")
    func blowUpWithinTheFirstEpoch() throws {
        let moons = Dataset.courseMoons()
        func run(epochs: Int, progress: TrainingProgress<Double> = .init(), start: (Network<Double>, Optimizer<Double>, NumpyRandom)? = nil,
                 onCheckpoint: ((TrainingCheckpointState<Double, NumpyRandom>) -> Void)? = nil) -> (TrainingHistory, Network<Double>) {
            var random = NumpyRandom(seed: 3)
            var network = Network<Double>(layerSizes: [2, 5, 2, 1], initializer: .he, using: &random)
            var optimizer = Optimizer<Double>(.adam())
            if let start { (network, optimizer, random) = start }
            var schedule = LearningRateSchedule.constant(1e6)
            let options = TrainingOptions(epochs: epochs, batchSize: 64, divergence: DivergenceRule())
            let history = Trainer<Double>(options: options).fit(&network, on: moons, optimizer: &optimizer, schedule: &schedule, random: &random,
                                                                progress: progress, checkpointEvery: onCheckpoint == nil ? 0 : 1,
                                                                onCheckpoint: onCheckpoint)
            return (history, network)
        }
        var initialRandom = NumpyRandom(seed: 3)
        let initial = Network<Double>(layerSizes: [2, 5, 2, 1], initializer: .he, using: &initialRandom)
        var checkpoint: TrainingCheckpointState<Double, NumpyRandom>?
        let (history, kept) = run(epochs: 100) { state in if state.progress.nextEpoch == 4 { checkpoint = state } }
        guard case .diverging(let event) = history.stopReason else {
            Issue.record("expected divergence, got \(history.stopReason)")
            return
        }
        let starting = try #require(history.startingCost)
        #expect(history.records.allSatisfy { $0.cost > 10 * starting }, "every epoch's cost is far above the start's")
        #expect(event.bestEpoch == -1 && event.bestCost == starting && event.epoch == 9)
        #expect(kept == initial && history.weightsEpoch == nil, "the weights it started from")
        #expect(StopReason.diverging(event).summary.contains("at the start"))
        // Resumed from the checkpoint after epoch 3: the same trip, from the stored starting cost.
        let state = try #require(checkpoint)
        #expect(state.progress.history.startingCost == starting)
        let (resumed, resumedKept) = run(epochs: 100, progress: state.progress, start: (state.network, state.optimizer, state.random))
        #expect(resumed.stopReason == history.stopReason && resumed.records == history.records && resumedKept == kept)
        // Full batch: the first epoch measures the starting weights; no separate starting cost.
        let (fullBatch, _) = Self.train(DivergenceRule())
        #expect(fullBatch.startingCost == nil)
    }
}
