import Descent

/// The tune progress line, drawn from the study's progress callbacks (which come one at a time).
final class TuneProgress: @unchecked Sendable {
    var reporter: ProgressReporter

    init(_ reporter: ProgressReporter) { self.reporter = reporter }

    func update(_ progress: StudyProgress) {
        reporter.total = progress.taskCount
        // Ranked only when the bar is drawn (a terminal, at most ten times a second).
        reporter.update(completed: progress.records.count, status: progress.records.isEmpty ? nil : Self.bestText(progress.records))
    }

    /// `best dev accuracy 0.93 (trial 7)`.
    static func bestText(_ records: [TrialRecord]) -> String {
        let best = TrialRecord.ranked(records)[0]
        return "best dev \(TuneShowCommand.scoreText(best)) (trial \(best.trial))"
    }
}
