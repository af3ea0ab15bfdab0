import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// A study stores its shared settings typed; a study file written before (its settings as
/// `descent train` arguments) is refused with a message that shows them.
@Suite struct StudyDefinitionCodingTests {
    static let earlierHeader = #"""
        {"descent_study":1,"definition":{"fixed":["--data","moons","--hidden","5,2","--optimizer","adam","--epochs","20","--dev-fraction","0.2"],"gridPoints":3,"method":"random","minimumEpochs":1,"reductionFactor":3,"seed":0,"space":[{"distribution":{"logUniform":{"high":0.1,"low":0.0001}},"name":"learning-rate","spec":"log:1e-4..1e-1"}]}}
        """#

    @Test("a study file of argument lists is refused, naming its arguments to start it again")
    func earlierStudyFilesAreRefused() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("old.jsonl")
        try Data((Self.earlierHeader + "\n").utf8).write(to: url)
        #expect(throws: TuningError.study(file: url.path, message: "this study was written by an earlier Descent, which stored its settings as arguments; "
            + "start a new study with the same options (--data moons --hidden 5,2 --optimizer adam --epochs 20 --dev-fraction 0.2) and its --search")) {
            try StudyJournal.read(url)
        }
        // A header that is not JSON, or whose settings are not valid, says so.
        try Data(#"{"descent_study":1,"definition":{"fixed":[["learning-rate","-1"]],"gridPoints":3,"method":"random","minimumEpochs":1,"reductionFactor":3,"seed":0,"space":[]}}"#.utf8 + [0x0A]).write(to: url)
        #expect(throws: TuningError.study(file: url.path, message: "--learning-rate: must be positive and finite, got '-1'")) { try StudyJournal.read(url) }
        try Data("{not json\n".utf8).write(to: url)
        #expect(throws: TuningError.study(file: url.path, message: "line 1 is not a Descent study header")) { try StudyJournal.read(url) }
    }

    @Test("a definition encodes its settings typed and decodes to itself")
    func definitionsRoundTrip() throws {
        let fixed = try TrainingSettings(values: [("data", "moons"), ("epochs", "30"), ("amsgrad", ""), ("optimizer", "adam")])
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
