/// The subset of Python literals a `.npy` header dictionary uses, e.g.
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
enum PythonLiteral: Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([String: PythonLiteral])

    var description: String {
        switch self {
        case .string(let text): return "'\(text)'"
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "True" : "False"
        case .none: return "None"
        case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .dictionary(let items):
            return "{" + items.keys.sorted().map { "'\($0)': \(items[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A recursive-descent parser for `PythonLiteral`s.
struct PythonLiteralParser {
    struct Failure: Error { var message: String }

    private let characters: [Character]
    private var index = 0

    init(_ text: String) { characters = Array(text) }

    /// Parses one literal followed only by whitespace.
    mutating func parseHeader() throws(Failure) -> PythonLiteral {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == characters.count else { throw Failure(message: "unexpected \(quoted(String(characters[index]))) after the dictionary") }
        return value
    }

    private mutating func skipWhitespace() {
        while index < characters.count && characters[index].isWhitespace { index += 1 }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> PythonLiteral {
        guard depth < 16 else { throw Failure(message: "nested too deeply") }
        skipWhitespace()
        guard index < characters.count else { throw Failure(message: "unexpected end of the header") }
        let character = characters[index]
        switch character {
        case "'", "\"": return .string(try parseString())
        case "(": return .tuple(try parseSequence(closing: ")", depth: depth))
        case "[": return .list(try parseSequence(closing: "]", depth: depth))
        case "{": return try parseDictionary(depth: depth)
        default:
            var end = index
            while end < characters.count && (characters[end].isLetter || characters[end].isNumber || characters[end] == "-" || characters[end] == "+") {
                end += 1
            }
            var word = String(characters[index..<end])
            index = end
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                if word.hasSuffix("L") { word.removeLast() }  // Python 2 long integers: `3L`.
                guard let value = Int(word) else { throw Failure(message: "unexpected \(quoted(word.isEmpty ? String(character) : word))") }
                return .integer(value)
            }
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        let quote = characters[index]
        index += 1
        var result = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == quote { return result }
            if character == "\\" && index < characters.count {
                result.append(characters[index])
                index += 1
            } else {
                result.append(character)
            }
        }
        throw Failure(message: "unterminated string")
    }

    private mutating func parseSequence(closing: Character, depth: Int) throws(Failure) -> [PythonLiteral] {
        index += 1
        var items: [PythonLiteral] = []
        while true {
            skipWhitespace()
            guard index < characters.count else { throw Failure(message: "missing \(quoted(String(closing)))") }
            if characters[index] == closing { index += 1; return items }
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < characters.count else { throw Failure(message: "missing \(quoted(String(closing)))") }
            if characters[index] == "," { index += 1 } else if characters[index] != closing {
                throw Failure(message: "expected ',' or \(quoted(String(closing))), found \(quoted(String(characters[index])))")
            }
        }
    }

    private mutating func parseDictionary(depth: Int) throws(Failure) -> PythonLiteral {
        index += 1
        var items: [String: PythonLiteral] = [:]
        while true {
            skipWhitespace()
            guard index < characters.count else { throw Failure(message: "missing '}'") }
            if characters[index] == "}" { index += 1; return .dictionary(items) }
            guard characters[index] == "'" || characters[index] == "\"" else {
                throw Failure(message: "expected a string key, found \(quoted(String(characters[index])))")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < characters.count, characters[index] == ":" else { throw Failure(message: "expected ':' after '\(key)'") }
            index += 1
            items[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard index < characters.count else { throw Failure(message: "missing '}'") }
            if characters[index] == "," { index += 1 } else if characters[index] != "}" {
                throw Failure(message: "expected ',' or '}', found \(quoted(String(characters[index])))")
            }
        }
    }
}
