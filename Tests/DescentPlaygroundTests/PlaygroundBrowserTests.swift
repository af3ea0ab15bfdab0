import DescentTestSupport
import Foundation
import Testing

/// The page in a real browser: headless Chromium driven by Playwright (`Scripts/playground_browser.py`),
/// skipped where either is missing or switched off (`DESCENT_BROWSER=off`, `DESCENT_PYTHON=off`).
@Suite struct PlaygroundBrowserTests {
    static let chromium = ProcessInfo.processInfo.environment["DESCENT_BROWSER"]?.lowercased() == "off" ? nil
        : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let hasPlaywright: Bool = {
        if ProcessInfo.processInfo.environment["DESCENT_PYTHON"]?.lowercased() == "off" { return false }
        let run = try? ProcessRun(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import playwright.sync_api"])
        return run?.status == 0
    }()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/playground_browser.py")

    @Test("a play=1 link draws the boundary and a falling cost; pause holds; step, check, download, a 400 message, three compared runs, copy and upload work",
          .enabled(if: chromium != nil, "no Chromium installed (apt-get install chromium), or DESCENT_BROWSER=off"),
          .enabled(if: hasPlaywright, "python3 with Playwright is not installed (pip install playwright), or DESCENT_PYTHON=off"))
    func theBrowserWatchesTrainingHappen() throws {
        let server = try RunningPlayground()
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // DESCENT_PLAYGROUND_SCREENSHOT keeps the screenshot (the README's image comes from here).
        let screenshot = ProcessInfo.processInfo.environment["DESCENT_PLAYGROUND_SCREENSHOT"].map(URL.init(fileURLWithPath:))
            ?? scratch.file("playground.png")
        let arguments = ["180", "python3", Self.script.path, "http://\(server.host)/", screenshot.path, Self.chromium!]
        let run = try ProcessRun(URL(fileURLWithPath: "/usr/bin/timeout"), arguments)
        try #require(run.status == 0, "\(run.standardError)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(((seen["boundary_seconds"] as? NSNumber)?.doubleValue).map { $0 < 30 } == true, "\(run.standardOutput)")
        #expect(seen["cost_falls"] as? Bool == true)
        #expect(seen["url_keeps_settings"] as? Bool == true)
        #expect(seen["paused"] as? Bool == true && seen["stepped"] as? Bool == true)
        #expect(seen["check"] as? Bool == true, "the gradient check passes")
        let download = try #require(seen["download"] as? [String: Any])
        #expect(download["name"] as? String == "descent-run1.safetensors")
        #expect(download["tensors"] as? [String] == ["layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight",
                                                      "layers.2.bias", "layers.2.weight"])
        #expect((seen["error_message"] as? String)?.contains("--learning-rate") == true)
        #expect(seen["compare_panels"] as? [String] == ["gradient descent", "momentum β 0.9", "Adam"])
        #expect((seen["compare_commands"] as? [String])?.allSatisfy { $0.contains("--shuffle lab") } == true)
        #expect(seen["copied"] as? String == (seen["compare_commands"] as? [String])?.joined(separator: "\n"), "Copy command")
        #expect((seen["upload_command"] as? String)?.hasPrefix("descent train --data points.csv") == true, "\(seen["upload_command"] ?? "")")
        #expect(seen["errors"] as? [String] == [], "the page logged errors")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 50_000, "a screenshot of a page with charts")
    }
}

/// `descent playground` as a user starts it: it prints the URL, serves, and stops cleanly on Ctrl-C.
@Suite struct PlaygroundCommandTests {
    @Test func printsTheURLServesAndStopsOnInterrupt() throws {
        let server = try RunningPlayground()
        #expect(try server.request("/").status == 200)
        let stopped = server.stop()
        #expect(stopped.reason == .exit && stopped.status == 0)
    }

    @Test func refusesABadHostAndATakenPortWithAnError() throws {
        let bad = try ProcessRun(BuiltExecutable.descent, ["playground", "--host", "example.com"])
        #expect(bad.status == 64 && bad.standardError.contains("--host: 'example.com' is not an IPv4 or IPv6 address"))
        let first = try RunningPlayground()
        let taken = try ProcessRun(BuiltExecutable.descent, ["playground", "--port", "\(first.port)"])
        #expect(taken.status == 1 && taken.standardError.hasPrefix("error: cannot serve on 127.0.0.1 port \(first.port)"), "\(taken.standardError)")
        #expect(!taken.crashed)
    }
}
