import Foundation

/// Runs small `python3` scripts to check interoperability with numpy, safetensors and ONNX
/// Runtime; the tests that use it are skipped when python3 or the package is not installed, or
/// when `DESCENT_PYTHON=off` (CI's run of the suite as on a machine with only the Swift toolchain).
public enum PythonInterop {
    /// A script that failed: its standard output and error.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether `python3 -c "import numpy"` succeeds.
    public static let hasNumpy = canImport("numpy")
    /// Whether `python3 -c "import safetensors.numpy"` succeeds.
    public static let hasSafetensors = canImport("numpy, safetensors.numpy")
    /// Whether `python3 -c "import numpy, onnx, onnxruntime"` succeeds.
    public static let hasONNXRuntime = canImport("numpy, onnx, onnxruntime")

    /// Whether `python3 -c "import <modules>"` succeeds (never with `DESCENT_PYTHON=off`).
    public static func canImport(_ modules: String) -> Bool {
        if ProcessInfo.processInfo.environment["DESCENT_PYTHON"]?.lowercased() == "off" { return false }
        return (try? run("import \(modules)")) != nil
    }

    /// Runs `script` with `python3 - arguments…` and returns its standard output.
    public static func run(_ script: String, arguments: [String] = []) throws -> String {
        try runFile(["-c", script] + arguments)
    }

    /// Runs `Scripts/<name>` of this repository with `python3 <script> arguments…` and returns its
    /// standard output (a failure carries its standard output and error).
    public static func runScript(_ name: String, arguments: [String]) throws -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/\(name)")
        return try runFile([script.path] + arguments)
    }

    private static func runFile(_ arguments: [String]) throws -> String {
        let run = try ProcessRun(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
        guard run.status == 0 && !run.crashed else { throw Failure(description: "python3 failed: " + run.standardOutput + run.standardError) }
        return run.standardOutput
    }
}
