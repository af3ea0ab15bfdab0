import Descent
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

    @Test func everySettingThePageNamesIsAPlaygroundSetting() throws {
        let script = try Self.source("playground.js"), html = try Self.source("playground.html")
        let fields = try #require(script.firstMatch(of: /const FIELD_NAMES = \[([^\]]*)\]/)).1
        let names = fields.matches(of: /"([a-z0-9-]+)"/).map { String($0.1) }
        let normalization = try #require(html.firstMatch(of: /<select id="normalization">([\s\S]*?)<\/select>/)).1
        let flags = normalization.matches(of: /value="([a-z-]+)"/).map { String($0.1) }
        #expect(flags == ["batch-norm", "layer-norm"])
        for name in names.filter({ $0 != "pace" }) + flags {
            #expect(PlaygroundSettings.optionNames.contains(name), "the page names '\(name)', which the server does not take")
        }
        #expect(flags.allSatisfy { TrainingSettings.setting(named: $0)?.isFlag == true }, "the normalization's options are flags (sent as NAME=true)")
        #expect(names.contains("normalized-layers"))
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
