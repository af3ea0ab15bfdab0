import DescentCLI
import Foundation
import Testing
@testable import Descent
@testable import DescentPlayground

@Suite struct PlaygroundSettingsTests {
    @Test func queriesBecomeTrainArgumentsInOrder() throws {
        let settings = try PlaygroundSettings(query: "data=moons&hidden=10%2C5&learning-rate=-0.5&init=random:10&l2=&pace=250")
        #expect(settings.options.map(\.name) == ["data", "hidden", "learning-rate", "init", "l2"])
        #expect(settings["hidden"] == "10,5" && settings.epochsPerSecond == 250)
        // A value starting with '-' is attached with '=' so the parser does not take it for an option; empty means the default.
        #expect(settings.trainArguments() == ["--data", "moons", "--hidden", "10,5", "--learning-rate=-0.5", "--init", "random:10"])
        #expect(settings.trainArguments(data: "/tmp/x/points.csv").prefix(2) == ["--data", "/tmp/x/points.csv"])
        // An upload's command names the page's float64 (a file's default in descent train is float32).
        #expect(settings.trainCommand(dataName: "my points.csv")
            == "descent train --data 'my points.csv' --hidden 10,5 --learning-rate=-0.5 --init random:10 --precision float64")
        #expect(try PlaygroundSettings(query: "data=moons&hidden=10%2C5").trainingSettings(data: "/tmp/x/points.csv").effective.precision == .float64)
        #expect(try PlaygroundSettings(query: "pace=max").epochsPerSecond == nil)
        #expect(try PlaygroundSettings(query: "hidden=a+b")["hidden"] == "a b", "+ is a space, as forms send it")
    }

    @Test func aFlagOnIsWrittenAloneAndOneOffIsLeftOut() throws {
        let on = try PlaygroundSettings(query: "data=moons&hidden=8,8&batch-norm=true&normalized-layers=2&batch-size=64")
        #expect(on.trainCommand() == "descent train --data moons --hidden 8,8 --batch-norm --normalized-layers 2 --batch-size 64")
        #expect(try TrainingSettings(arguments: on.trainArguments()) == on.trainingSettings(), "the command reads back to the settings")
        #expect(try PlaygroundSettings(query: "data=moons&layer-norm=on&batch-norm=false").trainCommand() == "descent train --data moons --layer-norm")
        // A value the run refuses is written as given (the page shows the run's error, not this command).
        #expect(try PlaygroundSettings(query: "batch-norm=maybe").trainArguments() == ["--batch-norm", "maybe"])
    }

    @Test func badQueriesNameWhatIsWrong() {
        let cases: [(String, String)] = [
            ("save=model.safetensors", "unknown setting 'save'"),
            ("checkpoint=x", "unknown setting 'checkpoint'"),
            ("test=other.csv", "unknown setting 'test'"),
            ("seed=1&seed=2", "seed: given twice"),
            ("pace=-3", "pace"), ("pace=fast", "pace"), ("pace=1e12", "pace"),
            ("hidden=%E0%A4", "percent-encoded"),
            (String(repeating: "a", count: 5000), "at most 4096"),
        ]
        for (query, expected) in cases {
            #expect(throws: PlaygroundError.self, "\(query.prefix(40))") { try PlaygroundSettings(query: query) }
            do {
                _ = try PlaygroundSettings(query: query)
            } catch {
                #expect(error.status == 400 && error.description.contains(expected), "\(query.prefix(40)): \(error)")
            }
        }
    }

    @Test func limitsBoundTheNetworkAndTheEpochs() throws {
        let limits = PlaygroundLimits()
        func configuration(hidden: [Int], epochs: Int) -> RunConfiguration {
            RunConfiguration(data: DataConfiguration(source: .course(.moons)), model: ModelConfiguration(hiddenLayers: hidden),
                             training: TrainingOptions(epochs: epochs))
        }
        try limits.check(configuration(hidden: [256, 256, 256, 256, 256, 256, 256, 256], epochs: 1_000_000))
        #expect(throws: PlaygroundError.badRequest("hidden: a layer of 257 units; the playground trains at most 256 per layer")) {
            try limits.check(configuration(hidden: [257], epochs: 10))
        }
        #expect(throws: PlaygroundError.self) { try limits.check(configuration(hidden: Array(repeating: 2, count: 9), epochs: 10)) }
        #expect(throws: PlaygroundError.self) { try limits.check(configuration(hidden: [2], epochs: 1_000_001)) }
    }

    @Test func theFieldsComeFromTheVocabulary() {
        #expect(PlaygroundSettings.optionNames == TrainingSettings.vocabulary.filter(\.isPlaygroundField).map(\.name))
        #expect(PlaygroundSettings.optionNames.contains("learning-rate") && !PlaygroundSettings.optionNames.contains("test"))
        for name in ["batch-norm", "layer-norm", "normalized-layers", "batch-norm-momentum", "norm-epsilon"] {
            #expect(PlaygroundSettings.optionNames.contains(name), "\(name) is a playground setting")
        }
        #expect(TrainingSettings.setting(named: "batch-norm")?.isFlag == true)
        #expect(!PlaygroundSettings.optionNames.contains("missing-indicators"), "a flag is a playground field only when marked")
    }

    @Test func everyPresetComparesTwoToFourRunsOfPlaygroundSettings() throws {
        #expect(PlaygroundPreset.labs.map(\.id) == ["initialization", "regularization", "gradient-checking", "optimization", "batch-normalization"])
        for preset in PlaygroundPreset.labs {
            #expect((2...4).contains(preset.runs.count))
            for run in preset.runs {
                let settings = try PlaygroundSettings(query: [preset.settings, run.settings].filter { !$0.isEmpty }.joined(separator: "&"))
                #expect(settings["data"] != nil && settings.epochsPerSecond != nil, "\(preset.id) / \(run.label)")
            }
        }
    }
}
