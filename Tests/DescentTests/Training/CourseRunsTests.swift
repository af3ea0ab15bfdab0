import Testing
import RealModule
@testable import Descent

/// The labs' training runs through the library API (the `descent lab` command reuses these paths).
@Suite struct CourseRunsTests {
    @Test func initializationLabHeRunReproducesTheCourse() throws {
        let circles = Dataset.courseCircles()
        var random = NumpyRandom(seed: 3)
        var network = Network<Double>(layerSizes: [2, 10, 5, 1], initializer: .he, using: &random)
        var optimizer = GradientDescent<Double>()
        var schedule = ConstantLearningRate(initialLearningRate: 0.01)
        let trainer = Trainer<Double>(options: TrainingOptions(epochs: 15000, costFormula: .course))
        let history = trainer.fit(&network, on: circles.train, optimizer: &optimizer, schedule: &schedule, random: &random)
        #expect(history.records[0].cost.isApproximatelyEqual(to: 0.8830537463419761, relativeTolerance: 1e-12))
        #expect(network.accuracy(on: circles.train) == 0.9933333333333333)
        #expect(network.accuracy(on: circles.test!) == 0.96)
    }
}
