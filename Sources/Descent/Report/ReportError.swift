import Foundation

/// A report that could not be saved.
public enum ReportError: Error, CustomStringConvertible, LocalizedError {
    /// Creating the directory or writing the file at `path` failed for `reason`.
    case cannotWrite(path: String, reason: String)

    /// A sentence naming the path and the cause.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "Could not write the report to \(path): \(reason)"
        }
    }

    /// Same as `description`.
    public var errorDescription: String? { description }
}
