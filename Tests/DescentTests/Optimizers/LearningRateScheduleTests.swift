import Testing
@testable import Descent

@Suite struct LearningRateScheduleTests {
    typealias Support = OptimizerTestSupport

    @Test func courseDecayFunctionsMatchTheFixtures() throws {
        let root = try Fixtures.load("testcases_2021")
        let inverse = try #require(Fixtures.value(root, "update_lr", "cases") as? [[String: Any]])
        for test in inverse {
            let (alpha, epoch, rate) = (try Fixtures.double(test["lr0"]!), Int(try Fixtures.double(test["epoch_num"]!)),
                                        try Fixtures.double(test["decay_rate"]!))
            let expected = try Fixtures.double(test["expected"]!)
            #expect(Support.close(inverseTimeDecay(initial: alpha, epoch: epoch, decayRate: rate), expected))
            var schedule = InverseTimeDecay(initialLearningRate: alpha, decayRate: rate)
            #expect(Support.close(schedule.learningRate(afterEpoch: epoch, cost: 0), expected))
        }
        let scheduled = try #require(Fixtures.value(root, "schedule_lr_decay", "cases") as? [[String: Any]])
        #expect(scheduled.count == 6)
        for test in scheduled {
            let (alpha, epoch, rate) = (try Fixtures.double(test["lr0"]!), Int(try Fixtures.double(test["epoch_num"]!)),
                                        try Fixtures.double(test["decay_rate"]!))
            let interval = Int(try Fixtures.double(test["time_interval"]!))
            let expected = try Fixtures.double(test["expected"]!)
            #expect(Support.close(scheduledDecay(initial: alpha, epoch: epoch, decayRate: rate, interval: interval), expected))
            var schedule = ScheduledDecay(initialLearningRate: alpha, decayRate: rate, interval: interval)
            #expect(Support.close(schedule.learningRate(afterEpoch: epoch, cost: 0), expected))
        }
    }

    @Test func courseDecaysKeepAlphaZeroForTheFirstTwoEpochs() {
        // The course's loop: epoch 0 trains with α0, then α = decay(α0, i) after epoch i, and decay(α0, 0) = α0.
        let inverse = InverseTimeDecay(initialLearningRate: 0.1, decayRate: 1)
        #expect([0, 1, 2, 3].map { inverse.learningRate(forEpoch: $0) } == [0.1, 0.1, 0.05, 0.1 / 3])
        let staircase = ScheduledDecay(initialLearningRate: 0.1, decayRate: 1, interval: 1000)
        #expect(staircase.learningRate(forEpoch: 1000) == 0.1)
        #expect(staircase.learningRate(forEpoch: 1001) == 0.05)
        #expect(staircase.learningRate(forEpoch: 2001) == 0.1 / 3)
    }

    @Test func commonSchedulesFollowPyTorch() {
        let exponential = ExponentialDecay(initialLearningRate: 0.1, gamma: 0.5)
        #expect([0, 1, 3].map { exponential.learningRate(forEpoch: $0) } == [0.1, 0.05, 0.0125])
        var steps = StepDecay(initialLearningRate: 1, gamma: 0.5, stepSize: 3)
        #expect([0, 2, 3, 5, 6].map { steps.learningRate(forEpoch: $0) } == [1, 1, 0.5, 0.5, 0.25])
        #expect(steps.learningRate(afterEpoch: 2, cost: 0) == 0.5)  // after epoch 2 comes epoch 3
        let cosine = CosineDecay(initialLearningRate: 1, minimumLearningRate: 0.2, epochs: 4)
        #expect(cosine.learningRate(forEpoch: 0) == 1)
        #expect(Support.close(cosine.learningRate(forEpoch: 1), 0.2 + 0.8 * (1 + 0.5.squareRoot()) / 2))
        #expect(Support.close(cosine.learningRate(forEpoch: 2), 0.6))
        #expect(Support.close(cosine.learningRate(forEpoch: 4), 0.2))
        #expect(Support.close(cosine.learningRate(forEpoch: 9), 0.2))
        var constant = ConstantLearningRate(initialLearningRate: 0.3)
        #expect(constant.learningRate(afterEpoch: 500, cost: 1) == 0.3)
    }

    @Test func plateauReducesAfterPatienceEpochsWithoutImprovement() {
        var plateau = ReduceLearningRateOnPlateau(initialLearningRate: 1, factor: 0.5, patience: 2, threshold: 0.01)
        let costs = [1.0, 0.9, 0.895, 0.95, 0.7, 0.71, 0.72, 0.73, 0.74]
        let rates = costs.enumerated().map { plateau.learningRate(afterEpoch: $0.offset, cost: $0.element) }
        // 0.895 is within the 0.01 threshold of 0.9: epochs 2 and 3 are bad → halve. 0.7 improves;
        // 5, 6 bad → halve; 7, 8 bad → halve again.
        #expect(rates == [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125])
        #expect(plateau.bestCost == 0.7)
    }

    @Test func plateauHonoursCooldownFloorAndRelativeThreshold() {
        var cooled = ReduceLearningRateOnPlateau(initialLearningRate: 1, factor: 0.1, patience: 1, cooldown: 2, minimumLearningRate: 0.005)
        let rates = (0..<7).map { cooled.learningRate(afterEpoch: $0, cost: $0 == 0 ? 1 : 2) }
        // Epoch 1 bad → 0.1, cooldown 2 (epochs 2, 3 count nothing), epoch 4 bad → 0.01, then cooldown, epoch 7 would hit the floor.
        #expect(rates.map { ($0 * 1e6).rounded() / 1e6 } == [1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01])
        for epoch in 7..<12 { _ = cooled.learningRate(afterEpoch: epoch, cost: 2) }
        #expect(cooled.currentLearningRate == 0.005)

        var relative = ReduceLearningRateOnPlateau(initialLearningRate: 1, factor: 0.5, patience: 1, threshold: 0.1, thresholdMode: .relative)
        _ = relative.learningRate(afterEpoch: 0, cost: 100)
        #expect(relative.learningRate(afterEpoch: 1, cost: 91) == 0.5)   // needs < 90
        #expect(relative.learningRate(afterEpoch: 2, cost: 89) == 0.5)   // improves
        #expect(relative.learningRate(afterEpoch: 3, cost: .nan) == 0.25)
    }

    @Test func configurationBuildsEveryKindAndNamesBadOptions() throws {
        typealias Configuration = LearningRateScheduleConfiguration
        #expect(LearningRateScheduleKind.allCases.map(\.rawValue) == ["constant", "inverse-time", "scheduled", "exponential", "step", "cosine", "plateau"])
        for kind in LearningRateScheduleKind.allCases {
            var schedule = try Configuration(kind: kind, initialLearningRate: 0.1).makeSchedule(totalEpochs: 100)
            #expect(schedule.kind == kind)
            #expect(schedule.initialLearningRate == 0.1)
            #expect(schedule.learningRate(afterEpoch: 0, cost: 1) <= 0.1)
        }
        var course = try Configuration(kind: .scheduled, initialLearningRate: 0.5, decayRate: 1, decayInterval: 100).makeSchedule(totalEpochs: 5000)
        #expect(course.learningRate(afterEpoch: 100, cost: 0) == 0.25)
        #expect(try Configuration(kind: .cosine, initialLearningRate: 1).makeSchedule(totalEpochs: 10).learningRate(forEpoch: 5) == 0.5)

        func error(_ configuration: Configuration) -> LearningRateScheduleConfigurationError? {
            let result = Result { () throws(LearningRateScheduleConfigurationError) in try configuration.makeSchedule(totalEpochs: 10) }
            if case .failure(let error) = result { return error }
            return nil
        }
        #expect(error(Configuration(kind: .constant, initialLearningRate: 0))?.field == "initialLearningRate")
        #expect(error(Configuration(kind: .inverseTime, initialLearningRate: 0.1, decayRate: -1))?.field == "decayRate")
        #expect(error(Configuration(kind: .scheduled, initialLearningRate: 0.1, decayInterval: 0))
                == .invalidValue(field: "decayInterval", value: "0", requirement: "must be at least 1 epoch"))
        #expect(error(Configuration(kind: .exponential, initialLearningRate: 0.1, gamma: 1.5))?.field == "gamma")
        #expect(error(Configuration(kind: .step, initialLearningRate: 0.1, stepSize: 0))?.field == "stepSize")
        #expect(error(Configuration(kind: .cosine, initialLearningRate: 0.1, minimumLearningRate: 0.2))?.field == "minimumLearningRate")
        #expect(error(Configuration(kind: .plateau, initialLearningRate: 0.1, plateauFactor: 1))?.field == "plateauFactor")
        #expect(error(Configuration(kind: .plateau, initialLearningRate: 0.1, plateauPatience: -1))?.field == "plateauPatience")
        #expect(error(Configuration(kind: .constant, initialLearningRate: 0.1, decayRate: 1))
                == .notApplicable(field: "decayRate", kind: .constant))
        #expect(error(Configuration(kind: .inverseTime, initialLearningRate: 0.1, decayInterval: 10))?.field == "decayInterval")
        #expect(error(Configuration(kind: .cosine, initialLearningRate: 0.1)) == nil)
        #expect(throws: LearningRateScheduleConfigurationError.unknownSchedule("linear")) { try LearningRateScheduleKind.named("linear") }
    }
}
