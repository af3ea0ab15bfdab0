/// When the convergence rule (`TrainingOptions.convergencePatience`) may end a run whose training
/// cost has stopped falling: only a network that has learned something, once the diagnostics have
/// watched the plateau long enough to warn about it.
///
/// - the cost is below 90 % of the best constant prediction's (`Loss.constantPredictionCost`);
/// - classifying, the epoch's training accuracy is above the most frequent class's share
///   (`Loss.majorityClassShare`);
/// - with diagnostics every `interval` steps, the plateau has lasted
///   `(GradientHealthMonitor.defaultWindow + 1) × interval` steps: their stuck test reads the
///   cost's mean between records, so a run they would warn about is diagnosed, not stopped.
@usableFromInline
struct ConvergenceGuard: Sendable {
    /// The cost a converged run is below.
    @usableFromInline let costBelow: Double
    /// The training accuracy a converged classifier is above (−∞: not a classifier).
    @usableFromInline let accuracyAbove: Double
    /// The epochs without progress the diagnostics need to have watched.
    @usableFromInline let plateauEpochs: Int

    /// The guard for a network with `outputs` outputs trained on `loss` over `labels`, `stepsPerEpoch`
    /// steps an epoch, with diagnostics every `diagnosticsInterval` steps (0: none).
    @usableFromInline
    init<Scalar: DescentFloat>(loss: Loss, labels: Matrix<Scalar>, outputs: Int, stepsPerEpoch: Int, diagnosticsInterval: Int) {
        costBelow = 0.9 * loss.constantPredictionCost(labels: labels, outputs: outputs)
        accuracyAbove = loss.majorityClassShare(labels: labels, outputs: outputs) ?? -.infinity
        let (steps, overflows) = diagnosticsInterval.multipliedReportingOverflow(by: GradientHealthMonitor.defaultWindow + 1)
        plateauEpochs = overflows ? Int.max : steps / stepsPerEpoch + (steps % stepsPerEpoch == 0 ? 0 : 1)
    }

    /// Whether the run may stop as converged after `record`, `plateauLength` epochs into its plateau.
    @usableFromInline
    func allowsStop(after record: EpochRecord, plateauLength: Int) -> Bool {
        record.cost < costBelow && (record.trainAccuracy ?? .infinity) > accuracyAbove && plateauLength >= plateauEpochs
    }
}
