/// A problem with a user-supplied optimizer (`OptimizerAlgorithm`) or learning-rate schedule
/// (`LearningRateDecay`), naming the offending field by its flat name (`beta1`, `decayRate`).
public enum HyperparameterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a name chooses.
    public enum Concept: String, Sendable {
        /// `OptimizerAlgorithm`.
        case optimizer
        /// `LearningRateDecay`.
        case schedule = "learning-rate schedule"

        /// The valid names of this concept.
        public var names: [String] {
            switch self {
            case .optimizer: OptimizerAlgorithm.names
            case .schedule: LearningRateDecay.names
            }
        }
    }

    /// `name` is not one of the concept's names.
    case unknownName(String, concept: Concept)
    /// `field` has a value outside its valid range.
    case invalidValue(field: String, value: String, requirement: String)
    /// `field` was given but the optimizer or schedule `name` does not use it.
    case notApplicable(field: String, name: String, concept: Concept)

    /// The field that caused the error; `nil` for an unknown name.
    public var field: String? {
        switch self {
        case .unknownName: return nil
        case .invalidValue(let field, _, _), .notApplicable(let field, _, _): return field
        }
    }

    /// A sentence naming the field and what is wrong.
    public var description: String {
        switch self {
        case .unknownName(let name, let concept):
            return "Unknown \(concept.rawValue) \"\(name)\"; choose one of \(concept.names.joined(separator: ", "))."
        case .invalidValue(let field, let value, let requirement):
            return "\(field) \(value) is invalid: it \(requirement)."
        case .notApplicable(let field, let name, let concept):
            return "\(field) does not apply to the \(name) \(concept.rawValue)."
        }
    }
}

/// The JSON keys of `OptimizerAlgorithm` and `LearningRateDecay`: `name` and the flat field names.
struct HyperparameterKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
