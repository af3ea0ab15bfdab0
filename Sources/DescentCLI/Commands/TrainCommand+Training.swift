import Descent
import Foundation

extension TrainCommand {
    /// Trains `configuration` on `prepared` in precision `Scalar`: the cost lines, the diagnostics'
    /// warnings, Ctrl-C, checkpoints, the history, report and model files, then the results — and
    /// the error that says how a diverged or interrupted run ended.
    func train<Scalar: DescentFloat>(_ settings: TrainingSettings, _ configuration: RunConfiguration, _ prepared: PreparedData, as _: Scalar.Type) throws {
        let fingerprint = settings.fingerprint
        var run = try TrainingRun<Scalar>(configuration, data: prepared)
        if let resume {
            run.restore(try TrainingCheckpointFile.load(
                from: URL(fileURLWithPath: resume), fingerprint: fingerprint, network: run.network, optimizer: run.optimizer,
                targetScaler: prepared.targetScaler))
        }
        let console = ConsoleObserver<Scalar>(printEvery: json ? 0 : printEvery, unit: settings.batchSize == nil ? "iteration" : "epoch",
                                              progress: ProgressReporter(label: "train", total: settings.epochs, enabled: !json))
        let health = GradientHealthObserver<Scalar>(run: DiagnosedRun(configuration, data: prepared)) { warning in
            console.progress.clear()
            Console.standardError("warning: \(warning)" + (warning.command(for: settings).map { ": \($0)" } ?? "") + "\n")
        }
        // Ctrl-C: stop after the epoch and keep what was trained (saved, checkpointed, reported).
        let interruption = Interruption { number in
            Console.standardError("\n\(Interruption.name(number)): stopping after this epoch to keep what was trained (again to quit at once)\n")
        }
        console.interruption = interruption
        defer { interruption.stop() }
        let result = run.fit(
            observers: [console, health],
            checkpointEvery: checkpoint == nil ? 0 : checkpointEvery,
            onCheckpoint: { state in
                guard let checkpoint else { return }
                do {
                    try TrainingCheckpointFile.save(state, fingerprint: fingerprint, targetScaler: prepared.targetScaler,
                                                    to: URL(fileURLWithPath: checkpoint))
                } catch {
                    console.checkpointFailure = error
                }
            })
        console.progress.clear()
        if let failure = console.checkpointFailure { throw CommandFailure(message: "cannot write the checkpoint: \(failure)") }
        let history = result.history
        if let path = historyPath {
            do {
                try AtomicFile.write(Array(history.csv().utf8), to: URL(fileURLWithPath: path))
            } catch {
                throw CommandFailure(message: "\(path): cannot write the history: \(error)")
            }
        }
        var report = TrainingReport(result: result, prepared: prepared)
        report.warnings = health.warnings.map { ($0, $0.command(for: settings)) }
        if let reportPath {
            do {
                let file = try result.report(data: prepared, settings: settings, warnings: health.warnings).write(to: URL(fileURLWithPath: reportPath))
                if !json { Console.standardError("wrote the report to \(file.path)\n") }
            } catch {
                throw CommandFailure(message: "\(reportPath): cannot write the report: \(error)")
            }
        }
        if let savePath { try result.save(data: prepared, settings: settings, to: savePath) }
        if json {
            print(report.json.text)
        } else {
            print(report.text)
        }
        let kept = Self.keptWeightsText(history, saved: savePath != nil, checkpoint: checkpoint)
        switch history.stopReason {
        case .diverged(let epoch):
            let before = history.records.last.map { "; the cost before was \(Markup.significant($0.cost, digits: 6))" } ?? ""
            let rate = history.records.last?.learningRate ?? settings.learningRate
            throw CommandFailure(message: "training diverged in epoch \(epoch): the cost or a weight became NaN or infinite\(before); "
                + "\(kept) — try --learning-rate \(Self.smaller(rate))")
        case .diverging(let event):
            throw CommandFailure(message: Self.divergenceText(event, rule: settings.divergenceRule) + "; \(kept)"
                + " — try --learning-rate \(Self.smaller(event.learningRate)) (or --on-divergence warn to go on)")
        case .stopped(let epoch):
            let number = interruption.signalNumber ?? SIGINT
            var kept = [savePath.map { "the model is saved to \($0)" }, checkpoint.map { "the checkpoint to \($0) (continue with --resume \($0))" }]
                .compactMap { $0 }.joined(separator: ", ")
            if kept.isEmpty { kept = "nothing was saved (no --save or --checkpoint)" }
            throw CommandFailure(message: "interrupted (\(Interruption.name(number))) after epoch \(epoch) of \(settings.epochs): \(kept)",
                                 exitCode: 128 + number)
        case .completed, .earlyStopped, .converged:
            if let event = history.divergence {
                Console.standardError("warning: \(Self.divergenceText(event, rule: settings.divergenceRule)); training went on (--on-divergence warn) — "
                    + "try --learning-rate \(Self.smaller(event.learningRate))\n")
            }
        }
    }


    /// `training diverged in epoch E: the cost rose from its best B (epoch b) to C, and stayed above F× the best for W epochs`.
    static func divergenceText(_ event: DivergenceEvent, rule: DivergenceRule) -> String {
        "training diverged in epoch \(event.epoch): the cost rose from its best, \(Markup.significant(event.bestCost, digits: 6)) "
            + (event.bestEpoch < 0 ? "at the start (the first batch, before any update)" : "in epoch \(event.bestEpoch)") + ", to \(Markup.significant(event.cost, digits: 6)), and stayed above \(String(format: "%g", rule.factor))× the best for \(rule.window) epochs"
    }

    /// Which weights a diverged run kept: `kept (and saved) the initial weights, whose cost 1.1 in epoch 0
    /// was the lowest` (or `… on the first batch, before any update, …`), `… the weights from the end of epoch 4, whose cost 0.5 in epoch 5 was the lowest`,
    /// or with a dev set `… the weights from the end of epoch 4, whose dev cost 0.5 was the lowest`.
    static func keptWeightsText(_ history: TrainingHistory, saved: Bool, checkpoint: String?) -> String {
        let epoch = history.weightsEpoch
        let weights = epoch.map { "the weights from the end of epoch \($0)" } ?? "the initial weights"
        let written = [saved ? "saved" : nil, checkpoint.map { _ in "checkpointed" }].compactMap { $0 }.joined(separator: " and ")
        let verb = "kept" + (written.isEmpty ? "" : " (and \(written))")
        let measured: String?
        if history.records.contains(where: { $0.devCost != nil }) {
            measured = history.records.first { $0.epoch == epoch }?.devCost.map { "whose dev cost \($0) was the lowest" }
        } else {
            // Without a dev set, an epoch's cost measures the weights it starts from; the initial
            // weights were also measured on the first batch before its update.
            let next = (epoch ?? -1) + 1
            let firstEpoch = history.records.first { $0.epoch == next }
            if epoch == nil, let starting = history.startingCost, starting < firstEpoch?.cost ?? .infinity {
                measured = "whose cost \(Markup.significant(starting, digits: 6)) on the first batch, before any update, was the lowest"
            } else {
                measured = firstEpoch.map { "whose cost \(Markup.significant($0.cost, digits: 6)) in epoch \(next) was the lowest" }
            }
        }
        return "\(verb) \(weights)" + (measured.map { ", \($0)" } ?? "")
    }

    /// A learning rate a tenth of `rate`, printed short (`0.001` rather than `0.0010000000000000002`).
    static func smaller(_ rate: Double) -> String {
        let tenth = rate / 10
        return String(format: "%g", tenth)
    }
}

