/// Asynchronous successive halving over epochs, decided in trial order: ASHA (Li et al., 2018)
/// made independent of timing.
///
/// Every trial trains rung 0's epochs. Trial i's result in rung k promotes it to rung k + 1 (η
/// times the epochs, trained anew) when it ranks among the best max(1, ⌊n/η⌋) of the n rung-k
/// results of the trials numbered up to i that reached rung k (trial i included), by
/// `TrialRecord.ranked`. So the first trial always goes on, and about 1/η of each rung follows.
///
/// ASHA promotes a trial as soon as it is in the top 1/η of whatever its rung has reported so far,
/// so its promotions depend on which trials happened to finish first. Here a decision waits only
/// for the lower-numbered trials of its own rung. There is no barrier at the end of a rung, and
/// with trials started in index order the wait is short. The promotions are the ones ASHA would
/// make if results arrived in trial order, so the study is the same for any number of workers,
/// any finishing order, and after a resume.
public struct SuccessiveHalving: Sendable {
    /// One unit of work: a trial trained for one rung's epochs.
    public struct Task: Sendable, Hashable {
        /// The trial's index.
        public var trial: Int
        /// The rung (0 first).
        public var rung: Int

        /// A trial in a rung.
        public init(trial: Int, rung: Int) {
            self.trial = trial
            self.rung = rung
        }
    }

    /// The trials of rung 0.
    public let trialCount: Int
    /// The rungs, each η times longer than the one before.
    public let rungCount: Int
    /// η: about 1/η of each rung goes on to the next.
    public let reductionFactor: Int
    /// Per rung, the trials known to reach it, in index order (rung 0: every trial).
    public private(set) var reached: [[Int]]
    /// Per rung, the results added so far, by trial.
    private var results: [[Int: TrialRecord]]
    /// Per rung, how many of `reached[k]` have been decided (a prefix: decisions go in trial order).
    private var decided: [Int]
    /// Per rung, the decided results, best first.
    private var standings: [[TrialRecord]]
    /// The tasks handed out by `next()` whose results are not in yet.
    private var started = Set<Task>()

    /// A schedule of `trials` trials over `rungs` rungs with factor `reductionFactor` (η ≥ 2).
    public init(trials: Int, rungs: Int, reductionFactor: Int) {
        precondition(trials >= 0 && rungs >= 1 && reductionFactor >= 2, "halving needs trials ≥ 0, rungs ≥ 1 and η ≥ 2")
        trialCount = trials
        rungCount = rungs
        self.reductionFactor = reductionFactor
        reached = [Array(0..<trials)] + Array(repeating: [], count: rungs - 1)
        results = Array(repeating: [:], count: rungs)
        decided = Array(repeating: 0, count: rungs)
        standings = Array(repeating: [], count: rungs)
    }

    /// Adds a finished task's result (its `trial` and `rung`) and makes every decision it allows.
    /// A result of a trial that does not reach its rung (from a study run with other rules) is
    /// kept aside and never decides anything; a second result for the same task is ignored.
    public mutating func add(_ record: TrialRecord) {
        let rung = record.rung ?? 0
        precondition(rung >= 0 && rung < rungCount && record.trial >= 0 && record.trial < trialCount,
                     "trial \(record.trial) in rung \(rung) is outside the schedule")
        guard results[rung][record.trial] == nil else { return }
        started.remove(Task(trial: record.trial, rung: rung))
        results[rung][record.trial] = record
        advance(from: rung)
    }

    /// Decides, rung by rung from `start`, every trial whose result and whose lower-numbered
    /// rivals' results are in.
    private mutating func advance(from start: Int) {
        for rung in start..<rungCount {
            while decided[rung] < reached[rung].count, let record = results[rung][reached[rung][decided[rung]]] {
                let position = standings[rung].partitioningIndex { !TrialRecord.isRanked($0, before: record) }
                standings[rung].insert(record, at: position)
                let promotedCount = Swift.max(1, standings[rung].count / reductionFactor)
                if position < promotedCount && rung + 1 < rungCount { reached[rung + 1].append(record.trial) }
                decided[rung] += 1
            }
        }
    }

    /// Whether trial `trial`'s rung-`rung` result sent it on to the next rung; `nil` while undecided
    /// (or when it did not reach that rung).
    public func isPromoted(trial: Int, fromRung rung: Int) -> Bool? {
        guard let position = reached[rung].firstIndex(of: trial), position < decided[rung] else { return nil }
        return rung + 1 < rungCount && reached[rung + 1].contains(trial)
    }

    /// Every task that can run now: reached, with no result and not handed out by `next()`; the
    /// highest rung first (ASHA's preference for promotions), then the lowest trial.
    public var runnable: [Task] {
        (0..<rungCount).reversed().flatMap { rung in
            reached[rung].map { Task(trial: $0, rung: rung) }.filter(isRunnable)
        }
    }

    /// The first of `runnable`, marked as started (it leaves `runnable` until its result is added);
    /// `nil` when no task can run now.
    public mutating func next() -> Task? {
        for rung in (0..<rungCount).reversed() {
            if let trial = reached[rung].first(where: { isRunnable(Task(trial: $0, rung: rung)) }) {
                let task = Task(trial: trial, rung: rung)
                started.insert(task)
                return task
            }
        }
        return nil
    }

    /// The tasks known so far: every trial in every rung it reached (done, started or runnable).
    public var taskCount: Int { reached.reduce(0) { $0 + $1.count } }

    private func isRunnable(_ task: Task) -> Bool { results[task.rung][task.trial] == nil && !started.contains(task) }

    /// Whether every trial has been decided in every rung it reached: nothing is left to run.
    public var isComplete: Bool { (0..<rungCount).allSatisfy { decided[$0] == reached[$0].count } }

    /// The results that count, rung by rung: those of trials that reached their rung.
    public var records: [TrialRecord] {
        (0..<rungCount).flatMap { rung in reached[rung].compactMap { results[rung][$0] } }
    }
}

private extension Array {
    /// The first index whose element satisfies `belongs`, for a predicate false for a prefix and
    /// true for the rest (a binary search); `count` when none does.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
