import Descent
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

    @Test("a play=1 link draws the boundary and a falling cost; pause holds; step, check, download, a 400 message, three compared runs, copy, upload, a warning's try button and the normalization at 1400 and 390 px work",
          .enabled(if: chromium != nil, "no Chromium installed (apt-get install chromium), or DESCENT_BROWSER=off"),
          .enabled(if: hasPlaywright, "python3 with Playwright is not installed (pip install playwright), or DESCENT_PYTHON=off"))
    func theBrowserWatchesTrainingHappen() throws {
        let server = try RunningPlayground()
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // DESCENT_PLAYGROUND_SCREENSHOT keeps the screenshot (the README's image comes from here).
        let screenshot = ProcessInfo.processInfo.environment["DESCENT_PLAYGROUND_SCREENSHOT"].map(URL.init(fileURLWithPath:))
            ?? scratch.file("playground.png")
        let arguments = ["300", "python3", Self.script.path, "http://\(server.host)/", screenshot.path, Self.chromium!]
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
        // A warning's "try" button: the suggested change trains beside the original and removes the warning.
        #expect((seen["original_warnings"] as? String)?.contains("exploding") == true, "\(seen["original_warnings"] ?? "")")
        #expect((seen["tried_command"] as? String)?.contains("--init he") == true, "\(seen["tried_command"] ?? "")")
        #expect(seen["tried_warnings"] as? String == "", "the fix is silent: \(seen["tried_warnings"] ?? "")")
        #expect(seen["errors"] as? [String] == [], "the page logged errors")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 50_000, "a screenshot of a page with charts")
        try Self.expectNormalization(seen, screenshot: screenshot)
    }

    /// Step 9 at each width: the normalization's choice, its URL and command, the BN / LN tags, a batch of one refused.
    static func expectNormalization(_ seen: [String: Any], screenshot: URL) throws {
        let widths = try #require(seen["normalization"] as? [String: [String: Any]])
        let help = try #require(TrainingSettings.setting(named: "batch-norm")?.help)
        for width in ["1400", "390"] {
            let found = try #require(widths[width], "the normalization was not tried at \(width) px")
            #expect(found["layers_disabled"] as? Bool == true && found["none_layers_disabled"] as? Bool == true,
                    "\(width) px: the layers field waits for a normalization")
            #expect(found["batch_help"] as? String == help, "\(width) px: the option's tooltip is the vocabulary's help")
            #expect(found["batch_status"] as? String == "completed" && found["layer_status"] as? String == "completed", "\(width) px: \(found)")
            #expect(found["batch_tags"] as? [[String]] == [["W1", "BN"], ["W3", "BN"]], "\(width) px: \(found["batch_tags"] ?? "")")
            #expect(found["layer_tags"] as? [[String]] == [["W1", "LN"], ["W2", "LN"], ["W3", "LN"]], "\(width) px: \(found["layer_tags"] ?? "")")
            #expect((found["batch_command"] as? String)?.contains("--hidden 16,16,16 --batch-norm --normalized-layers 1,3 --optimizer adam") == true,
                    "\(width) px: \(found["batch_command"] ?? "")")
            #expect((found["layer_command"] as? String).map { $0.contains("--layer-norm --optimizer") && !$0.contains("normalized-layers") } == true,
                    "\(width) px: \(found["layer_command"] ?? "")")
            #expect((found["batch_url"] as? String)?.contains("batch-norm=true&normalized-layers=1%2C3") == true)
            #expect((found["layer_url"] as? String).map { $0.contains("layer-norm=true") && !$0.contains("batch-norm") } == true)
            #expect((found["none_url"] as? String).map { !$0.contains("-norm=") && !$0.contains("normalized-layers") } == true, "\(width) px")
            #expect((found["batch_of_one"] as? String)?.contains("--batch-norm: needs mini-batches of at least 2 examples") == true,
                    "\(width) px: \(found["batch_of_one"] ?? "")")
            #expect(found["batch_of_one_in_view"] as? Bool == true, "\(width) px: the message is scrolled into view")
            for name in ["batch", "layer"] {
                #expect(((found["\(name)_scroll_width"] as? NSNumber)?.intValue).map { $0 <= Int(width)! } == true, "\(width) px: scrolls sideways")
            }
            let base = screenshot.deletingPathExtension().path
            for name in ["batch-norm", "layer-norm", "batch-of-one"] {
                let png = try Data(contentsOf: URL(fileURLWithPath: "\(base)-\(name)-\(width).png"))
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) at \(width) px")
            }
        }
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

    /// The server is `descent-playground`, beside `descent`; a `descent` alone says how to get it.
    @Test func aDescentWithoutItsServerSaysHowToBuildIt() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let alone = scratch.file("descent")
        // Copied by a child: a file this process held open for writing could leak into another
        // test's spawned child, and running it would then fail with "text file busy".
        let copy = try ProcessRun(URL(fileURLWithPath: "/bin/cp"), [BuiltExecutable.descent.path, alone.path])
        try #require(copy.status == 0, "\(copy.standardError)")
        let run = try ProcessRun(alone, ["playground", "--port", "0"])
        #expect(run.status == 1 && !run.crashed)
        #expect(run.standardError.hasPrefix("error: the playground's server, descent-playground, is not beside descent (\(scratch.file("descent-playground").path))"),
                "\(run.standardError)")
        #expect(run.standardError.contains("`swift build` (with -c release for a release build) builds both")
                && run.standardError.contains("swift run -c release descent-playground"))
    }

    /// Why the server is its own program: FlyingFox links FoundationNetworking (curl, GnuTLS,
    /// Kerberos…), ~10 ms of start-up, which `descent` itself must not load.
    @Test("descent does not link the playground's HTTP stack (FoundationNetworking and curl); descent-playground does",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd"), "no ldd (the libraries are checked on Linux)"))
    func descentLeavesTheNetworkLibrariesToThePlayground() throws {
        let descent = try ProcessRun(URL(fileURLWithPath: "/usr/bin/ldd"), [BuiltExecutable.descent.path])
        try #require(descent.status == 0, "\(descent.standardError)")
        #expect(!descent.standardOutput.contains("FoundationNetworking") && !descent.standardOutput.contains("libcurl"))
        if descent.standardOutput.contains("libFoundation") {
            // Foundation linked dynamically (not --static-swift-stdlib): the server's libraries show.
            let playground = BuiltExecutable.descent.deletingLastPathComponent().appendingPathComponent("descent-playground")
            let server = try ProcessRun(URL(fileURLWithPath: "/usr/bin/ldd"), [playground.path])
            #expect(server.status == 0 && server.standardOutput.contains("FoundationNetworking"), "the check would pass for any binary")
        }
    }
}

/// Issue 28: every page fits its window at a desktop's and a phone's width (`Scripts/page_layout.py`):
/// the train report of a classification table, a regression and a 2-D set, the tune report, the
/// playground with the Optimization lab's runs, and a run that diverges. `DESCENT_DOCS_SCREENSHOTS=DIR`
/// keeps the screenshots (the README's images come from here).
@Suite struct PageLayoutBrowserTests {
    static let script = PlaygroundBrowserTests.script.deletingLastPathComponent().appendingPathComponent("page_layout.py")

    /// A CSV of `rows` examples: two numeric features (one with missing cells), a text column and a label.
    static func table(_ name: String, rows: Int, regression: Bool, in scratch: TemporaryDirectory) throws -> String {
        var lines = ["size,weight,colour,y"]
        for row in 0..<rows {
            let a = Double((row * 37) % 101) / 10, b = Double((row * 53) % 89) / 7
            let label = regression ? String(format: "%.2f", 2_500 + 180 * a - 40 * b) : (a + b > 11 ? "large" : "small")
            lines.append("\(a),\(row % 9 == 0 ? "" : String(b)),\(["red", "green", "blue"][row % 3]),\(label)")
        }
        return try scratch.file(name, lines.joined(separator: "\n") + "\n").path
    }

    @Test("the reports and the playground fit 1400 px and 390 px: no sideways scroll, nothing outside its card, no long numbers, the command shown",
          .enabled(if: PlaygroundBrowserTests.chromium != nil, "no Chromium installed (apt-get install chromium), or DESCENT_BROWSER=off"),
          .enabled(if: PlaygroundBrowserTests.hasPlaywright, "python3 with Playwright is not installed (pip install playwright), or DESCENT_PYTHON=off"))
    func pagesFitDesktopAndPhone() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let classes = try Self.table("survey.csv", rows: 600, regression: false, in: scratch)
        let prices = try Self.table("prices.csv", rows: 600, regression: true, in: scratch)
        let trains: [(String, [String])] = [
            ("report-table", ["--data", classes, "--dev-fraction", "0.2", "--epochs", "60"]),
            ("report-regression", ["--data", prices, "--test-fraction", "0.2", "--epochs", "60"]),
            ("report-moons", ["--data", "moons", "--hidden", "5,2", "--optimizer", "adam", "--learning-rate", "0.0007", "--batch-size", "64",
                              "--epochs", "2000", "--dev-fraction", "0.2"]),
        ]
        for (name, arguments) in trains {
            let run = try ProcessRun(BuiltExecutable.descent, ["train"] + arguments + ["--print-every", "0", "--report", scratch.file(name).path])
            try #require(run.status == 0, "\(name): \(run.standardError)")
        }
        let tune = try ProcessRun(BuiltExecutable.descent, ["tune", "--data", "moons", "--optimizer", "adam", "--batch-size", "64", "--epochs", "30",
                                                           "--search", "learning-rate=log:1e-3..1e-1", "--search", "hidden=3|5,2|16,16",
                                                           "--trials", "12", "--study", scratch.file("s.study").path], in: scratch.url)
        try #require(tune.status == 0, "\(tune.standardError)")
        let shown = try ProcessRun(BuiltExecutable.descent, ["tune", "show", "--study", "s.study", "--report", "report-tune"], in: scratch.url)
        try #require(shown.status == 0, "\(shown.standardError)")

        let server = try RunningPlayground()
        let directory = ProcessInfo.processInfo.environment["DESCENT_DOCS_SCREENSHOTS"] ?? scratch.file("shots").path
        let pages = ["report-table", "report-regression", "report-moons", "report-tune"].map { "\($0)=\(scratch.file("\($0)/index.html").absoluteString)" }
            + ["playground=http://\(server.host)/",
               "playground-diverged=http://\(server.host)/?data=moons&optimizer=adam&learning-rate=1e6&activation=tanh&play=1"]
        let run = try ProcessRun(URL(fileURLWithPath: "/usr/bin/timeout"),
                                 ["300", "python3", Self.script.path, PlaygroundBrowserTests.chromium!, directory] + pages)
        try #require(run.status == 0, "\(run.standardError)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: [String: [String: Any]]])
        for name in ["report-table", "report-regression", "report-moons", "report-tune", "playground", "playground-diverged"] {
            for width in ["1400", "390"] {
                let page = try #require(seen[name]?[width], "\(name) at \(width) px was not measured")
                #expect(page["overflow"] as? Bool == false, "\(name) at \(width) px scrolls sideways (\(page["scroll_width"] ?? "?") px)")
                #expect((page["wide"] as? [String]) == [], "\(name) at \(width) px: \(page["wide"] ?? "")")
                #expect((page["long_numbers"] as? [String]) == [], "\(name) at \(width) px: \(page["long_numbers"] ?? "")")
                #expect(page["has_command"] as? Bool == true, "\(name) at \(width) px shows no descent train command")
                #expect((page["errors"] as? [String]) == [], "\(name) at \(width) px: \(page["errors"] ?? "")")
                let png = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("\(name)-\(width).png"))
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            }
        }
        #expect(seen["playground"]?["390"]?["cards_before_play"] as? Int == 3, "a preset shows its runs' cards before play")
    }
}
