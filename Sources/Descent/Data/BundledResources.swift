import Foundation

/// Finds a target's bundled resource files (a `.copy`'d `Resources` folder) without SwiftPM's
/// generated `Bundle.module`, which traps (`fatalError`) when the resource bundle is not where the
/// build left it — for example after the `descent` binary was copied elsewhere. Here a missing file
/// is `nil`, an error the caller reports.
///
/// Looked up, in order: `$DESCENT_RESOURCES/<file>`; the resource bundle next to the executable or
/// test bundle (`<bundle>.resources/Resources/` on Linux, `<bundle>.bundle/[Contents/Resources/]Resources/`
/// on macOS); the source tree the target was built from.
public struct BundledResources: Sendable {
    /// The course's data files (`Descent_Descent`, `Sources/Descent/Data/Resources`).
    public static let descent = BundledResources(
        bundleName: "Descent_Descent", sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources"))

    /// The resource bundle's name, `<package>_<target>` (`Descent_Descent`).
    public var bundleName: String
    /// The `Resources` folder in the source tree, used when no bundle holds the file.
    public var sourceDirectory: URL

    /// The resources of bundle `bundleName`, falling back to `sourceDirectory`.
    public init(bundleName: String, sourceDirectory: URL) {
        self.bundleName = bundleName
        self.sourceDirectory = sourceDirectory
    }

    /// The first readable `fileName` where the resources are looked up; `nil` when there is none.
    public func url(for fileName: String) -> URL? {
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
            candidates.append(root.appendingPathComponent("\(bundleName).resources/Resources/\(fileName)"))
            candidates.append(root.appendingPathComponent("\(bundleName).bundle/Contents/Resources/Resources/\(fileName)"))
            candidates.append(root.appendingPathComponent("\(bundleName).bundle/Resources/\(fileName)"))
        }
        candidates.append(sourceDirectory.appendingPathComponent(fileName))
        return candidates.first { fileManager.isReadableFile(atPath: $0.path) }
    }
}
