import ArgumentParser
import Descent
import Foundation

/// `descent tune show --study FILE [--csv | --json]`: a study's finished trials, best first.
struct TuneShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "List a study's finished trials, best first (--csv: a header and one line per trial).")

    @Option(help: "The study file.")
    var study: String

    @Flag(help: "CSV: trial, each searched value, the dev metrics, epochs, seconds, how it stopped.")
    var csv = false

    @Flag(help: "JSON: {study, method, trials: [...]}.")
    var json = false

    @Flag(help: "Coarse to fine: print --search options narrowed around the best quarter of the trials (at least 3).")
    var refine = false

    @Option(help: "Write an HTML report of the study to this directory.")
    var report: String?

    func validate() throws {
        if [csv, json, refine].filter({ $0 }).count > 1 { throw ValidationError("--csv, --json and --refine: choose one") }
    }

    /// The study at `path`, or the error naming it.
    static func read(_ path: String) throws -> (definition: StudyDefinition, records: [TrialRecord]) {
        do {
            guard let stored = try StudyJournal.read(URL(fileURLWithPath: path)) else { throw CommandFailure(message: "\(path): no such file") }
            return stored
        } catch let error as TuningError {
            throw CommandFailure(message: error.description)
        }
    }

    func run() throws {
        let stored = try Self.read(study)
        let ranked = TrialRecord.ranked(stored.records)
        if let report { try Self.writeReport(stored.definition, stored.records, to: report, quiet: json || csv) }
        if refine {
            let top = ranked.prefix(Swift.max(3, ranked.count / 4)).filter { $0.score > -.infinity }
            print(stored.definition.space.map { dimension in
                let values = top.compactMap { record in record.values.first { $0.name == dimension.name }?.value }
                return "--search '\(dimension.name)=\(dimension.refinedSpec(around: values))'"
            }.joined(separator: " "))
        } else if csv {
            print(Self.csv(ranked, space: stored.definition.space), terminator: "")
        } else if json {
            print(JSON.object([("study", .string(study)), ("method", .string(stored.definition.method.rawValue)),
                               ("trials", .array(ranked.map(Self.json)))]).text)
        } else {
            print(Self.table(ranked, space: stored.definition.space))
            if let best = ranked.first {
                let rungs = try TuneRunCommand.rungEpochs(stored.definition)
                print("")
                print("best: trial \(best.trial); reproduce it with")
                print("  \(try TuneRunCommand.settings(stored.definition, index: best.trial, rung: best.rung, rungEpochs: rungs).command)")
            }
        }
    }

    static let metricColumns = ["dev_accuracy", "dev_cost", "dev_rmse", "train_accuracy"]

    /// Writes the study's HTML report to the directory `path`.
    static func writeReport(_ definition: StudyDefinition, _ records: [TrialRecord], to path: String, quiet: Bool) throws {
        do {
            let file = try definition.report(title: "Hyperparameter study", records: records).write(to: URL(fileURLWithPath: path))
            if !quiet { Console.standardError("wrote the report to \(file.path)\n") }
        } catch {
            throw CommandFailure(message: "\(path): cannot write the report: \(error)")
        }
    }

    /// `0.9367 accuracy` or `0.21 RMSE`.
    static func scoreText(_ record: TrialRecord) -> String {
        if let accuracy = record.metrics["dev_accuracy"] { return "accuracy \(formatFixed(accuracy, digits: 4))" }
        if let rmse = record.metrics["dev_rmse"] { return "RMSE \(formatFixed(rmse, digits: 4))" }
        return record.stopped
    }

    static func table(_ ranked: [TrialRecord], space: [SearchDimension]) -> String {
        let metrics = metricColumns.filter { name in ranked.contains { $0.metrics[name] != nil } }
        let rungs = ranked.contains { $0.rung != nil }
        var rows = [["rank", "trial"] + (rungs ? ["rung"] : []) + space.map(\.name) + metrics + ["epochs", "seconds", "stopped"]]
        for (rank, record) in ranked.enumerated() {
            let values = space.map { dimension in record.values.first { $0.name == dimension.name }?.value ?? "" }
            rows.append(["\(rank + 1)", "\(record.trial)"] + (rungs ? ["\(record.rung ?? 0)"] : []) + values.map(Self.short)
                + metrics.map { record.metrics[$0].map { formatFixed($0, digits: 4) } ?? "–" }
                + ["\(record.epochs)", formatFixed(record.seconds, digits: 2), record.stopped])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let line = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    /// A value for the table: numbers to 4 significant digits, text as it is.
    static func short(_ value: String) -> String {
        guard let number = Double(value), value.contains(".") || value.contains("e") else { return value }
        return String(format: "%.4g", number)
    }

    static func csv(_ ranked: [TrialRecord], space: [SearchDimension]) -> String {
        let field = CSVField.quoted
        let rungs = ranked.contains { $0.rung != nil }
        var lines = [(["trial"] + (rungs ? ["rung"] : []) + space.map(\.name) + metricColumns + ["epochs", "seconds", "stopped"]).map(field)
            .joined(separator: ",")]
        for record in ranked {
            let values = space.map { dimension in record.values.first { $0.name == dimension.name }?.value ?? "" }
            let metrics = metricColumns.map { record.metrics[$0].map { "\($0)" } ?? "" }
            lines.append((["\(record.trial)"] + (rungs ? ["\(record.rung ?? 0)"] : []) + values + metrics + ["\(record.epochs)", "\(record.seconds)", record.stopped]).map(field)
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ record: TrialRecord) -> JSON {
        .object([
            ("trial", .integer(record.trial)),
            ("rung", record.rung.map { .integer($0) } ?? .null),
            ("values", .object(record.values.map { ($0.name, .string($0.value)) })),
            ("metrics", .object(record.metrics.keys.sorted().map { ($0, .number(record.metrics[$0]!)) })),
            ("epochs", .integer(record.epochs)), ("seconds", .number(record.seconds)), ("stopped", .string(record.stopped)),
        ])
    }
}
