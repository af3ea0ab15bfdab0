import ArgumentParser
import Descent
import Foundation

/// `descent lab`: reproduces the course's four labs, prints what they print, and writes a report.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Reproduce the course labs number for number and write an HTML report.",
        discussion: """
            Runs the experiments of the Initialization, Regularization, Gradient Checking and Optimization \
            labs exactly as the course defines them (same data, seeds and formulas), prints the cost lines \
            and a summary table per lab, and writes a self-contained HTML report with every cost curve and \
            decision boundary.
            """)

    /// Which lab to run: a `CourseLab` by name, or `all`.
    struct Selection: ExpressibleByArgument {
        var labs: [CourseLab]

        init?(argument: String) {
            if argument == "all" {
                labs = CourseLab.allCases
            } else if let lab = CourseLab(rawValue: argument) {
                labs = [lab]
            } else {
                return nil
            }
        }

        static var allValueStrings: [String] { CourseLab.allCases.map(\.rawValue) + ["all"] }
        var defaultValueDescription: String { labs.count == 1 ? labs[0].rawValue : "all" }
    }

    @Argument(help: "The lab to run.")
    var lab = Selection(argument: "all")!

    @Option(help: "Directory for the HTML report (index.html).")
    var report: String = "descent-lab-report"

    @Flag(help: "Do not write the HTML report.")
    var noReport = false

    @Flag(help: "Print only the summary tables (the report is still written unless --no-report).")
    var quiet = false

    @Flag(help: "Print one JSON object with every run's results on stdout.")
    var json = false

    @Option(help: "Override every run's iteration/epoch count (for a quick look; the course's numbers need the defaults).")
    var epochs: Int?

    @Option(help: "Runs trained at once, across the labs (default: one per core); the numbers and the report are the same for any value.")
    var jobs: Int?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs: must be at least 1, got \(epochs)") }
        if json && quiet { throw ValidationError("--json and --quiet: choose one output format") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs: must be at least 1, got \(jobs)") }
    }

    func run() throws {
        if !noReport { try OutputPath.checkDirectory(report, option: "--report") }
        let labs = lab.labs
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var results = [LabResult]()
        if jobs <= 1 {
            for lab in labs {
                var progress = ProgressReporter(label: lab.rawValue, total: 1, enabled: !json)
                let result = try lab.run(epochs: epochs) { step in
                    progress.label = step.run
                    progress.total = step.total
                    progress.update(completed: step.completed, status: "cost \(formatFixed(step.cost, digits: 6))")
                }
                progress.clear()
                if !json { print(Self.text(result, quiet: quiet)) }
                results.append(result)
            }
        } else {
            // Every lab's independent runs on `jobs` threads; printed in the usual order once all are
            // done (a run's numbers do not depend on its thread).
            let plans = try labs.map { try $0.plan(epochs: epochs) }
            if !json { Console.standardError("running \(plans.map(\.runs.count).reduce(0, +)) runs of \(labs.count) labs on \(jobs) threads…\n") }
            results = LabPlan.results(plans, jobs: jobs)
            if !json { for result in results { print(Self.text(result, quiet: quiet)) } }
        }
        if json { print(Self.json(results).text) }
        if !noReport {
            let directory = URL(fileURLWithPath: report)
            do {
                let file = try HTMLReport(labs: results).write(to: directory)
                if !json && !quiet { print("Report: \(file.path)") }
            } catch {
                throw CommandFailure(message: "\(report): cannot write the report: \(error)")
            }
        }
    }

    /// The lab's printout: cost lines as the course prints them (unless quiet), accuracies, the
    /// summary table, the lesson and the bias/variance line.
    static func text(_ result: LabResult, quiet: Bool) -> String {
        var lines = ["", "== \(result.lab.title) lab =="]
        if !quiet {
            for run in result.runs {
                lines.append("")
                lines.append("[\(run.name)] \(run.summary)")
                for point in run.costs {
                    lines.append("Cost after \(run.stepName) \(point.step): \(point.rawCost)")
                }
                if let final = run.finalLearningRate, run.hasDecaySchedule {
                    lines.append("Learning rate after the last epoch: \(final)")
                }
                if let difference = run.difference {
                    let passed = run.passed ?? false
                    lines.append(passed ? "Your backward propagation works perfectly fine! difference = \(difference)"
                                        : "There is a mistake in the backward propagation! difference = \(difference)")
                    if !run.failingTensors.isEmpty {
                        lines.append("Blamed tensors: \(run.failingTensors.joined(separator: ", "))")
                    }
                    for (name, difference) in run.tensorDifferences { lines.append("  \(name): \(difference)") }
                }
                if !run.initialLayers.isEmpty {
                    let format = { (values: [Double]) in values.map { String(format: "%.3g", $0) }.joined(separator: ", ") }
                    lines.append("‖dZ[l]‖ at initialization, layers 1…\(run.initialLayers.count): \(format(run.initialLayers.map(\.errorNorm)))")
                    lines.append("std(A[l]) at initialization, layers 1…\(run.initialLayers.count): "
                        + format(run.initialLayers.map(\.activationStandardDeviation)))
                }
                if let train = run.trainAccuracy { lines.append("On the train set: Accuracy: \(train)") }
                if let test = run.testAccuracy { lines.append("On the test set: Accuracy: \(test)") }
            }
            lines.append("")
        }
        lines.append(result.summaryTable.text())
        if !quiet {
            lines.append("Lesson: \(result.lesson)")
            if let biasVariance = result.biasVariance { lines.append("Bias/variance: \(biasVariance)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `{"labs": [{"lab": …, "runs": [{"name": …, "train_accuracy": …, "test_accuracy": …, "costs": [[step, cost], …]}]}]}`.
    static func json(_ results: [LabResult]) -> JSON {
        .object([("labs", .array(results.map { result in
            .object([
                ("lab", .string(result.lab.rawValue)),
                ("runs", .array(result.runs.map { run in
                    var members: [(String, JSON)] = [("name", .string(run.name))]
                    if let difference = run.difference {
                        members.append(("difference", .number(difference)))
                        members.append(("passed", .bool(run.passed ?? false)))
                        members.append(("blamed", .array(run.failingTensors.map { .string($0) })))
                    } else {
                        members.append(("train_accuracy", .number(run.trainAccuracy)))
                        if run.testAccuracy != nil { members.append(("test_accuracy", .number(run.testAccuracy))) }
                        members.append(("costs", .array(run.costs.map { .array([.integer($0.step), .number($0.rawCost)]) })))
                        if !run.initialLayers.isEmpty {
                            members.append(("initial_error_norms", .array(run.initialLayers.map { .number($0.errorNorm) })))
                            members.append(("initial_activation_std", .array(run.initialLayers.map { .number($0.activationStandardDeviation) })))
                        }
                    }
                    return .object(members)
                })),
                ("lesson", .string(result.lesson)),
                ("bias_variance", result.biasVariance.map { .string($0) } ?? .null),
            ])
        }))])
    }
}
