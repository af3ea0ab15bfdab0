/// A training set and an optional held-out test set.
public struct TrainTestSplit<Scalar: DescentFloat>: Sendable, Equatable {
    /// The examples the model is fitted on.
    public var train: Dataset<Scalar>
    /// The held-out examples, if the dataset has any (the course's moons have none).
    public var test: Dataset<Scalar>?

    /// A split from its parts.
    public init(train: Dataset<Scalar>, test: Dataset<Scalar>? = nil) {
        self.train = train
        self.test = test
    }

    /// The same split in another precision (each value rounded to the nearest `Other`).
    public func converted<Other: DescentFloat>(to _: Other.Type = Other.self) -> TrainTestSplit<Other> {
        TrainTestSplit<Other>(train: train.converted(), test: test?.converted())
    }
}
