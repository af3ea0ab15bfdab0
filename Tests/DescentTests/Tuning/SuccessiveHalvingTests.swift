import Foundation
import Testing
@testable import Descent

@Suite struct SuccessiveHalvingTests {
    /// A rung result whose dev accuracy is `score`.
    static func record(_ trial: Int, _ rung: Int, _ score: Double) -> TrialRecord {
        TrialRecord(trial: trial, rung: rung, values: [], metrics: ["dev_accuracy": score], epochs: 1, seconds: 0, stopped: "completed")
    }

    /// A fixed, irregular score for each (trial, rung): no ties.
    static func score(_ trial: Int, _ rung: Int) -> Double {
        var random = FastRandom(seed: UInt64(trial * 17 + rung * 1_000_003 + 5))
        return Double(random.next() >> 11) / Double(1 << 53)
    }

    /// The rule written out directly: per rung, in trial order, each trial that reached it goes on
    /// when it ranks among the best max(1, ⌊n/η⌋) of the n results of trials numbered up to its own.
    static func reference(trials: Int, rungs: Int, reductionFactor: Int, score: (Int, Int) -> Double) -> [[Int]] {
        var reached = [Array(0..<trials)]
        for rung in 0..<(rungs - 1) {
            var next: [Int] = []
            for (position, trial) in reached[rung].enumerated() {
                let rivals = reached[rung][...position].map { record($0, rung, score($0, rung)) }
                let best = TrialRecord.ranked(rivals).prefix(max(1, rivals.count / reductionFactor)).map(\.trial)
                if best.contains(trial) { next.append(trial) }
            }
            reached.append(next)
        }
        return reached
    }

    /// Runs the schedule to the end on `workers` simulated workers, any running task finishing
    /// next (drawn from `seed`), and returns the finished schedule.
    static func simulate(trials: Int, rungs: Int, reductionFactor: Int, workers: Int, seed: UInt64) -> SuccessiveHalving {
        var schedule = SuccessiveHalving(trials: trials, rungs: rungs, reductionFactor: reductionFactor)
        var running: [SuccessiveHalving.Task] = []
        var random = FastRandom(seed: seed)
        while true {
            while running.count < workers, let task = schedule.next() {
                #expect(!running.contains(task), "a task handed out twice")
                running.append(task)
            }
            if running.isEmpty { break }
            // Any running task may finish next.
            let task = running.remove(at: Int(random.next() % UInt64(running.count)))
            schedule.add(record(task.trial, task.rung, score(task.trial, task.rung)))
        }
        return schedule
    }

    @Test("promotions follow the rule (best max(1, ⌊n/η⌋) of the trials so far), whatever the workers and the finishing order")
    func promotionsFollowTheRuleInAnyOrder() {
        for (trials, rungs, eta) in [(30, 4, 3), (81, 5, 3), (17, 3, 2), (1, 3, 3), (0, 2, 3)] {
            let expected = Self.reference(trials: trials, rungs: rungs, reductionFactor: eta, score: Self.score)
            for (workers, seed) in [(1, UInt64(1)), (2, 2), (4, 3), (16, 4)] {
                var schedule = Self.simulate(trials: trials, rungs: rungs, reductionFactor: eta, workers: workers, seed: seed)
                #expect(schedule.isComplete)
                #expect(schedule.reached == expected, "\(trials) trials, η \(eta), \(workers) workers")
                #expect(schedule.records.count == expected.map(\.count).reduce(0, +))
                #expect(schedule.taskCount == schedule.records.count && schedule.runnable.isEmpty && schedule.next() == nil)
            }
        }
        // About 1/η of each rung goes on: trial i with probability max(1, ⌊(i+1)/η⌋)/(i+1) for
        // scores in random order, a little under 1/η (the rounding down) but more for the first trials.
        let reached = Self.reference(trials: 243, rungs: 4, reductionFactor: 3, score: Self.score).map(\.count)
        #expect(reached[0] == 243)
        for rung in 1..<4 {
            #expect(Double(reached[rung]) >= Double(reached[rung - 1]) / 3 * 0.8 && Double(reached[rung]) <= Double(reached[rung - 1]) / 3 + 8,
                    "\(reached)")
        }
    }

    @Test("the top 1/η goes on: rising scores promote every trial, falling scores only the first")
    func risingAndFallingScores() {
        var rising = SuccessiveHalving(trials: 9, rungs: 3, reductionFactor: 3)
        var falling = rising
        for trial in 0..<9 {
            rising.add(Self.record(trial, 0, Double(trial) / 10))
            falling.add(Self.record(trial, 0, 1 - Double(trial) / 10))
        }
        #expect(rising.reached[1] == Array(0..<9))
        #expect(falling.reached[1] == [0])
        #expect((0..<9).map { falling.isPromoted(trial: $0, fromRung: 0) } == [true] + Array(repeating: false, count: 8))
        #expect(falling.runnable == [SuccessiveHalving.Task(trial: 0, rung: 1)])
    }

    @Test("asynchronous: a trial goes on without waiting for its rung to finish, only for the lower-numbered trials")
    func noBarrierAtTheEndOfARung() {
        var schedule = SuccessiveHalving(trials: 27, rungs: 4, reductionFactor: 3)
        #expect(schedule.runnable.count == 27 && schedule.runnable.allSatisfy { $0.rung == 0 })
        // Trial 0 is in: it goes on at once, and its rung-1 task comes first (promotions before new trials).
        schedule.add(Self.record(0, 0, 0.5))
        #expect(schedule.runnable.first == SuccessiveHalving.Task(trial: 0, rung: 1))
        // Handed out, it is no longer runnable; the next task is a new trial.
        #expect(schedule.next() == SuccessiveHalving.Task(trial: 0, rung: 1))
        #expect(schedule.next() == SuccessiveHalving.Task(trial: 1, rung: 0))
        #expect(schedule.runnable.first == SuccessiveHalving.Task(trial: 2, rung: 0) && schedule.taskCount == 28)
        // Trial 2 arrives before trial 1: it is not decided until trial 1 is in.
        schedule.add(Self.record(2, 0, 0.9))
        #expect(schedule.isPromoted(trial: 2, fromRung: 0) == nil)
        #expect(!schedule.runnable.contains(SuccessiveHalving.Task(trial: 2, rung: 1)))
        schedule.add(Self.record(1, 0, 0.1))
        #expect(schedule.isPromoted(trial: 1, fromRung: 0) == false)
        #expect(schedule.isPromoted(trial: 2, fromRung: 0) == true)
        #expect(schedule.reached[1] == [0, 2])
        #expect(!schedule.isComplete)
    }

    @Test("resuming: results added again, in another order, or from trials that never reached their rung change nothing")
    func resumeIsIdempotent() {
        let whole = Self.simulate(trials: 20, rungs: 3, reductionFactor: 3, workers: 2, seed: 9)
        var resumed = SuccessiveHalving(trials: 20, rungs: 3, reductionFactor: 3)
        // A stale result: trial 19 at the last rung, which it does not reach under these scores.
        let stale = Self.record(19, 2, 1.0)
        #expect(!whole.reached[2].contains(19))
        resumed.add(stale)
        for record in whole.records.reversed() + whole.records { resumed.add(record) }
        #expect(resumed.reached == whole.reached && resumed.isComplete && resumed.runnable.isEmpty)
        #expect(resumed.records == whole.records)
    }
}
