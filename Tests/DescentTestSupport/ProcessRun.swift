import Foundation

/// A finished child process: its exit status, output and whether a signal ended it.
public struct ProcessRun {
    /// The exit status (or the signal number when `crashed`).
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
    /// True when the process ended by a signal (a crash), not by exit.
    public var crashed: Bool

    /// Runs `executable arguments…` in `directory` (default: the temporary directory) and waits for it.
    public init(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws {
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
        status = process.terminationStatus
        standardOutput = String(decoding: outData, as: UTF8.self)
        standardError = String(decoding: errData, as: UTF8.self)
        crashed = process.terminationReason == .uncaughtSignal
    }
}
