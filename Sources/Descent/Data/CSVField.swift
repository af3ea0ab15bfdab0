/// Writing CSV fields (RFC 4180).
public enum CSVField {
    /// `value` as one CSV field: quoted, with its quotes doubled, when it holds a comma, a quote or a
    /// line break; unchanged otherwise.
    public static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
