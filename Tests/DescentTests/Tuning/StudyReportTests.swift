import Foundation
import Testing
@testable import Descent

/// Issue 28: the tune report — importance, categorical slices, a heat map, rounded numbers and commands.
@Suite struct StudyReportTests {
    /// A random study over a learning rate that decides the score and a layer choice that does not.
    static func study() throws -> (StudyDefinition, [TrialRecord]) {
        var fixed = TrainingSettings()
        try fixed.set("data", to: "moons")
        try fixed.set("epochs", to: "30")
        let definition = try StudyDefinition(method: .random, space: [SearchDimension("learning-rate=log:1e-4..1"),
                                                                      SearchDimension("hidden=32|64|128,64")], fixed: fixed, seed: 3)
        var random = FastRandom(seed: 28)
        let records = (0..<24).map { trial -> TrialRecord in
            let task = definition.task(trial: trial)
            let rate = Double(task.values[0].value)!
            // Best near 0.01; the layers add only noise.
            let score = 0.95 - 0.08 * abs(log10(rate) + 2) + 0.002 * random.nextStandardNormal()
            return TrialRecord(trial: trial, values: task.values, metrics: ["dev_accuracy": score, "dev_cost": 0.123456789 + 1 - score],
                               epochs: 30, seconds: 0.123456, stopped: "completed")
        }
        return (definition, records)
    }

    @Test("the learning rate that decides the score is the most important setting; the noise setting explains little")
    func importanceFindsTheSettingThatMatters() throws {
        let (definition, records) = try Self.study()
        let importance = SettingImportance.ranked(records, space: definition.space)
        #expect(importance.map(\.name) == ["learning-rate", "hidden"])
        #expect(importance[0].explainedVariance > 0.7 && importance[1].explainedVariance < 0.3)
        #expect(abs(importance.map(\.share).reduce(0, +) - 1) < 1e-12)
        // Too few trials or scores that do not vary: no claim.
        #expect(SettingImportance.ranked(Array(records.prefix(2)), space: definition.space).isEmpty)
        let flat = records.map { var record = $0; record.metrics["dev_accuracy"] = 0.5; return record }
        #expect(SettingImportance.ranked(flat, space: definition.space).isEmpty)
    }

    @Test("quantile bins keep equal values together and label their ranges")
    func binsKeepTiesTogether() {
        let (labels, groups) = SettingImportance.bins([1, 1, 1, 1, 2, 3, 4, 5, nil, .nan], logScale: false)
        #expect(groups.values.contains { Set($0) == [0, 1, 2, 3] }, "the four 1s share a bin")
        #expect(groups.values.reduce(0) { $0 + $1.count } == 8)
        #expect(labels.first == "1")
        #expect(SettingImportance.bins([0, 1, 10], logScale: true).groups.values.reduce(0) { $0 + $1.count } == 2, "0 has no log")
    }

    @Test("the report: a command for the best trial and the top ten, a categorical axis for choices, a heat map, rounded numbers")
    func reportHasOptunaGradePlots() throws {
        let (definition, records) = try Self.study()
        let html = definition.report(title: "Study", records: records).html()
        let best = TrialRecord.ranked(records)[0]
        let command = try #require(definition.command(of: best))
        #expect(command.hasPrefix("descent train --data moons --epochs 30 --learning-rate "))
        #expect(html.contains(Markup.escape(command)))
        #expect(html.contains("Which settings mattered") && html.contains("<td>learning-rate</td>"))
        // The choice axis names its choices at integer ticks, not 0.5 steps.
        #expect(html.contains(">128,64</text>") && html.contains(">32</text>"))
        #expect(!html.contains(">0.5</text>"))
        #expect(html.contains("class=\"heat-map\"") && html.contains("class=\"cell\""))
        // Commands keep every digit (they must train the same trial); everything else is rounded.
        let text = html.replacing(try Regex("<svg.*?</svg>|<pre>.*?</pre>").dotMatchesNewlines(), with: "")
        #expect(text.firstMatch(of: try Regex("[0-9]\\.[0-9]{8,}")) == nil, "numbers rounded for people")
    }

    @Test("a halving study draws each trial's value at every rung")
    func halvingDrawsIntermediateValues() throws {
        var (definition, records) = try Self.study()
        definition.method = .halving
        records = records.flatMap { record in
            (0..<2).map { rung in
                var copy = record
                copy.rung = rung
                copy.epochs = 10 * (rung + 1)
                return copy
            }
        }
        let html = definition.report(title: "Study", records: records).html()
        #expect(html.contains("Intermediate values (halving rungs)"))
        #expect(html.components(separatedBy: "data-series=\"trial ").count - 1 == 24)
    }
}
