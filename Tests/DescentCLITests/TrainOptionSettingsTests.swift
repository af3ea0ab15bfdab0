import Descent
import Foundation
import Testing
@testable import DescentCLI

/// `TrainCommand.optionSettings` is the one list behind the checkpoint fingerprint and the saved
/// model's `training_options`; it must name every option of `descent train` that shapes the run.
@Suite struct TrainOptionSettingsTests {
    /// Options that do not shape the trained weights: output, checkpointing, diagnostics and help.
    static let notShaping: Set<String> = ["print-every", "history", "save", "json", "checkpoint", "checkpoint-every", "resume", "help",
                                          "diagnostics", "report"]

    @Test func everyShapingOptionIsRecorded() throws {
        let help = TrainCommand.helpMessage(columns: 10_000)
        let declared = Set(help.matches(of: /--([a-z0-9][a-z0-9-]*)/).map { String($0.output.1) }).subtracting(Self.notShaping)
        let command = try TrainCommand.parse([])
        let recorded = command.optionSettings.map(\.name)
        #expect(Set(recorded) == declared, "missing: \(declared.subtracting(recorded).sorted()), unknown: \(Set(recorded).subtracting(declared).sorted())")
        #expect(recorded.count == Set(recorded).count, "each option once")
        #expect(declared.count > 40)
    }

    @Test func fingerprintIsTheSettingsAsLines() throws {
        let command = try TrainCommand.parse(["--data", "moons", "--test-labels", "t.npy", "--test", "t.npy", "--epochs", "7"])
        let lines = command.fingerprint.components(separatedBy: TrainingCheckpointFile.fingerprintSeparator)
        #expect(lines.count == command.optionSettings.count)
        #expect(lines.contains("epochs=7") && lines.contains("test-labels=t.npy") && lines.contains("clip-norm="))
    }

    @Test("the default initializer is He for the course datasets (the labs) and Glorot uniform for files; --init overrides both")
    func defaultInitializerDependsOnTheData() throws {
        func setting(_ arguments: [String]) throws -> String? {
            try TrainCommand.parse(arguments).optionSettings.first { $0.name == "init" }?.value
        }
        #expect(try setting(["--data", "moons"]) == "he")
        #expect(try setting(["--data", "circles"]) == "he")
        #expect(try setting(["--data", "train.csv"]) == "glorot-uniform")
        #expect(try setting(["--data", "-"]) == "glorot-uniform")
        #expect(try setting(["--data", "train.csv", "--init", "he"]) == "he")
        #expect(try setting(["--data", "moons", "--init", "glorot-uniform"]) == "glorot-uniform")
    }
}
