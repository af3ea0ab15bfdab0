import Testing
@testable import Descent

@Suite struct DivergenceRuleTests {
    /// The acceptance run: moons, [2, 5, 2, 1], plain gradient descent at α = 10⁶ — the cost climbs
    /// from 0.70 into the thousands without ever reaching NaN.
    static func train(_ rule: DivergenceRule?, formula: CostFormula = .stable, epochs: Int = 200) -> (TrainingHistory, Network<Double>) {
        let moons = Dataset.courseMoons()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 5, 2, 1], initializer: .he, using: &random)
        var optimizer = Optimizer<Double>(.gradientDescent)
        var schedule = LearningRateSchedule.constant(1e6)
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
}
