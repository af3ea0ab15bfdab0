import Foundation

extension TrialRecord {
    /// Trains `configuration` on `data` (in its precision) and records what the dev split measured:
    /// the run's metrics without the test set's (a search never looks at it) plus the last epoch's
    /// `dev_cost`, the epochs trained, the training's seconds and how it stopped.
    public init(training configuration: RunConfiguration, data: PreparedData, task: TrialTask) throws {
        func train<Scalar: DescentFloat>(_: Scalar.Type) throws -> RunResult<Scalar> {
            var run = try TrainingRun<Scalar>(configuration, data: data)
            return run.fit()
        }
        func record<Scalar: DescentFloat>(_ result: RunResult<Scalar>) -> TrialRecord {
            var metrics = result.metrics.filter { !$0.key.hasPrefix("test_") }
            if let devCost = result.history.records.last?.devCost { metrics["dev_cost"] = devCost }
            return TrialRecord(trial: task.index, rung: task.rung, values: task.values, metrics: metrics,
                               epochs: result.history.records.count, seconds: result.seconds, stopped: result.history.stopReason.summary)
        }
        switch configuration.model.precision {
        case .float64: self = record(try train(Double.self))
        case .float32: self = record(try train(Float.self))
        }
    }
}
