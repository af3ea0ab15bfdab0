import Foundation
import Testing
@testable import DescentPlayground

@Suite struct PlaygroundPageTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/DescentPlayground/Resources").standardizedFileURL

    static func source(_ fileName: String) throws -> String {
        try String(contentsOf: sources.appendingPathComponent(fileName), encoding: .utf8)
    }

    @Test func thePageIsTheHTMLWithItsStylesheetAndScriptInlined() throws {
        let html = try Self.source("playground.html"), style = try Self.source("playground.css"), script = try Self.source("playground.js")
        let link = #"<link rel="stylesheet" href="playground.css">"#, scriptTag = #"<script src="playground.js"></script>"#
        #expect(html.contains(link) && html.contains(scriptTag))
        let page = try PlaygroundPage().html
        #expect(page == html.replacingOccurrences(of: link, with: "<style>\n" + style + "</style>")
            .replacingOccurrences(of: scriptTag, with: "<script>\n" + script + "</script>"))
        #expect(page.hasPrefix("<!doctype html>") && page.contains("</style>\n</head>") && page.hasSuffix("</script>\n</body>\n</html>\n"))
        #expect(page.contains("const FIELD_NAMES = [") && page.contains(":root { --c0: #e8891d;"))
        #expect(!page.contains("playground.css") && !page.contains("playground.js"))
    }

    @Test func theFilesAreReadFromTheResourceBundleBesideTheBinaries() throws {
        for fileName in ["playground.html", "playground.css", "playground.js"] {
            let url = try #require(PlaygroundPage.resources.url(for: fileName))
            #expect(url.pathComponents.contains { $0.hasPrefix("Descent_DescentPlayground.") }, "\(url.path)")
            #expect(try String(contentsOf: url, encoding: .utf8) == Self.source(fileName))
        }
        #expect(PlaygroundPage.resources.url(for: "nothing.js") == nil)
        #expect(PlaygroundPage.MissingResource(fileName: "playground.js").description.hasPrefix("the playground's playground.js is not beside"))
    }
}
