/// The one rule by which a label, as written in a file, names one of a model's classes: by its text,
/// or — when both are numbers — by value, so `1.0` and `1` are the same class. Training (`--test`
/// files against the training classes) and inference (`evaluate` against a saved model's classes)
/// both use it.
public struct ClassIndex: Sendable {
    /// The classes, in index order.
    public let classNames: [String]
    private let byName: [String: Int]
    private let byValue: [Double: Int]

    /// The index of `classNames`; a numeric value maps to the first class spelling it.
    public init(classNames: [String]) {
        self.classNames = classNames
        var byName: [String: Int] = [:], byValue: [Double: Int] = [:]
        for (index, name) in classNames.enumerated() {
            if byName[name] == nil { byName[name] = index }
            if let value = Double(name), value.isFinite, byValue[value] == nil { byValue[value] = index }
        }
        self.byName = byName
        self.byValue = byValue
    }

    /// The class index of the label `text`, or `nil` when it names none of the classes.
    public func index(of text: String) -> Int? {
        byName[text] ?? Double(text).flatMap { byValue[$0] }
    }
}
