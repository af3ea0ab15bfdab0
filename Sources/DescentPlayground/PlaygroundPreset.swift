import Descent

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

    /// The four labs of "Improving Deep Neural Networks", weeks 1–2, with the lab's own data,
    /// network, learning rate and epochs (`descent lab` runs them exactly; here they train live,
    /// with the stable cost).
    public static let labs: [PlaygroundPreset] = [
        PlaygroundPreset(
            id: "initialization", title: "Initialization",
            lesson: "Zeros never break symmetry (50 %); random × 10 starts with a huge cost (83 %); He trains to 99.3 %.",
            settings: "data=circles&hidden=10,5&learning-rate=0.01&epochs=15000&seed=3&pace=3000",
            runs: [Run(label: "zeros", settings: "init=zeros"), Run(label: "random × 10", settings: "init=random"),
                   Run(label: "He", settings: "init=he")]),
        PlaygroundPreset(
            id: "regularization", title: "Regularization",
            lesson: "Without regularization the boundary wraps around noisy points (test 91.5 %); L2 (93 %) and dropout (94 %) smooth it.",
            settings: "data=football&hidden=20,3&init=scaled-by-fan-in&learning-rate=0.3&epochs=30000&seed=3&pace=5000",
            runs: [Run(label: "none", settings: ""), Run(label: "L2 λ = 0.7", settings: "l2=0.7"),
                   Run(label: "dropout keep 0.86", settings: "keep-prob=0.86")]),
        PlaygroundPreset(
            id: "gradient-checking", title: "Gradient checking",
            lesson: "Press check: every layer's backward pass agrees with centred differences to about 1e-7.",
            settings: "data=moons&hidden=5,3&learning-rate=0.05&epochs=2000&seed=1&pace=500",
            runs: [Run(label: "ReLU", settings: ""), Run(label: "tanh", settings: "activation=tanh")]),
        PlaygroundPreset(
            id: "optimization", title: "Optimization",
            lesson: "At α = 0.0007 with mini-batches of 64, gradient descent and momentum stall at 79.7 %; Adam reaches 94 %.",
            settings: "data=moons&hidden=5,2&init=he&learning-rate=0.0007&batch-size=64&shuffle=lab&epochs=10000&seed=3&pace=1000",
            runs: [Run(label: "gradient descent", settings: "optimizer=gd"), Run(label: "momentum β 0.9", settings: "optimizer=momentum&beta=0.9"),
                   Run(label: "Adam", settings: "optimizer=adam")]),
    ]
}
