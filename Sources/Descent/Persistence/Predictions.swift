import Foundation

/// A saved model's predictions for examples, and their output formats (`descent predict`): a CSV
/// with one row per example and a JSON object.
///
/// A classifier predicts the class with the largest probability (a sigmoid's: P(class 1) > 0.5)
/// and gives every class's probability; a regression model gives its output values.
public struct Predictions<Scalar: DescentFloat>: Sendable {
    /// The model's outputs (outputs × m): A[L] for a classifier, values in the target's units for
    /// regression (`ModelFile.outputs(forRaw:)`).
    public var outputs: Matrix<Scalar>
    /// The predicted class index of each example (1, m), or the outputs for regression.
    public var labels: Matrix<Scalar>
    /// The model's classes (`nil` for regression).
    public var classNames: [String]?
    /// The class probabilities (k, m) of a classifier (`nil` for regression).
    public var probabilities: Matrix<Scalar>?

    /// The predictions of `model` for raw (unnormalized) features (n_x, m).
    public init(_ model: ModelFile<Scalar>, raw features: Matrix<Double>) {
        outputs = model.outputs(forRaw: features)
        labels = Network<Scalar>.labels(fromOutputs: outputs, loss: model.network.loss)
        classNames = model.classNames
        probabilities = classNames == nil ? nil : model.classProbabilities(fromOutputs: outputs)
    }

    /// The number of examples m.
    public var count: Int { outputs.columns }

    /// How many examples are predicted as each class, in `classNames` order (`nil` for regression).
    public var predictedCounts: [Int]? {
        classNames.map { classNames in
            var counts = [Int](repeating: 0, count: classNames.count)
            for j in 0..<count { counts[Int(labels.elements[j])] += 1 }
            return counts
        }
    }

    /// The predictions as CSV, ending with a line break. Header: `prediction` (`prediction_1`, … for a
    /// regression model with several outputs), then `probability_<class>` per class; one row per
    /// example: the class name (or the output values), then the class probabilities.
    public var csv: String {
        let header = classNames == nil && outputs.rows > 1
            ? (1...outputs.rows).map { "prediction_\($0)" }
            : ["prediction"] + (classNames ?? []).map { CSVField.quoted("probability_\($0)") }
        var lines = [header.joined(separator: ",")]
        lines.reserveCapacity(count + 1)
        for j in 0..<count {
            guard let classNames, let probabilities else {
                lines.append((0..<outputs.rows).map { "\(outputs[$0, j])" }.joined(separator: ","))
                continue
            }
            let fields = [CSVField.quoted(classNames[Int(labels.elements[j])])] + (0..<probabilities.rows).map { "\(probabilities[$0, j])" }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csv` to the file at `path`, atomically (`AtomicFile`).
    public func writeCSV(to path: String) throws(PredictionOutputError) {
        do {
            try AtomicFile.write(Array(csv.utf8), to: URL(fileURLWithPath: path))
        } catch {
            throw PredictionOutputError(path: path, cause: error)
        }
    }

    /// The predictions as one JSON object: `count`, then `classes`, `predictions` (class names) and
    /// `probabilities` (one array per example) for a classifier, or `predictions` (a value per
    /// example, or an array of values with several outputs) for regression.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("count", .integer(count))]
        if let classNames, let probabilities {
            members.append(("classes", .array(classNames.map { .string($0) })))
            members.append(("predictions", .array((0..<count).map { .string(classNames[Int(labels.elements[$0])]) })))
            members.append(("probabilities", .array((0..<count).map { j in
                .array((0..<probabilities.rows).map { .number(Double(probabilities[$0, j])) })
            })))
        } else if outputs.rows == 1 {
            members.append(("predictions", .array((0..<count).map { .number(Double(outputs[0, $0])) })))
        } else {
            members.append(("predictions", .array((0..<count).map { j in .array((0..<outputs.rows).map { .number(Double(outputs[$0, j])) }) })))
        }
        return .object(members)
    }

    /// A summary of predictions written to `output`: `output`, `count` and, for a classifier,
    /// `classes` and `predicted_counts` (examples per predicted class).
    public func summaryJSON(output: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("output", .string(output)), ("count", .integer(count))]
        if let classNames, let predictedCounts {
            members.append(("classes", .array(classNames.map { .string($0) })))
            members.append(("predicted_counts", .object(zip(classNames, predictedCounts).map { ($0, .integer($1)) })))
        }
        return .object(members)
    }
}

/// Predictions that could not be written to their file.
public struct PredictionOutputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The output file, as the caller named it.
    public var path: String
    /// The failed write.
    public var cause: AtomicFileError

    /// An error writing to `path`, caused by `cause`.
    public init(path: String, cause: AtomicFileError) {
        self.path = path
        self.cause = cause
    }

    /// `path: cannot write the predictions: <cause>`.
    public var description: String { "\(path): cannot write the predictions: \(cause)" }
}
