import Foundation

/// Checks, before any long computation, that an output path the user named can be written, so a
/// typo fails at once with `error: --history out/h.csv: the directory out does not exist` instead
/// of after hours of training.
enum OutputPath {
    /// A file to be written (atomically, by a rename in its directory): the path must not be a
    /// directory, and its directory must exist and be writable; `-` (standard output elsewhere) is
    /// refused, not written as a file called `-`.
    static func checkFile(_ path: String, option: String) throws {
        if path == "-" { throw CommandFailure(message: "\(option) -: writes a file, not standard output; give a file name") }
        let url = URL(fileURLWithPath: path)
        if isDirectory(url.path) == true {
            throw CommandFailure(message: "\(option) \(path): is a directory; give a file name")
        }
        try checkWritableDirectory(url.deletingLastPathComponent(), for: path, option: option)
    }

    /// A directory to create (with its parents) or to write into.
    static func checkDirectory(_ path: String, option: String) throws {
        var url = URL(fileURLWithPath: path)
        if let directory = isDirectory(url.path) {
            guard directory else { throw CommandFailure(message: "\(option) \(path): exists and is not a directory") }
            try checkWritableDirectory(url, for: path, option: option)
            return
        }
        // The nearest existing ancestor must be a writable directory (the rest is created).
        while isDirectory(url.path) == nil && url.path != "/" { url.deleteLastPathComponent() }
        try checkWritableDirectory(url, for: path, option: option)
    }

    /// `true`/`false` for an existing directory/other file, `nil` when nothing is there.
    private static func isDirectory(_ path: String) -> Bool? {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else { return nil }
        return directory.boolValue
    }

    private static func checkWritableDirectory(_ url: URL, for path: String, option: String) throws {
        let directory = url.path
        switch isDirectory(directory) {
        case nil: throw CommandFailure(message: "\(option) \(path): the directory \(directory) does not exist")
        case false?: throw CommandFailure(message: "\(option) \(path): \(directory) is not a directory")
        case true?:
            guard access(directory, W_OK | X_OK) == 0 else {
                throw CommandFailure(message: "\(option) \(path): cannot write in the directory \(directory) (\(String(cString: strerror(errno))))")
            }
        }
    }
}
