import Foundation

/// The `descent` binary `swift test` built next to the test bundle (a test target that depends on
/// the executable gets it built), found by walking up from the test runner's path.
public enum BuiltExecutable {
    public static var descent: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("descent")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/descent")
    }
}
