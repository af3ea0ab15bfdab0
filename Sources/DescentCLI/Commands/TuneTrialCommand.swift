import ArgumentParser
import Descent
import Foundation

/// `descent tune trial --study FILE --index I`: one trial of a prepared study, its record written
/// next to the study (`FILE.trial-I.json`) for `descent tune collect` — what a cluster's job array
/// runs (`$SLURM_ARRAY_TASK_ID`, Kubernetes' `$JOB_COMPLETION_INDEX`).
struct TuneTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial", abstract: "Run one trial of a prepared study and write its record file (for a cluster's job array).")

    @Option(help: "The study file (made by descent tune … --study FILE --prepare).")
    var study: String

    @Option(help: "The trial's index (0-based).")
    var index: Int

    func validate() throws {
        if index < 0 { throw ValidationError("--index: must be non-negative, got \(index)") }
    }

    /// Where trial `index` of `study` writes its record.
    static func recordURL(study: String, index: Int) -> URL { URL(fileURLWithPath: "\(study).trial-\(index).json") }

    func run() throws {
        let definition = try TuneShowCommand.read(study).definition
        guard definition.method != .halving else {
            throw CommandFailure(message: "\(study): halving decides which trials go on as results come in, on one machine; "
                + "use --method random or grid for a job array")
        }
        _ = try TuneRunCommand.settings(definition, index: index)
        let record = definition.record(of: definition.task(trial: index), cache: PreparedDataCache { $0.printNotes() })
        let url = Self.recordURL(study: study, index: index)
        do {
            try AtomicFile.write(try StudyJournal.line(StudyJournal.Entry(trial: record)), to: url)
        } catch {
            throw CommandFailure(message: "\(url.path): cannot write the trial's record: \(error)")
        }
    }
}

/// `descent tune collect --study FILE`: appends the record files of `descent tune trial` to the study.
struct TuneCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Merge the record files of descent tune trial into the study file.")

    @Option(help: "The study file.")
    var study: String

    func run() throws {
        let url = URL(fileURLWithPath: study)
        let stored = try TuneShowCommand.read(study)
        do {
            let directory = url.deletingLastPathComponent()
            let prefix = url.lastPathComponent + ".trial-"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            var known = Set(stored.records.map(\.trial))
            var added = 0
            for name in names.sorted() where name.hasPrefix(prefix) && name.hasSuffix(".json") {
                let record = try StudyJournal.record(in: directory.appendingPathComponent(name))
                guard known.insert(record.trial).inserted else { continue }
                try StudyJournal.append(record, to: url)
                added += 1
            }
            print("\(study): \(added) trial\(added == 1 ? "" : "s") collected, \(known.count) in the study")
        } catch {
            throw CommandFailure(message: error.description)
        }
    }
}
