import DescentTestSupport
import Foundation
@testable import Descent

/// Loads the numpy golden vectors copied from `shared/reference/vectors` into `Fixtures/`.
///
/// Arrays in those files are `{"shape": [...], "dtype": ..., "data": nested lists}`; floats are
/// Python `repr`s, so they parse back to the identical `Double`.
enum Fixtures {
    /// The parsed top-level object of `Fixtures/<name>.json`.
    static func load(_ name: String) throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureError.missing(name)
        }
        guard let dictionary = try ExactJSON.parse(Data(contentsOf: url)) as? [String: Any] else { throw FixtureError.malformed(name) }
        return dictionary
    }

    /// Follows a path of keys through nested dictionaries: `value(in: root, "gradient_check_n", "inputs")`.
    static func value(_ root: Any, _ path: String...) throws -> Any {
        var current = root
        for key in path {
            guard let next = (current as? [String: Any])?[key] else { throw FixtureError.missingKey(path.joined(separator: ".")) }
            current = next
        }
        return current
    }

    /// An array object as a Matrix: 2-D arrays keep their shape, 1-D arrays become one row, scalars 1×1.
    static func matrix<T: DescentFloat>(_ object: Any, as _: T.Type = Double.self) throws -> Matrix<T> {
        let array = (object as? [String: Any]) ?? ["data": object]
        let data = array["data"] ?? object
        let shape = (array["shape"] as? [Int])
        let flat = try flatten(data).map { T($0) }
        switch shape?.count {
        case 2: return Matrix(rows: shape![0], columns: shape![1], elements: flat)
        case 0: return Matrix(rows: 1, columns: 1, elements: flat)
        default:
            if let rows = data as? [[Any]] {
                return Matrix(rows: rows.count, columns: rows.first?.count ?? 0, elements: flat)
            }
            return Matrix(rows: 1, columns: flat.count, elements: flat)
        }
    }

    /// Every number in a nested list, row-major (booleans as 0/1).
    static func flatten(_ object: Any) throws -> [Double] {
        if let array = object as? [String: Any], let data = array["data"] { return try flatten(data) }
        if let list = object as? [Any] { return try list.flatMap { try flatten($0) } }
        if let number = object as? Double { return [number] }
        if let flag = object as? Bool { return [flag ? 1 : 0] }
        if let string = object as? String, let value = Double(string) { return [value] }  // "inf", "nan"
        throw FixtureError.notNumeric(String(describing: object))
    }

    /// A scalar number.
    static func double(_ object: Any) throws -> Double {
        let values = try flatten((object as? [String: Any])?["data"] ?? object)
        guard values.count == 1 else { throw FixtureError.notNumeric(String(describing: object)) }
        return values[0]
    }

    enum FixtureError: Error { case missing(String), malformed(String), missingKey(String), notNumeric(String) }
}
