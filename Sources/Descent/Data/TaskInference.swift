/// The task a label column implies when none is asked for (`DataConfiguration.Task.auto`), as a
/// careful practitioner reads it — and never a silent guess:
///
/// - labels that are all numbers, one of them not a whole number (miles per gallon, a price in
///   cents): **regression**, with a note saying so and how to override it;
/// - more than `maximumSilentClasses` distinct labels with fewer than `minimumExamplesPerClass`
///   examples each on average (integer prices, identifiers): an **error** asking for `--task`;
/// - otherwise (a handful of classes, text or whole numbers): **classification**.
///
/// scikit-learn's `type_of_target` calls the first "continuous" (and its classifiers refuse it).
public struct TaskInference: Sendable, Equatable {
    /// Above this many distinct labels, few examples per label is taken for a target, not classes.
    public static let maximumSilentClasses = 20
    /// The fewest examples per distinct label, on average, that still reads as classes.
    public static let minimumExamplesPerClass = 5

    /// The task the labels imply (`classification` or `regression`).
    public var task: DataConfiguration.Task
    /// Why, in one sentence (`the label 'mpg' holds numbers that are not whole (e.g. 17.5)`).
    public var reason: String

    /// The task of a label column `labelName` whose distinct values are `classNames`, over `examples`
    /// rows. Throws when the labels look like a quantity but are whole numbers or text.
    public init(classNames: [String], examples: Int, labelName: String, file: String) throws(DataPreparationIssue) {
        let numbers = classNames.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.filter(\.isFinite)
        if numbers.count == classNames.count, let fractional = numbers.first(where: { $0 != $0.rounded() }) {
            task = .regression
            reason = "the label '\(labelName)' holds numbers that are not whole (e.g. \(fractional))"
            return
        }
        let count = classNames.count
        if count > Self.maximumSilentClasses && count * Self.minimumExamplesPerClass > examples {
            let kind = numbers.count == count ? "whole numbers" : "values"
            throw DataPreparationIssue(field: "task", value: "auto", message: "\(file): the label '\(labelName)' has \(count) distinct \(kind) in \(examples) rows "
                + "(fewer than \(Self.minimumExamplesPerClass) examples each): it looks like a quantity to predict, not classes; "
                + "add --task regression, or --task classification to train \(count) classes")
        }
        task = .classification
        reason = "the label '\(labelName)' holds \(count) classes"
    }
}
