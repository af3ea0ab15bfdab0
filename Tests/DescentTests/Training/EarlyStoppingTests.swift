import Testing
@testable import Descent

@Suite struct EarlyStoppingTests {
    @Test func stopsPatienceEpochsAfterTheBest() throws {
        var stopping = try EarlyStopping(patience: 3)
        let costs = [1.0, 0.8, 0.7, 0.75, 0.72, 0.9, 0.6]
        var decisions: [EarlyStopping.Decision] = []
        for (epoch, cost) in costs.enumerated() {
            let decision = stopping.observe(epoch: epoch, devCost: cost)
            decisions.append(decision)
            if case .stop = decision { break }
        }
        #expect(decisions == [.improved, .improved, .improved, .continue, .continue, .stop(bestEpoch: 2)])
        #expect(stopping.bestCost == 0.7 && stopping.bestEpoch == 2)
    }

    @Test func smallImprovementsDoNotCount() throws {
        var stopping = try EarlyStopping(patience: 2, minimumImprovement: 0.01)
        #expect(stopping.observe(epoch: 0, devCost: 0.5) == .improved)
        #expect(stopping.observe(epoch: 1, devCost: 0.495) == .continue)   // not below 0.5 − 0.01
        #expect(stopping.observe(epoch: 2, devCost: 0.48) == .improved)
        #expect(stopping.observe(epoch: 3, devCost: .nan) == .continue)
        #expect(stopping.observe(epoch: 4, devCost: 0.475) == .stop(bestEpoch: 2))
    }

    @Test func patienceZeroAndInvalidOptions() throws {
        var impatient = try EarlyStopping(patience: 0)
        #expect(impatient.observe(epoch: 0, devCost: 1) == .improved)
        #expect(impatient.observe(epoch: 1, devCost: 1) == .stop(bestEpoch: 0))
        var diverged = try EarlyStopping(patience: 1)
        #expect(diverged.observe(epoch: 0, devCost: .nan) == .stop(bestEpoch: nil))
        #expect(throws: EarlyStoppingError.invalidValue(option: "--patience", value: "-1", requirement: "must be non-negative")) {
            try EarlyStopping(patience: -1)
        }
        #expect(throws: EarlyStoppingError.self) { try EarlyStopping(patience: 3, minimumImprovement: -0.1) }
    }
}
