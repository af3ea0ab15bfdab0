import Foundation

/// Runs small `python3` scripts to check interoperability with numpy and safetensors; the tests
/// that use it are skipped when python3 or the package is not installed.
enum PythonInterop {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `python3 -c "import numpy"` succeeds.
    static let hasNumpy = canImport("numpy")
    /// Whether `python3 -c "import safetensors.numpy"` succeeds.
    static let hasSafetensors = canImport("numpy, safetensors.numpy")

    static func canImport(_ modules: String) -> Bool {
        (try? run("import \(modules)")) != nil
    }

    /// Runs `script` with `python3 - arguments…` and returns its standard output.
    static func run(_ script: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed: " + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
