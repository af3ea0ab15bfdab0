import Descent
import Foundation

/// `descent train`'s terminal output as a training observer: the course's cost lines every
/// `printEvery` epochs, the progress bar, and the stop when a checkpoint could not be written.
final class ConsoleObserver<Scalar: DescentFloat>: TrainingObserver {
    let printEvery: Int
    let unit: String
    var progress: ProgressReporter
    /// Set by the checkpoint writer; training stops after the epoch.
    var checkpointFailure: (any Error)?
    /// Ctrl-C; once it has a signal, training stops after the epoch.
    var interruption: Interruption?

    init(printEvery: Int, unit: String, progress: ProgressReporter) {
        self.printEvery = printEvery
        self.unit = unit
        self.progress = progress
    }

    func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool {
        if printEvery > 0 && record.epoch % printEvery == 0 {
            progress.clear()
            // In the training precision's shortest digits: a float32 cost printed as a Double shows
            // nine digits float32 never held (1.0752309560775757 for 1.075231).
            var line = "Cost after \(unit) \(record.epoch): \(Scalar(record.cost))"
            if let devCost = record.devCost { line += "  dev cost \(Scalar(devCost))" }
            if let devAccuracy = record.devAccuracy { line += "  dev accuracy \(devAccuracy)" }
            print(line)
            // Each line as it happens, also into a pipe or a log file being watched.
            fflush(nil)
        }
        progress.update(completed: record.epoch + 1, status: "cost \(formatFixed(record.cost, digits: 6))")
        return checkpointFailure == nil && interruption?.signalNumber == nil
    }
}
