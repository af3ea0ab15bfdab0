import Foundation
import Testing
@testable import Descent

@Suite struct CourseDatasetsTests {
    static func expectBitForBit(_ dataset: Dataset<Double>, _ name: String) throws {
        let root = try Fixtures.load("datasets")
        let features = try Fixtures.matrix(Fixtures.value(root, name, "X"))
        let labels = try Fixtures.matrix(Fixtures.value(root, name, "Y"))
        #expect(dataset.features.shape == features.shape, "\(name)")
        #expect(dataset.labels.shape == labels.shape, "\(name)")
        #expect(dataset.features.elements.map(\.bitPattern) == features.elements.map(\.bitPattern), "\(name)")
        #expect(dataset.labels.elements == labels.elements, "\(name)")
    }

    @Test func courseCirclesMatchScikitLearnBitForBit() throws {
        let circles = Dataset.courseCircles()
        try Self.expectBitForBit(circles.train, "circles_train")
        try Self.expectBitForBit(try #require(circles.test), "circles_test")
    }

    @Test func courseMoonsMatchScikitLearnBitForBit() throws {
        try Self.expectBitForBit(Dataset.courseMoons(), "moons_train")
    }

    @Test func footballIsLoadedFromTheBundledFiles() throws {
        let football = try Dataset.football()
        let test = try #require(football.test)
        #expect(football.train.featureCount == 2 && football.train.count == 211)
        #expect(test.featureCount == 2 && test.count == 200)
        #expect((football.train.labels.elements + test.labels.elements).allSatisfy { $0 == 0 || $0 == 1 })
        #expect(Set(football.train.labels.elements) == [0, 1])
        // First and last rows of football_train.csv and football_test.csv.
        #expect(football.train.features[0, 0] == -0.158986 && football.train.features[1, 0] == 0.423977)
        #expect(football.train.labels[0, 0] == 1)
        #expect(football.train.features[0, 210] == -0.153111 && football.train.features[1, 210] == 0.184503)
        #expect(football.train.labels[0, 210] == 0)
        #expect(test.features[0, 0] == -0.3530623458334412 && test.features[1, 0] == -0.6739018129665528)
        #expect(test.labels[0, 0] == 0)
        #expect(test.features[0, 199] == -0.31689908531098365 && test.features[1, 199] == -0.42941272913886863)
        #expect(test.labels[0, 199] == 0)
    }

    @Test func namedDatasetsLoadInEitherPrecision() throws {
        #expect(CourseDataset.allCases.map(\.rawValue) == ["moons", "circles", "football", "spiral", "blobs"])
        let moons = try CourseDataset.moons.load(as: Double.self)
        #expect(moons.train == Dataset.courseMoons() && moons.test == nil)
        let circles = try CourseDataset.circles.load(as: Float.self)
        #expect(circles == Dataset.courseCircles().converted(to: Float.self))
        let football = try CourseDataset.football.load(as: Float.self)
        #expect(football.train.count == 211 && football.test?.count == 200)
    }

    @Test func playgroundSetsAreFixedBalancedAndTrainAsAnyOther() throws {
        let spiral = try CourseDataset.spiral.load(as: Double.self)
        #expect(spiral.train.count == 400 && spiral.test == nil && spiral.train == Dataset.spiral(), "seeded: the same every time")
        #expect(spiral.train.labels.elements.filter { $0 == 1 }.count == 200)
        // The arms reach radius about 5 (plus noise), both classes spread around the origin.
        let radii = (0..<400).map { hypot(spiral.train.features[0, $0], spiral.train.features[1, $0]) }
        #expect(radii.max()! > 4.5 && radii.max()! < 6.5 && radii.min()! < 0.8)
        let blobs = try CourseDataset.blobs.load(as: Float.self)
        #expect(blobs.train.count == 300 && CourseDataset.blobs.classCount == 3)
        #expect((0..<3).map { c in blobs.train.labels.elements.filter { $0 == Float(c) }.count } == [100, 100, 100])
        // Prepared as a course set: three classes mean softmax with three outputs.
        let prepared = try PreparedData(DataConfiguration(source: .course(.blobs)), seed: 1)
        #expect(prepared.classNames == ["0", "1", "2"] && prepared.outputSize == 3)
        #expect(try PreparedData(DataConfiguration(source: .course(.spiral)), seed: 1).outputSize == 1)
    }

    @Test func generatorsHonourCountsLabelsAndShapes() {
        var generator = NumpyRandom(seed: 0)
        let odd = Dataset.makeMoons(count: 7, noise: 0, using: &generator)
        #expect(odd.features.shape == (2, 7) && odd.labels.shape == (1, 7))
        #expect(odd.labels.elements.filter { $0 == 1 }.count == 4)   // n_in = n - n/2
        var fast = FastRandom(seed: 1)
        let circles = Dataset.makeCircles(count: 40, noise: 0, factor: 0.5, using: &fast)
        for j in 0..<40 {
            let radius = (circles.features[0, j] * circles.features[0, j] + circles.features[1, j] * circles.features[1, j]).squareRoot()
            #expect(abs(radius - (circles.labels[0, j] == 1 ? 0.5 : 1)) < 1e-12)
        }
    }

    @Test func linspaceUsesNumpysStepArithmetic() {
        // np.linspace(0, pi, 150)[5, 10, 11] and np.linspace(0, 1, 49)[5, 7, 10]: i·step, not i·stop/div.
        let moon = Matrix<Double>.linspace(from: 0, to: .pi, count: 150)
        #expect([moon[0, 5], moon[0, 10], moon[0, 11]] == [0.10542257226811387, 0.21084514453622774, 0.23192965898985052])
        #expect(moon[0, 149] == .pi && moon[0, 0] == 0)
        let unit = Matrix<Double>.linspace(from: 0, to: 1, count: 49)
        #expect([unit[0, 5], unit[0, 7], unit[0, 10]] == [0.10416666666666666, 0.14583333333333331, 0.20833333333333331])
        let open = Matrix<Double>.linspace(from: 0, to: 1, count: 4, includingEndpoint: false)
        #expect(open.elements == [0, 0.25, 0.5, 0.75])
        #expect(Matrix<Double>.linspace(from: 2, to: 3, count: 1).elements == [2])
        #expect(Matrix<Double>.linspace(from: 2, to: 3, count: 0).count == 0)
    }
}
