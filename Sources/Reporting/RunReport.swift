import WalkForward
import Foundation
import Mustache
import Storage

/// One run's report files, rendered in memory.
struct RunReport {
    let data: ReportData
    let templates: Templates
    let version: String

    /// File name → content, for the run's folder.
    func files() throws(ReportError) -> [(String, String)] {
        let heatmap = HeatmapChoice(data)
        let charts = ReportCharts(data: data, heatmap: heatmap)
        let markdown = try templates.template(Templates.runMarkdown)
            .render(RunReportContext.make(data, version: version, heatmap: heatmap))
        let svgs = charts.all()
        var body = Markdown.html(from: markdown)
        for (name, svg) in svgs { body = Self.inline(svg, named: name, in: body) }
        let finished = data.windows.filter { $0.record.status.isFinished }.count
        var page: [String: Any] = [
            "id": String(data.run.id ?? 0), "name": data.run.name, "status": data.run.status.rawValue,
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
        var files = [("report.md", markdown), ("index.html", try templates.template(Templates.runHTML).render(page))]
        files += svgs
        files.append(("windows.csv", ReportCSV.windows(data)))
        files.append(("trades.csv", ReportCSV.trades(data)))
        return files
    }

    /// `robust`, `marginal`, `not-robust` or `none`, for CSS.
    static func verdictClass(_ verdict: Verdict?) -> String {
        verdict.map { $0.rawValue.lowercased().replacingOccurrences(of: " ", with: "-") } ?? "none"
    }

    /// Replaces the paragraph cmark made of `![alt](name)` with the chart inline, so its
    /// `<title>` tooltips work in the page (they do not through `<img>`).
    static func inline(_ svg: String, named name: String, in html: String) -> String {
        let bytes = html.utf8
        guard let start = bytes.firstRange(of: "<p><img src=\"\(name)\"".utf8),
              let end = bytes[start.upperBound...].firstRange(of: "</p>".utf8) else {
            return html
        }
        return String(html[..<start.lowerBound]) + "<figure class=\"chart\">\n" + svg + "</figure>"
            + String(html[end.upperBound...])
    }
}
