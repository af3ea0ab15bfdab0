import DescentTestSupport
import Foundation

/// Runs small `python3` scripts to check interoperability with numpy and safetensors; the tests
/// that use it are skipped when python3 or the package is not installed, or when
/// `DESCENT_PYTHON=off` (CI's run of the suite as on a machine with only the Swift toolchain).
enum PythonInterop {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `python3 -c "import numpy"` succeeds.
    static let hasNumpy = canImport("numpy")
    /// Whether `python3 -c "import safetensors.numpy"` succeeds.
    static let hasSafetensors = canImport("numpy, safetensors.numpy")

    static func canImport(_ modules: String) -> Bool {
        if ProcessInfo.processInfo.environment["DESCENT_PYTHON"]?.lowercased() == "off" { return false }
        return (try? run("import \(modules)")) != nil
    }

    /// Runs `script` with `python3 - arguments…` and returns its standard output.
    static func run(_ script: String, arguments: [String] = []) throws -> String {
        let run = try ProcessRun(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
        guard run.status == 0 && !run.crashed else { throw Failure(description: "python3 failed: " + run.standardError) }
        return run.standardOutput
    }
}
