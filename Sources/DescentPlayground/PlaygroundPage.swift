import Descent
import Foundation

/// The playground's one page, `Resources/playground.html` with its stylesheet (`playground.css`)
/// and script (`playground.js`) inlined where the HTML links them: charts drawn as SVG and on a
/// canvas, nothing loaded from the network, so it works offline.
///
/// The settings live in the URL (`?data=moons&hidden=10,5&…`, the `descent train` option names,
/// plus `pace`), each compared run as a `run=` parameter holding the settings it changes, and
/// `play=1` starts training on load. Every run is its own WebSocket to `/api/train`.
package struct PlaygroundPage: Sendable {
    /// A page file the build did not leave where `BundledResources` looks.
    package struct MissingResource: Error, CustomStringConvertible {
        package var fileName: String
        package var description: String {
            "the playground's \(fileName) is not beside the descent-playground executable (Descent_DescentPlayground.resources) "
                + "nor in the source tree; set DESCENT_RESOURCES to a folder holding it"
        }
    }

    /// Where the page's files are: the `Descent_DescentPlayground` resource bundle or this target's `Resources` folder.
    static let resources = BundledResources(
        bundleName: "Descent_DescentPlayground",
        sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources"))

    /// The page as served: one self-contained HTML document.
    package let html: String

    /// Reads the page's three files and inlines the stylesheet and the script.
    package init() throws(MissingResource) {
        let page = try Self.read("playground.html")
        let style = try Self.read("playground.css"), script = try Self.read("playground.js")
        html = page
            .replacingOccurrences(of: #"<link rel="stylesheet" href="playground.css">"#, with: "<style>\n\(style)</style>")
            .replacingOccurrences(of: #"<script src="playground.js"></script>"#, with: "<script>\n\(script)</script>")
    }

    private static func read(_ fileName: String) throws(MissingResource) -> String {
        guard let url = resources.url(for: fileName), let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw MissingResource(fileName: fileName)
        }
        return text
    }
}
