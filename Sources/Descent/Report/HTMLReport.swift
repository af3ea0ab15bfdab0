import Foundation

/// A self-contained HTML page: a title and sections of paragraphs, tables and SVG figures.
///
/// The page needs nothing from the network: the CSS is inline, the figures are inline SVG, the
/// fonts are the browser's system fonts. All text (title, headings, paragraphs, table cells,
/// captions) is HTML-escaped; figure SVG is inserted as is, so it must come from the charts (or
/// other trusted markup).
///
/// ```swift
/// let report = HTMLReport(title: "Initialization", sections: [
///     .init(heading: "Results", paragraphs: ["He initialization trains fastest."],
///           tables: [table], figures: [.init(svg: chart.svg(), caption: "Cost per 1000 iterations")]),
/// ])
/// try report.write(to: URL(fileURLWithPath: "runs/init"))   // runs/init/index.html
/// ```
public struct HTMLReport: Sendable, Equatable {
    /// An inline SVG drawing with a caption.
    public struct Figure: Sendable, Equatable {
        /// The SVG document (e.g. `CostCurveChart.svg(width:height:)`), inserted unescaped.
        public var svg: String
        /// Escaped caption shown under the drawing ("" for none).
        public var caption: String

        /// A figure of `svg` with `caption`.
        public init(svg: String, caption: String = "") {
            self.svg = svg
            self.caption = caption
        }
    }

    /// One piece of a section's content, in page order.
    public enum Block: Sendable, Equatable {
        /// A paragraph of plain text (escaped; blank lines are not interpreted).
        case paragraph(String)
        /// A table.
        case table(ReportTable)
        /// A figure.
        case figure(Figure)
        /// Preformatted monospaced text, such as a terminal table or a log excerpt (escaped).
        case preformatted(String)
    }

    /// A heading followed by its content blocks.
    public struct Section: Sendable, Equatable {
        /// The section heading (an `<h2>`).
        public var heading: String
        /// The content in page order.
        public var blocks: [Block]

        /// A section whose content is `blocks` in order.
        public init(heading: String, blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }

        /// A section laid out as its paragraphs, then its tables, then its figures.
        public init(heading: String, paragraphs: [String] = [], tables: [ReportTable] = [], figures: [Figure] = []) {
            self.init(heading: heading,
                      blocks: paragraphs.map(Block.paragraph) + tables.map(Block.table) + figures.map(Block.figure))
        }
    }

    /// The page title (`<title>` and `<h1>`).
    public var title: String
    /// An optional line under the title, e.g. the command and date of the run.
    public var subtitle: String?
    /// The sections in order.
    public var sections: [Section]

    /// A report titled `title` with `sections`.
    public init(title: String, subtitle: String? = nil, sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// The page's style sheet: system fonts, zebra tables, figures in a grid of as many columns as
    /// fit (three on a wide screen, one on a phone), each scaled to its column.
    static let styleSheet = """
    :root { color-scheme: light; }
    body { margin: 0; background: #f6f6f4; color: #1d1d1f;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
    main { max-width: 1480px; margin: 0 auto; padding: 24px 28px 48px; background: #ffffff; min-height: 100vh;
      box-sizing: border-box; }
    h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; overflow-wrap: anywhere; }
    .subtitle { color: #555; margin: 0 0 1.2em; }
    h2 { font-size: 1.25em; margin: 1.8em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
    p { margin: 0.6em 0; max-width: 80ch; overflow-wrap: anywhere; }
    .table { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.93em; font-variant-numeric: tabular-nums; }
    th, td { padding: 4px 12px; border-bottom: 1px solid #e2e2e2; text-align: left; }
    th { border-bottom: 2px solid #999; font-weight: 600; }
    tbody tr:nth-child(even) { background: #f7f7f7; }
    .num { text-align: right; }
    pre { background: #f4f4f4; padding: 10px 12px; font-size: 0.88em; white-space: pre-wrap; overflow-wrap: anywhere;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 440px), 1fr)); gap: 16px 20px; }
    figure { margin: 0.8em 0; min-width: 0; }
    figure svg { width: 100%; height: auto; display: block; border: 1px solid #e6e6e6; box-sizing: border-box; }
    figcaption { color: #555; font-size: 0.9em; margin-top: 4px; }
    @media (max-width: 600px) { main { padding: 16px 12px 32px; } th, td { padding: 4px 8px; } }
    """

    /// The whole page as one HTML5 document. Consecutive figures share a grid, side by side when
    /// they fit.
    public func html() -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Markup.escape(title))</title>
        <style>
        \(Self.styleSheet)
        </style>
        </head>
        <body>
        <main>
        <h1>\(Markup.escape(title))</h1>

        """
        if let subtitle { page += "<p class=\"subtitle\">\(Markup.escape(subtitle))</p>\n" }
        for section in sections {
            page += "<section>\n<h2>\(Markup.escape(section.heading))</h2>\n"
            var index = 0
            while index < section.blocks.count {
                switch section.blocks[index] {
                case .paragraph(let text):
                    page += "<p>\(Markup.escape(text))</p>\n"
                case .table(let table):
                    page += "<div class=\"table\">" + table.html() + "</div>\n"
                case .preformatted(let text):
                    page += "<pre>\(Markup.escape(text))</pre>\n"
                case .figure:
                    page += "<div class=\"figures\">\n"
                    while index < section.blocks.count, case .figure(let figure) = section.blocks[index] {
                        page += "<figure>\n\(figure.svg)\n"
                        if !figure.caption.isEmpty { page += "<figcaption>\(Markup.escape(figure.caption))</figcaption>\n" }
                        page += "</figure>\n"
                        index += 1
                    }
                    page += "</div>\n"
                    continue
                }
                index += 1
            }
            page += "</section>\n"
        }
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// Writes the page to `directory/index.html`, creating the directory (and its parents) if
    /// needed, and returns the file's URL. Throws `ReportError.cannotWrite` when it cannot.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("index.html")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: file.path, reason: error.localizedDescription)
        }
        do {
            try AtomicFile.write(Array(html().utf8), to: file)
        } catch {
            throw ReportError.cannotWrite(path: file.path, reason: error.description)
        }
        return file
    }
}
