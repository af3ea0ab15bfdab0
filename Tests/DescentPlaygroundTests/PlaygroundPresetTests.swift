import Descent
import Testing
@testable import DescentPlayground

@Suite struct PlaygroundPresetTests {
    /// A run's settings: the shared ones, then its own, as the page sends them.
    static func settings(_ preset: PlaygroundPreset, _ run: PlaygroundPreset.Run) throws -> PlaygroundSettings {
        try PlaygroundSettings(query: [preset.settings, run.settings].filter { !$0.isEmpty }.joined(separator: "&"))
    }

    @Test func thePresetsQueriesAreTheLabsSettingsAndThePace() {
        let queries = PlaygroundPreset.labs.map { preset in [preset.id, preset.title, preset.settings] + preset.runs.map { "\($0.label): \($0.settings)" } }
        #expect(queries == [
            ["initialization", "Initialization", "data=circles&hidden=10,5&learning-rate=0.01&epochs=15000&seed=3&pace=3000",
             "zeros: init=zeros", "random × 10: init=random", "He: init=he"],
            ["regularization", "Regularization",
             "data=football&hidden=20,3&init=scaled-by-fan-in&learning-rate=0.3&epochs=30000&seed=3&pace=5000",
             "none: ", "L2 λ = 0.7: l2=0.7", "dropout keep 0.86: keep-prob=0.86"],
            ["gradient-checking", "Gradient checking", "data=moons&hidden=5,3&learning-rate=0.05&epochs=2000&seed=1&pace=500",
             "ReLU: ", "tanh: activation=tanh"],
            ["optimization", "Optimization",
             "data=moons&hidden=5,2&init=he&learning-rate=0.0007&batch-size=64&shuffle=lab&epochs=10000&seed=3&pace=1000",
             "gradient descent: optimizer=gd", "momentum β 0.9: optimizer=momentum&beta=0.9", "Adam: optimizer=adam"],
            ["batch-normalization", "Batch Normalization",
             "data=circles&hidden=32,32,32,32,32,32,32,32&init=he&optimizer=gd&batch-size=64&epochs=300&seed=3&pace=30",
             "plain α 0.1: learning-rate=0.1", "batch norm α 0.1: learning-rate=0.1&batch-norm=true", "plain α 1: learning-rate=1.0",
             "batch norm α 1: learning-rate=1.0&batch-norm=true"],
        ])
    }

    @Test func aLabsPresetTrainsTheLabsRunsWithTheStableCost() throws {
        let presented: [CourseLab: [String]] = [
            .initialization: ["zeros", "random", "he"], .regularization: ["none", "l2", "dropout-fresh-masks"], .optimization: ["gd", "momentum", "adam"],
            .batchNormalization: ["plain-0.1", "batch-norm-0.1", "plain-1", "batch-norm-1"],
        ]
        for (lab, names) in presented {
            let preset = try #require(PlaygroundPreset.labs.first { $0.id == lab.rawValue })
            let labRuns = Dictionary(uniqueKeysWithValues: lab.runSettings.map { ($0.name, $0.settings) })
            #expect(preset.runs.count == names.count)
            for (run, name) in zip(preset.runs, names) {
                var expected = try #require(labRuns[name])
                #expect(expected.costFormula == (lab == .batchNormalization ? .stable : .course), "the lesson's own runs use the stable cost")
                expected.reset("cost-formula")
                let settings = try Self.settings(preset, run).trainingSettings()
                #expect(settings == expected, "\(lab) / \(run.label)")
                #expect(settings.costFormula == .stable && settings.learningRate == labRuns[name]?.learningRate)
            }
        }
    }

    @Test func valuesArePercentEncodedAsAQueryValue() throws {
        #expect(PlaygroundPreset.query([("data", "a b&c=d+e.csv"), ("init", "random:10"), ("hidden", "10,5")])
            == "data=a%20b%26c%3Dd%2Be.csv&init=random:10&hidden=10,5")
        #expect(try PlaygroundSettings(query: PlaygroundPreset.query([("data", "a b&c=d+e.csv")]))["data"] == "a b&c=d+e.csv")
    }
}
