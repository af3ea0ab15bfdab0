/// A lab cut into its independent runs and the step that turns their results into the lab's result.
///
/// Every run builds its own network and seeds its own generator, so the runs may train on any
/// threads in any order: `LabPlan.results(_:jobs:)` gives exactly what running them one after the
/// other gives.
public struct LabPlan: Sendable {
    /// One run of a lab: trains (reporting its steps to `progress`) and returns what the lab prints.
    public struct Run: Sendable {
        let body: @Sendable (_ progress: (LabProgress) -> Void) -> LabRun

        /// A run computed by `body`.
        init(_ body: @escaping @Sendable (_ progress: (LabProgress) -> Void) -> LabRun) { self.body = body }

        /// Trains the run.
        public func callAsFunction(_ progress: (LabProgress) -> Void) -> LabRun { body(progress) }
    }

    /// Which lab.
    public let lab: CourseLab
    /// The lab's runs, in the course's order.
    public let runs: [Run]
    /// The lab's result from its runs' results (in `runs`' order): the lesson and the bias/variance line.
    let assemble: @Sendable ([LabRun]) -> LabResult

    init(lab: CourseLab, runs: [Run], assemble: @escaping @Sendable ([LabRun]) -> LabResult) {
        self.lab = lab
        self.runs = runs
        self.assemble = assemble
    }

    /// The lab's result from the results of `runs`, in their order.
    public func result(of runResults: [LabRun]) -> LabResult {
        precondition(runResults.count == runs.count, "\(lab.rawValue): \(runs.count) runs, got \(runResults.count) results")
        return assemble(runResults)
    }

    /// The labs' results, in `plans`' order, with every run of every lab shared among `jobs` workers
    /// (each takes the next run as it finishes one). The runs of the labs that take longest go first
    /// (`CourseLab.schedulingRank`), so the last to finish is short. The results do not depend on
    /// `jobs`.
    public static func results(_ plans: [LabPlan], jobs: Int) -> [LabResult] {
        precondition(jobs >= 1, "jobs must be at least 1")
        let order = plans.indices.sorted { (plans[$0].lab.schedulingRank, $0) < (plans[$1].lab.schedulingRank, $1) }
        let tasks = order.flatMap { plan in plans[plan].runs.indices.map { (plan: plan, run: $0) } }
        let slots = RunSlots(plans.map { Array(repeating: nil, count: $0.runs.count) })
        ParallelLoop.forEach(count: tasks.count, jobs: jobs, { position in
            let task = tasks[position]
            return plans[task.plan].runs[task.run]({ _ in })
        }, deliver: { position, run in slots.values[tasks[position].plan][tasks[position].run] = run })
        return plans.indices.map { plans[$0].result(of: slots.values[$0].map { $0! }) }
    }

    /// The runs' results by lab and run, written only by `ParallelLoop.forEach`'s one delivery at a time.
    private final class RunSlots: @unchecked Sendable {
        var values: [[LabRun?]]
        init(_ values: [[LabRun?]]) { self.values = values }
    }
}

extension CourseLab {
    /// The order in which `LabPlan.results` hands out the labs' runs: the depth lab's three 12-layer
    /// networks (about 2.8 s each in release), then the Regularization lab's 30000 iterations (0.9 s
    /// each), then the rest (under 0.3 s each).
    var schedulingRank: Int {
        switch self {
        case .vanishingGradients: 0
        case .regularization: 1
        case .initialization: 2
        case .optimization: 3
        case .gradientChecking: 4
        case .batchNormalization: 5
        }
    }
}
