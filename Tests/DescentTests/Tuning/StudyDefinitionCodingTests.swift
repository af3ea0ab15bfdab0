import Foundation
import Testing
@testable import Descent

/// A study stores its shared settings typed; a study file written before (its settings as
/// `descent train` arguments) is still read, to the same definition.
@Suite struct StudyDefinitionCodingTests {
    static let earlierHeader = #"""
        {"descent_study":1,"definition":{"fixed":["--data","moons","--hidden","5,2","--optimizer","adam","--epochs","20","--dev-fraction","0.2"],"gridPoints":3,"method":"random","minimumEpochs":1,"reductionFactor":3,"seed":0,"space":[{"distribution":{"logUniform":{"high":0.1,"low":0.0001}},"name":"learning-rate","spec":"log:1e-4..1e-1"}]}}
        """#

    @Test("a study file of argument lists reads to the typed definition a new command makes")
    func earlierStudyFilesAreRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-old-study-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data((Self.earlierHeader + "\n").utf8).write(to: url)
        let stored = try #require(try StudyJournal.read(url))
        let fixed = try TrainingSettings(arguments: ["--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--epochs", "20",
                                                     "--dev-fraction", "0.2"])
        let now = try StudyDefinition(method: .random, space: [SearchDimension("learning-rate=log:1e-4..1e-1")], fixed: fixed, seed: 0)
        #expect(stored.definition == now && stored.records.isEmpty)
        #expect(try stored.definition.settings(for: stored.definition.task(trial: 0)).command
            == "descent train --data moons --hidden 5,2 --optimizer adam --epochs 20 --dev-fraction 0.2 --learning-rate 0.08815613310426731")
    }

    @Test("a definition encodes its settings typed and decodes to itself")
    func definitionsRoundTrip() throws {
        let fixed = try TrainingSettings(arguments: ["--data", "moons", "--epochs", "30", "--amsgrad", "--optimizer", "adam"])
        let definition = try StudyDefinition(method: .halving, space: [SearchDimension("l2=log:1e-3..1")], fixed: fixed, seed: 4,
                                             minimumEpochs: 2, reductionFactor: 3)
        let data = try JSONEncoder().encode(definition)
        #expect(String(decoding: data, as: UTF8.self).contains(#""fixed":[["data","moons"],["epochs","30"],["amsgrad","true"],["optimizer","adam"]]"#))
        #expect(try JSONDecoder().decode(StudyDefinition.self, from: data) == definition)
        // Rungs set the epochs as a value, moved last as a command lists them; the trial's values follow.
        let task = definition.task(trial: 1, rung: 1, rungEpochs: [2, 6, 18])
        let settings = try definition.settings(for: task)
        #expect(settings.epochs == 6 && settings.given.suffix(2) == ["epochs", "l2"])
    }
}
