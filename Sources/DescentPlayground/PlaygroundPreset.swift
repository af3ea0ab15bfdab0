import Descent
import Foundation

/// One click's setup on the playground page: a course lab's runs side by side — shared settings and,
/// per run, the settings that differ — as `descent train` options (`PlaygroundSettings`).
public struct PlaygroundPreset: Sendable, Equatable, Codable {
    /// One run of the comparison: its label and the settings it changes.
    public struct Run: Sendable, Equatable, Codable {
        /// The run's name on its panel (`He`, `L2 λ = 0.7`).
        public var label: String
        /// `name=value&…` applied over the shared settings.
        public var settings: String
    }

    /// A short identifier (`initialization`).
    public var id: String
    /// The lab's title.
    public var title: String
    /// What to watch for, one sentence.
    public var lesson: String
    /// `name=value&…` every run shares.
    public var settings: String
    /// The runs side by side, two to four.
    public var runs: [Run]

    /// The four labs of "Improving Deep Neural Networks", weeks 1–2, and the batch-normalization
    /// lesson (week 3), with the lab's own data,
    /// network, learning rate and epochs (`CourseLab.runSettings`: `descent lab` runs them exactly;
    /// here they train live, with the stable cost). The gradient check trains nothing, so its
    /// preset trains a small network of its own to check.
    public static let labs: [PlaygroundPreset] = [
        PlaygroundPreset(
            lab: .initialization, pace: 3000,
            lesson: "Zeros never break symmetry (50 %); random × 10 starts with a huge cost (83 %); He trains to 99.3 %.",
            runs: [("zeros", "zeros"), ("random", "random × 10"), ("he", "He")]),
        PlaygroundPreset(
            lab: .regularization, pace: 5000,
            lesson: "Without regularization the boundary wraps around noisy points (test 91.5 %); L2 (93 %) and dropout (94 %) smooth it.",
            runs: [("none", "none"), ("l2", "L2 λ = 0.7"), ("dropout-fresh-masks", "dropout keep 0.86")]),
        PlaygroundPreset(
            id: CourseLab.gradientChecking.rawValue, title: "Gradient checking", pace: 500,
            lesson: "Press check: every layer's backward pass agrees with centred differences to about 1e-7.",
            runs: [("ReLU", []), ("tanh", [("activation", "tanh")])].map { label, changes in
                // A small network's settings, valid by construction.
                (label, try! TrainingSettings(values: [("data", "moons"), ("hidden", "5,3"), ("learning-rate", "0.05"), ("epochs", "2000"),
                                                       ("seed", "1")] + changes))
            }),
        PlaygroundPreset(
            lab: .optimization, pace: 1000,
            lesson: "At α = 0.0007 with mini-batches of 64, gradient descent and momentum stall at 79.7 %; Adam reaches 94 %.",
            runs: [("gd", "gradient descent"), ("momentum", "momentum β 0.9"), ("adam", "Adam")]),
        PlaygroundPreset(
            lab: .batchNormalization, pace: 30,
            lesson: "The same 8-layer network: with batch normalization it passes a cost of 0.3 in about 12 epochs at α 0.1 (79 without) and trains at α 1, where without it the cost sticks at 0.69.",
            runs: [("plain-0.1", "plain α 0.1"), ("batch-norm-0.1", "batch norm α 0.1"), ("plain-1", "plain α 1"), ("batch-norm-1", "batch norm α 1")]),
    ]
}

extension PlaygroundPreset {
    /// Runs `runs` of `lab` (`CourseLab.runSettings` by name, each with its label), as the lab sets
    /// them but with the stable cost, the playground's (`cost-formula` left out).
    init(lab: CourseLab, pace: Int, lesson: String, runs: [(name: String, label: String)]) {
        let settings = Dictionary(uniqueKeysWithValues: lab.runSettings.map { ($0.name, $0.settings) })
        self.init(id: lab.rawValue, title: lab.title, pace: pace, lesson: lesson, runs: runs.map { name, label in
            // A name of the lab's runs (PlaygroundPresetTests checks every preset).
            var run = settings[name]!
            run.reset("cost-formula")
            return (label, run)
        })
    }

    /// Runs `runs` side by side at `pace` epochs a second: the settings every run gives alike are
    /// shared (in the first run's order, then the pace), the rest are each run's own.
    init(id: String, title: String, pace: Int, lesson: String, runs: [(label: String, settings: TrainingSettings)]) {
        // A flag that is on is sent as NAME=true, as the page sends it (an empty value is "not given" there).
        let given = runs.map { run in
            run.settings.givenValues.map { pair in TrainingSettings.setting(named: pair.name)?.isFlag == true ? (pair.name, "true") : pair }
        }
        let shared = given[0].filter { pair in given.allSatisfy { $0.contains { $0 == pair } } }
        self.init(id: id, title: title, lesson: lesson, settings: Self.query(shared + [("pace", "\(pace)")]),
                  runs: zip(runs, given).map { run, values in
                      Run(label: run.label, settings: Self.query(values.filter { pair in !shared.contains { $0 == pair } }))
                  })
    }

    /// `name=value&…`, each value percent-encoded as a URL query's (commas and colons as they are).
    static func query(_ pairs: [(name: String, value: String)]) -> String {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))
        return pairs.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }.joined(separator: "&")
    }
}
