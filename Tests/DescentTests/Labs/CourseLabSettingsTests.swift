import Testing
@testable import Descent

/// The labs' runs as settings (`CourseLab.runSettings`) are the course's constants, and `plan` trains them.
@Suite struct CourseLabSettingsTests {
    static func settings(_ lab: CourseLab) -> [String: TrainingSettings] {
        Dictionary(uniqueKeysWithValues: lab.runSettings.map { ($0.name, $0.settings) })
    }

    @Test func initializationRunsAreTheCourses() throws {
        let runs = Self.settings(.initialization)
        #expect(CourseLab.initialization.runSettings.map(\.name) == ["zeros", "random", "he"])
        #expect(["zeros", "random", "he"].map { runs[$0]?.initializer } == [.zeros, .courseRandom, .he])
        for settings in runs.values {
            #expect(settings.data == "circles" && settings.hidden.sizes == [10, 5] && settings.learningRate == 0.01)
            #expect(settings.epochs == 15000 && settings.seed == 3 && settings.costFormula == .course && settings.batchSize == nil)
            #expect(try settings.optimizerAlgorithm() == .gradientDescent && (try settings.learningRateDecay()) == .constant)
            #expect(settings.regularization == .none && settings.keepProbability == 1 && settings.dropoutMasks == .fresh)
        }
    }

    @Test func regularizationRunsAreTheCourses() throws {
        let runs = Self.settings(.regularization)
        #expect(CourseLab.regularization.runSettings.map(\.name) == ["none", "l2", "dropout", "dropout-fresh-masks"])
        #expect(["none", "l2", "dropout", "dropout-fresh-masks"].map { runs[$0]?.regularization } == [Regularization.none, Regularization(l2: 0.7), .none, .none].map(Optional.some))
        #expect(["none", "l2", "dropout", "dropout-fresh-masks"].map { runs[$0]?.keepProbability } == [1, 1, 0.86, 0.86])
        #expect(["none", "l2", "dropout", "dropout-fresh-masks"].map { runs[$0]?.dropoutMasks } == [.fresh, .fresh, .reseeded(seed: 1), .fresh])
        for settings in runs.values {
            #expect(settings.data == "football" && settings.hidden.sizes == [20, 3] && settings.initializer == .scaledByFanIn)
            #expect(settings.learningRate == 0.3 && settings.epochs == 30000 && settings.seed == 3 && settings.costFormula == .course)
            #expect(try settings.optimizerAlgorithm() == .gradientDescent && settings.batchSize == nil)
        }
    }

    @Test func optimizationRunsAreTheCourses() throws {
        let runs = CourseLab.optimization.runSettings
        #expect(runs.map(\.name) == ["gd", "momentum", "adam", "gd-scheduled-decay", "momentum-scheduled-decay", "adam-scheduled-decay"])
        #expect(try runs.map { try $0.settings.optimizerAlgorithm() }
            == [.gradientDescent, .momentum(), .adam(), .gradientDescent, .momentum(), .adam()])
        #expect(runs.map(\.settings.learningRate) == [0.0007, 0.0007, 0.0007, 0.1, 0.1, 0.01])
        #expect(runs.map(\.settings.epochs) == [10000, 10000, 10000, 5000, 5000, 5000])
        #expect(try runs.map { try $0.settings.learningRateDecay() }
            == Array(repeating: .constant, count: 3) + Array(repeating: .scheduled(decayRate: 1, interval: 1000), count: 3))
        for run in runs {
            let settings = run.settings
            #expect(settings.data == "moons" && settings.hidden.sizes == [5, 2] && settings.initializer == .he && settings.seed == 3)
            #expect(settings.batchSize == 64 && settings.shuffle == .lab && settings.costFormula == .course)
        }
    }

    @Test func everyRunsSettingsGoTogetherAndTheOtherLabsHaveNone() throws {
        for lab in [CourseLab.initialization, .regularization, .optimization] {
            for run in lab.runSettings { try run.settings.validate() }
        }
        #expect(CourseLab.gradientChecking.runSettings.isEmpty && CourseLab.vanishingGradients.runSettings.isEmpty)
    }

    @Test func thePlansTrainTheSettingsRunsAndDescribeThem() throws {
        let summaries = try [CourseLab.initialization, .regularization, .optimization].map { lab in
            try lab.run(epochs: 2).runs.map { "\($0.name): \($0.summary)" }
        }
        #expect(summaries == [
            [
                "zeros: W = 0; [2, 10, 5, 1], gradient descent, α 0.01, 2 iterations",
                "random: W = randn × 10; [2, 10, 5, 1], gradient descent, α 0.01, 2 iterations",
                "he: W = randn × √(2/n[l-1]); [2, 10, 5, 1], gradient descent, α 0.01, 2 iterations",
            ],
            [
                "none: no regularization; [2, 20, 3, 1], gradient descent, α 0.3, 2 iterations",
                "l2: L2, λ = 0.7; [2, 20, 3, 1], gradient descent, α 0.3, 2 iterations",
                "dropout: dropout, keep 0.86, masks reseeded with seed(1) every iteration (the course's quirk); [2, 20, 3, 1], gradient descent, α 0.3, 2 iterations",
                "dropout-fresh-masks: dropout, keep 0.86, fresh masks every iteration (real dropout); [2, 20, 3, 1], gradient descent, α 0.3, 2 iterations",
            ],
            [
                "gd: gd, α 0.0007, mini-batches of 64, 2 epochs", "momentum: momentum, α 0.0007, mini-batches of 64, 2 epochs",
                "adam: adam, α 0.0007, mini-batches of 64, 2 epochs",
                "gd-scheduled-decay: gd, α0 0.1 / (1 + ⌊epoch / 1000⌋), mini-batches of 64, 2 epochs",
                "momentum-scheduled-decay: momentum, α0 0.1 / (1 + ⌊epoch / 1000⌋), mini-batches of 64, 2 epochs",
                "adam-scheduled-decay: adam, α0 0.01 / (1 + ⌊epoch / 1000⌋), mini-batches of 64, 2 epochs",
            ],
        ])
    }
}
