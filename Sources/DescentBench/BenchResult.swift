import Descent

/// One workload's timing, as the peer scripts report it.
struct BenchResult {
    var workload: String
    var dtype: String
    var epochs: Int
    var steps: Int
    var seconds: [Double]
    var trainAccuracy: Double
    var testAccuracy: Double?
    var finalCost: Double
    /// Heap allocations per training step in steady state (-1: no counter on this platform).
    var allocationsPerStep: Double
    /// moons-live: the frames a second the page received.
    var framesPerSecond: Double?

    var median: Double { DescentBench.median(seconds) }
    var microsecondsPerStep: Double { 1e6 * median / Double(steps) }
    var stepsPerSecond: Double { Double(steps) / median }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("workload", .string(workload)), ("system", .string("descent")), ("dtype", .string(dtype)),
            ("epochs", .integer(epochs)), ("steps", .integer(steps)),
            ("median_s", .number(median)), ("min_s", .number(seconds.min())), ("max_s", .number(seconds.max())),
            ("runs", .integer(seconds.count)), ("all_s", .array(seconds.map { .number($0) })),
            ("us_per_step", .number(microsecondsPerStep)), ("steps_per_s", .number(stepsPerSecond)),
            ("train_acc", .number(trainAccuracy)),
        ]
        if let testAccuracy { members.append(("test_acc", .number(testAccuracy))) }
        members.append(("final_cost", .number(finalCost)))
        members.append(("allocations_per_step", .number(allocationsPerStep)))
        if let framesPerSecond { members.append(("frames_per_s", .number(framesPerSecond))) }
        return .object(members)
    }

    var line: String {
        var accuracy = "train acc \(formatFixed(trainAccuracy, digits: 4))"
        if let testAccuracy { accuracy += " test acc \(formatFixed(testAccuracy, digits: 4))" }
        let name = workload.padding(toLength: 16, withPad: " ", startingAt: 0)
        return "\(name) \(dtype)  median \(formatFixed(median, digits: 3)) s (n=\(seconds.count))  "
            + "\(formatFixed(microsecondsPerStep, digits: 2)) us/step  \(formatFixed(stepsPerSecond, digits: 1)) steps/s  "
            + "\(accuracy)  allocations/step \(formatFixed(allocationsPerStep, digits: 4))"
            + (framesPerSecond.map { "  frames/s \(formatFixed($0, digits: 1))" } ?? "")
    }
}
