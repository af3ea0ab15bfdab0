import DescentTestSupport
import Foundation

/// Runs the built `descent` executable as a separate process, so tests see the real exit code,
/// stdout and stderr (and a trap would show up as a signal instead of a crash of the test runner).
enum CLI {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// True when the process ended by a signal (a crash), not by exit.
        var crashed: Bool
    }

    /// The `descent` binary next to the test bundle (`swift test` builds it: the test target depends on it).
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("descent")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/descent")
    }

    /// Runs `descent arguments…` in `directory` (default: a fresh temporary directory).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self),
                      crashed: process.terminationReason == .uncaughtSignal)
    }

    /// Parses the single JSON object a `--json` command prints.
    static func json(_ text: String) throws -> [String: Any] {
        let object = try ExactJSON.parse(Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dictionary
    }
}

/// A fresh temporary directory, removed by the caller with `remove()`.
struct ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String, _ contents: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
