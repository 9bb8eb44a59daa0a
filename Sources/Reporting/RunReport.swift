import Charts
import RunRecords
import WalkForward
import Foundation
import Mustache
import Storage

/// One run's report files, rendered in memory.
struct RunReport {
    let data: ReportData
    let templates: Templates
    let version: String

    /// The summary to commit next to a study: `report.md` and the charts it shows (no page, no
    /// per-window chart, no CSV), the same bytes every time the same study runs.
    func summaryFiles() throws(ReportError) -> [(String, String)] {
        let heatmap = HeatmapChoice(data)
        let markdown = try templates.template(Templates.runMarkdown)
            .render(RunReportContext.make(data, version: version, heatmap: heatmap, summary: true))
        return [("report.md", markdown)] + ReportCharts(data: data, heatmap: heatmap).all(perWindow: false)
    }

    /// File name → content, for the run's folder.
    func files() throws(ReportError) -> [(String, String)] {
        let heatmap = HeatmapChoice(data)
        let charts = ReportCharts(data: data, heatmap: heatmap)
        let markdown = try templates.template(Templates.runMarkdown)
            .render(RunReportContext.make(data, version: version, heatmap: heatmap))
        let svgs = charts.all()
        var body = Self.collapsingOverfittingTable(HTMLTables.labelled(Markdown.html(from: markdown)), windows: data.completedWindows.count)
        body = MonthlyTable(data.monthlyReturns.filter { $0.series == .stitched }.map(\.monthly)).replacingMarkdownTable(in: body)
        if data.portfolio != nil {
            body = HTMLTables.compacting(tableWith: "<th align=\"right\">share of P/L</th>", in: body)
            body = Self.foldingSymbolCharts(body, charts: ReportCharts.symbolCharts(PortfolioFigures(data)))
        }
        body = Self.inline(svgs, in: body)
        let finished = data.windows.filter { $0.record.status.isFinished }.count
        var page: [String: Any] = [
            "id": String(data.run.id), "name": data.run.name, "status": data.run.status.rawValue,
            "verdict_class": Self.verdictClass(data.run.verdict), "version": version, "body": body,
            "is_active": data.run.status == .pending || data.run.status == .running,
            "finished_windows": String(finished), "total_windows": String(data.run.totalWindows),
            "progress": Formatting.fixed(data.run.totalWindows > 0 ? Double(finished) / Double(data.run.totalWindows) * 100 : 0, 0),
            "windows": data.windows.map { window -> [String: String] in
                ["number": String(window.record.windowIndex + 1), "status": window.record.status.rawValue,
                 "status_class": window.record.status.rawValue.lowercased()]
            },
        ]
        if let batch = data.batch {
            page["batch_link"] = ReportGenerator.batchFolder(batch.record) + "/index.html"
            page["batch_reference"] = batch.record.reference
            page["batch_cell"] = String(batch.cell.cellIndex + 1)
        }
        var files = [("report.md", markdown), ("index.html", CheckMarks.inHTML(try templates.template(Templates.runHTML).render(page)))]
        files += svgs
        files.append(("windows.csv", ReportCSV.windows(data)))
        files.append(("trades.csv", ReportCSV.trades(data)))
        return files
    }

    /// The per-window overfitting table folded into a `<details>` the reader opens: fourteen
    /// figures a window, which on a phone are a card of fourteen rows each (nine windows made
    /// the page 16,000 px long) and which the pooled figures above sum up.
    static func collapsingOverfittingTable(_ html: String, windows: Int) -> String {
        guard let header = html.range(of: "<th align=\"right\">E[max Sharpe]</th>"),
              let start = html[..<header.lowerBound].range(of: "<table", options: .backwards),
              let end = html[header.upperBound...].range(of: "</table>") else { return html }
        return folding(html, start.lowerBound..<end.upperBound, className: "per-window",
                       summary: "Per-window overfitting statistics (\(windows) window\(windows == 1 ? "" : "s"))")
    }

    /// How many symbols' trade charts a portfolio's page shows open; the rest are folded.
    static let openSymbolCharts = 4

    /// A portfolio's trade charts past the first ``openSymbolCharts`` folded into a
    /// `<details>` naming their symbols: with 25 symbols the page would otherwise be 25 charts
    /// long before its windows. Works on cmark's `<p><img src="…">` paragraphs, before ``inline(_:in:fitting:)``.
    static func foldingSymbolCharts(_ html: String, charts: [(symbol: String, file: String)]) -> String {
        guard charts.count > openSymbolCharts, let last = charts.last,
              let start = html.range(of: "<p><img src=\"" + charts[openSymbolCharts].file + "\""),
              let lastStart = html[start.lowerBound...].range(of: "<p><img src=\"" + last.file + "\""),
              let end = html[lastStart.upperBound...].range(of: "</p>") else { return html }
        let folded = charts.dropFirst(openSymbolCharts)
        return folding(html, start.lowerBound..<end.upperBound, className: "more-charts",
                       summary: "The trades of \(folded.count) more symbols: " + XMLEscaping.escape(folded.map(\.symbol).joined(separator: ", ")))
    }

    /// `html` with `range` inside `<details class="className">` under `<summary>` (HTML, escaped by the caller).
    static func folding(_ html: String, _ range: Range<String.Index>, className: String, summary: String) -> String {
        String(html[..<range.lowerBound]) + "<details class=\"\(className)\">\n<summary>" + summary + "</summary>\n" + html[range]
            + "\n</details>" + html[range.upperBound...]
    }

    /// `robust`, `marginal`, `not-robust` or `none`, for CSS.
    static func verdictClass(_ verdict: Verdict?) -> String {
        verdict.map { $0.rawValue.lowercased().replacingOccurrences(of: " ", with: "-") } ?? "none"
    }

    /// Replaces each paragraph cmark made of `![alt](name)` with the chart `name` inline, so
    /// its `<title>` tooltips work in the page (they do not through `<img>`); an image with no
    /// chart of its name stays as it is. One pass over the HTML, before any chart is in it.
    /// Charts named in `fitting` (heatmaps drawn narrow enough) get `class="chart fit"`: on a
    /// phone they shrink to the screen instead of scrolling sideways.
    static func inline(_ charts: [(String, String)], in html: String, fitting: Set<String> = []) -> String {
        let svgs = Dictionary(charts, uniquingKeysWith: { first, _ in first })
        let bytes = Array(html.utf8)
        let opening = Array("<p><img src=\"".utf8), closing = Array("</p>".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + charts.reduce(0) { $0 + $1.1.utf8.count + 32 })
        var position = 0
        while let start = ByteSearch.first(opening, in: bytes, from: position),
              let quote = bytes[(start + opening.count)...].firstIndex(of: UInt8(ascii: "\"")),
              let end = ByteSearch.first(closing, in: bytes, from: quote) {
            let name = String(decoding: bytes[(start + opening.count)..<quote], as: UTF8.self)
            output += bytes[position..<start]
            if let svg = svgs[name] {
                output += Array((fitting.contains(name) ? "<figure class=\"chart fit\">\n" : "<figure class=\"chart\">\n").utf8)
                    + Array(svg.utf8) + Array("</figure>".utf8)
            } else {
                output += bytes[start..<(end + closing.count)]
            }
            position = end + closing.count
        }
        output += bytes[position...]
        return String(decoding: output, as: UTF8.self)
    }
}

/// Finding bytes in bytes, without the generic searchers of the standard library (which
/// instantiate type metadata per comparison and made a report take seconds).
enum ByteSearch {
    /// The index where `needle` first starts in `haystack` at or after `from`.
    static func first(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let head = needle.first, needle.count <= haystack.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == head {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}
