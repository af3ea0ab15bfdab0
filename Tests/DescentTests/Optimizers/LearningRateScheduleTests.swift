import Foundation
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
            var schedule = try LearningRateSchedule(.inverseTime(decayRate: rate), initialLearningRate: alpha, totalEpochs: 1)
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
            var schedule = try LearningRateSchedule(.scheduled(decayRate: rate, interval: interval), initialLearningRate: alpha, totalEpochs: 1)
            #expect(Support.close(schedule.learningRate(afterEpoch: epoch, cost: 0), expected))
        }
    }

    @Test func courseDecaysKeepAlphaZeroForTheFirstTwoEpochs() throws {
        // The course's loop: epoch 0 trains with α0, then α = decay(α0, i) after epoch i, and decay(α0, 0) = α0.
        let inverse = try LearningRateSchedule(.inverseTime(decayRate: 1), initialLearningRate: 0.1, totalEpochs: 1)
        #expect([0, 1, 2, 3].map { inverse.learningRate(forEpoch: $0) } == [0.1, 0.1, 0.05, 0.1 / 3])
        let staircase = try LearningRateSchedule(.scheduled(decayRate: 1, interval: 1000), initialLearningRate: 0.1, totalEpochs: 1)
        #expect(staircase.learningRate(forEpoch: 1000) == 0.1)
        #expect(staircase.learningRate(forEpoch: 1001) == 0.05)
        #expect(staircase.learningRate(forEpoch: 2001) == 0.1 / 3)
    }

    @Test func commonSchedulesFollowPyTorch() throws {
        let exponential = try LearningRateSchedule(.exponential(gamma: 0.5), initialLearningRate: 0.1, totalEpochs: 1)
        #expect([0, 1, 3].map { exponential.learningRate(forEpoch: $0) } == [0.1, 0.05, 0.0125])
        var steps = try LearningRateSchedule(.step(gamma: 0.5, stepSize: 3), initialLearningRate: 1, totalEpochs: 1)
        #expect([0, 2, 3, 5, 6].map { steps.learningRate(forEpoch: $0) } == [1, 1, 0.5, 0.5, 0.25])
        #expect(steps.learningRate(afterEpoch: 2, cost: 0) == 0.5)  // after epoch 2 comes epoch 3
        let cosine = try LearningRateSchedule(.cosine(epochs: 4, minimumLearningRate: 0.2), initialLearningRate: 1, totalEpochs: 100)
        #expect(cosine.learningRate(forEpoch: 0) == 1)
        #expect(Support.close(cosine.learningRate(forEpoch: 1)!, 0.2 + 0.8 * (1 + 0.5.squareRoot()) / 2))
        #expect(Support.close(cosine.learningRate(forEpoch: 2)!, 0.6))
        #expect(Support.close(cosine.learningRate(forEpoch: 4)!, 0.2))
        #expect(Support.close(cosine.learningRate(forEpoch: 9)!, 0.2))
        var constant = LearningRateSchedule.constant(0.3)
        #expect(constant.learningRate(afterEpoch: 500, cost: 1) == 0.3)
    }

    /// Whether two rate lists agree to `tolerance` (relative, as `Support.close`).
    static func agree(_ a: [Double], _ b: [Double], tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Support.close($0, $1, tolerance: tolerance) }
    }

    @Test("polynomial and cosine with warm restarts give torch 2.13's PolynomialLR and CosineAnnealingWarmRestarts rates, epoch by epoch")
    func polynomialAndRestartsFollowPyTorch() throws {
        func rates(_ decay: LearningRateDecay, _ count: Int, totalEpochs: Int = 100) throws -> [Double] {
            let schedule = try LearningRateSchedule(decay, initialLearningRate: 0.1, totalEpochs: totalEpochs)
            return (0..<count).map { schedule.learningRate(forEpoch: $0)! }
        }
        // The values torch printed for SGD(lr=0.1) and each scheduler stepped once per epoch.
        let polynomial = [0.1, 0.06400000000000002, 0.036000000000000004, 0.016000000000000004, 0.003999999999999999, 0, 0, 0]
        #expect(Self.agree(try rates(.polynomial(epochs: 5, power: 2), 8), polynomial, tolerance: 1e-15))
        #expect(try rates(.polynomial(), 11, totalEpochs: 10) == (0...10).map { 0.1 * (1 - Double(min($0, 10)) / 10) },
                "linear over the run by default")
        let doubling = [0.1, 0.0775, 0.032500000000000015, 0.1, 0.09397114317029975, 0.0775, 0.05500000000000001, 0.032500000000000015,
                        0.01602885682970026, 0.1, 0.09846666218300808, 0.09397114317029975]
        #expect(Self.agree(try rates(.cosineRestarts(period: 3, multiplier: 2, minimumLearningRate: 0.01), 12), doubling, tolerance: 1e-15))
        let even = [0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.1]
        #expect(Self.agree(try rates(.cosineRestarts(period: 4), 9), even, tolerance: 1e-15))
        let far = try LearningRateSchedule(.cosineRestarts(period: 4), initialLearningRate: 0.1, totalEpochs: 1)
        #expect(far.learningRate(forEpoch: 400_000_001) == even[1], "a cycle found by division, not by walking the cycles")
        let growing = try LearningRateSchedule(.cosineRestarts(period: 1, multiplier: 3), initialLearningRate: 0.1, totalEpochs: 1)
        #expect(growing.learningRate(forEpoch: Int.max - 1)!.isFinite)
    }

    @Test func plateauReducesAfterPatienceEpochsWithoutImprovement() throws {
        var plateau = try LearningRateSchedule(.plateau(factor: 0.5, patience: 2, threshold: 0.01), initialLearningRate: 1, totalEpochs: 1)
        let costs = [1.0, 0.9, 0.895, 0.95, 0.7, 0.71, 0.72, 0.73, 0.74]
        let rates = costs.enumerated().map { plateau.learningRate(afterEpoch: $0.offset, cost: $0.element) }
        // 0.895 is within the 0.01 threshold of 0.9: epochs 2 and 3 are bad → halve. 0.7 improves;
        // 5, 6 bad → halve; 7, 8 bad → halve again.
        #expect(rates == [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125])
        #expect(plateau.bestCost == 0.7)
        #expect(plateau.learningRate(forEpoch: 3) == nil)
    }

    @Test func plateauHonoursCooldownFloorAndRelativeThreshold() throws {
        var cooled = try LearningRateSchedule(.plateau(factor: 0.1, patience: 1, cooldown: 2, minimumLearningRate: 0.005), initialLearningRate: 1, totalEpochs: 1)
        let rates = (0..<7).map { cooled.learningRate(afterEpoch: $0, cost: $0 == 0 ? 1 : 2) }
        // Epoch 1 bad → 0.1, cooldown 2 (epochs 2, 3 count nothing), epoch 4 bad → 0.01, then cooldown, epoch 7 would hit the floor.
        #expect(rates.map { ($0 * 1e6).rounded() / 1e6 } == [1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01])
        for epoch in 7..<12 { _ = cooled.learningRate(afterEpoch: epoch, cost: 2) }
        #expect(cooled.currentLearningRate == 0.005)

        var relative = try LearningRateSchedule(.plateau(factor: 0.5, patience: 1, threshold: 0.1, thresholdMode: .relative), initialLearningRate: 1, totalEpochs: 1)
        _ = relative.learningRate(afterEpoch: 0, cost: 100)
        #expect(relative.learningRate(afterEpoch: 1, cost: 91) == 0.5)   // needs < 90
        #expect(relative.learningRate(afterEpoch: 2, cost: 89) == 0.5)   // improves
        #expect(relative.learningRate(afterEpoch: 3, cost: .nan) == 0.25)
    }

    @Test func everyNamedScheduleBuildsRoundTripsAndNamesBadOptions() throws {
        #expect(LearningRateDecay.names == ["constant", "inverse-time", "scheduled", "exponential", "step", "cosine", "polynomial",
                                            "cosine-restarts", "plateau"])
        for name in LearningRateDecay.names {
            var schedule = try LearningRateSchedule(LearningRateDecay(name: name), initialLearningRate: 0.1, totalEpochs: 100)
            #expect(schedule.decay.name == name)
            #expect(schedule.initialLearningRate == 0.1)
            #expect(schedule.learningRate(afterEpoch: 0, cost: 1) <= 0.1)
            // The running schedule (plateau progress included) and the decay round-trip through JSON.
            let decoded = try JSONDecoder().decode(LearningRateSchedule.self, from: JSONEncoder().encode(schedule))
            #expect(decoded == schedule)
            let decay = try LearningRateDecay(name: name)
            #expect(try JSONDecoder().decode(LearningRateDecay.self, from: JSONEncoder().encode(decay)) == decay)
        }
        let plateau = LearningRateDecay.plateau(factor: 0.5, patience: 3, threshold: 0.2, thresholdMode: .relative, cooldown: 1,
                                                minimumLearningRate: 0.01)
        let json = String(decoding: try JSONEncoder().encode(plateau), as: UTF8.self)
        #expect(json.contains(#""plateauThresholdMode":"relative""#) && json.contains(#""plateauPatience":3"#))
        #expect(try JSONDecoder().decode(LearningRateDecay.self, from: Data(json.utf8)) == plateau)
        var course = try LearningRateSchedule(LearningRateDecay(name: "scheduled", values: ["decayRate": 1, "decayInterval": 100]),
                                              initialLearningRate: 0.5, totalEpochs: 5000)
        #expect(course.learningRate(afterEpoch: 100, cost: 0) == 0.25)
        // A cosine schedule without T anneals over the run.
        let cosine = try LearningRateSchedule(.cosine(), initialLearningRate: 1, totalEpochs: 10)
        #expect(cosine.learningRate(forEpoch: 5) == 0.5 && cosine.decay == .cosine(epochs: 10))

        func error(_ make: () throws -> LearningRateSchedule) -> HyperparameterError? {
            do { _ = try make(); return nil } catch { return error as? HyperparameterError }
        }
        func schedule(_ name: String, _ alpha: Double = 0.1, decayRate: Double? = nil, decayInterval: Int? = nil, gamma: Double? = nil,
                      stepSize: Int? = nil, minimum: Double? = nil, factor: Double? = nil, patience: Int? = nil,
                      totalEpochs: Int = 10) throws(HyperparameterError) -> LearningRateSchedule {
            let given: [String: Double?] = [
                "decayRate": decayRate, "decayInterval": decayInterval.map(Double.init), "gamma": gamma, "stepSize": stepSize.map(Double.init),
                "minimumLearningRate": minimum, "plateauFactor": factor, "plateauPatience": patience.map(Double.init),
            ]
            return try LearningRateSchedule(LearningRateDecay(name: name, values: given.compactMapValues { $0 }),
                                            initialLearningRate: alpha, totalEpochs: totalEpochs)
        }
        #expect(error { try schedule("constant", 0) }?.field == "learningRate")
        #expect(error { try schedule("inverse-time", decayRate: -1) }?.field == "decayRate")
        #expect(error { try schedule("scheduled", decayInterval: 0) }
                == .invalidValue(field: "decayInterval", value: "0", requirement: "must be at least 1 epoch"))
        #expect(error { try schedule("exponential", gamma: 1.5) }?.field == "gamma")
        #expect(error { try schedule("step", stepSize: 0) }?.field == "stepSize")
        #expect(error { try schedule("cosine", minimum: 0.2) }?.field == "minimumLearningRate")
        #expect(error { try schedule("cosine", totalEpochs: 0) }?.field == "cosineEpochs")
        #expect(error { try schedule("plateau", factor: 1) }?.field == "plateauFactor")
        #expect(error { try schedule("plateau", patience: -1) }?.field == "plateauPatience")
        #expect(error { try schedule("constant", decayRate: 1) } == .notApplicable(field: "decayRate", name: "constant", concept: .schedule))
        #expect(error { try schedule("inverse-time", decayInterval: 10) }?.field == "decayInterval")
        #expect(error { try schedule("cosine") } == nil)
        #expect(error { try schedule("linear") } == .unknownName("linear", concept: .schedule))
        #expect(throws: HyperparameterError.invalidValue(field: "plateauThreshold", value: "2.0", requirement: "must be below 1 in relative mode")) {
            try LearningRateDecay.plateau(threshold: 2, thresholdMode: .relative).validate(initialLearningRate: 1)
        }
    }

    @Test("schedules saved before the descriptors (one JSON object per enum case) decode to the same schedules, and encode back alike")
    func earlierJSONStillDecodes() throws {
        // As the enum-era encoder wrote them: the name, each case's fields (integers as integers, an
        // unset T left out), the plateau's threshold mode by name.
        let earlier: [(String, LearningRateDecay)] = [
            (#"{"name":"constant"}"#, .constant),
            (#"{"name":"inverse-time","decayRate":0.5}"#, .inverseTime(decayRate: 0.5)),
            (#"{"name":"scheduled","decayRate":1,"decayInterval":100}"#, .scheduled(decayRate: 1, interval: 100)),
            (#"{"name":"exponential","gamma":0.9}"#, .exponential(gamma: 0.9)),
            (#"{"name":"step","gamma":0.5,"stepSize":10}"#, .step(gamma: 0.5, stepSize: 10)),
            (#"{"name":"cosine","minimumLearningRate":0}"#, .cosine()),
            (#"{"name":"cosine","cosineEpochs":40,"minimumLearningRate":0.001}"#, .cosine(epochs: 40, minimumLearningRate: 0.001)),
            (#"{"name":"polynomial","power":2,"minimumLearningRate":0}"#, .polynomial(power: 2)),
            (#"{"name":"cosine-restarts","restartPeriod":5,"restartMultiplier":2,"minimumLearningRate":0}"#, .cosineRestarts(period: 5, multiplier: 2)),
            (#"{"name":"plateau","plateauFactor":0.5,"plateauPatience":3,"plateauThreshold":0.2,"plateauCooldown":1,"minimumLearningRate":0.01,"plateauThresholdMode":"relative"}"#,
             .plateau(factor: 0.5, patience: 3, threshold: 0.2, thresholdMode: .relative, cooldown: 1, minimumLearningRate: 0.01)),
        ]
        for (json, expected) in earlier {
            let decoded = try JSONDecoder().decode(LearningRateDecay.self, from: Data(json.utf8))
            #expect(decoded == expected, "\(json)")
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded)) as? NSDictionary
            #expect(object == (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary), "\(json) encodes back alike")
        }
        // A field of another schedule, or a mode that is not one, is refused by name.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LearningRateDecay.self, from: Data(#"{"name":"step","power":2}"#.utf8)) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LearningRateDecay.self, from: Data(#"{"name":"plateau","plateauThresholdMode":"sideways"}"#.utf8))
        }
    }
}
