import Foundation

/// Finds the package's bundled data files without SwiftPM's generated `Bundle.module`, which
/// traps (`fatalError`) when the resource bundle is not where the build left it — for example after
/// the `descent` binary was copied elsewhere. Here a missing file is an error the caller reports.
///
/// Looked up, in order: `$DESCENT_RESOURCES/<file>`; the resource bundle next to the executable or
/// test bundle (`Descent_Descent.resources/Resources/` on Linux,
/// `Descent_Descent.bundle/[Contents/Resources/]Resources/` on macOS); the source tree this file was
/// built from (`Sources/Descent/Data/Resources/`).
enum CourseDatasetResources {
    static func url(for fileName: String) -> URL? {
        let fileManager = FileManager.default
        var candidates = [URL]()
        if let directory = ProcessInfo.processInfo.environment["DESCENT_RESOURCES"] {
            candidates.append(URL(fileURLWithPath: directory).appendingPathComponent(fileName))
        }
        var roots = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            roots.append(executable.deletingLastPathComponent())
        }
        for root in roots {
            candidates.append(root.appendingPathComponent("Descent_Descent.resources/Resources/\(fileName)"))
            candidates.append(root.appendingPathComponent("Descent_Descent.bundle/Contents/Resources/Resources/\(fileName)"))
            candidates.append(root.appendingPathComponent("Descent_Descent.bundle/Resources/\(fileName)"))
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(fileName)"))
        return candidates.first { fileManager.isReadableFile(atPath: $0.path) }
    }
}
