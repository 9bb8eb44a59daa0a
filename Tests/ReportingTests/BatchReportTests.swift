import Foundation
import GRDB
@testable import Reporting
import RunRecords
import Storage
import StudyFile
import StudyRunner
import TestSupport
import Testing

/// A batch's page and Markdown summary: the cell table, the overlaid equity, the walk-forward
/// matrix heatmaps, escaping and determinism (issue 16).
@Suite struct BatchReportTests {
    static let matrix = """
        name: "WF <script>alert(1)</script> | matrix"
        matrix:
          training_window_days: [60, 90]
          testing_window_days: [20, 30]
        symbols: [BTCUSDT]
        timeframe: 1h
        start_date: 2023-01-01
        end_date: 2023-08-01
        parameter_ranges:
          rsi_period: [7, 14]
          rsi_oversold: [25, 30]
        min_trades: 1
        position_size: 1000
        overfitting: {cscv_blocks: 8, monte_carlo_paths: 200}
        data: {source: synthetic, seed: 4}
        """

    /// Runs `text` as a batch into a new database; returns it and the site folder's report files.
    static func render(_ text: String) async throws -> (database: WFODatabase, files: [String: String], site: String) {
        let folder = try CommandRunner.temporaryFolder()
        let database = try WFODatabase(path: folder.appendingPathComponent("wfo.sqlite").path)
        guard case let .matrix(matrix) = try StudyParser.parseDocument(text, path: "/fixture/matrix.yaml") else {
            throw StudyError([])
        }
        let runner = StudyRunner(database: database, jobs: 2, version: "test")
        let batch = try runner.createBatch(try await StudyRunner.prepare(matrix, cache: nil))
        _ = try await runner.executeBatch(id: batch.id)
        try ReportFixture.pinTimes(database)
        try await DatabaseQueue(path: database.path).write { db in try db.execute(sql: "UPDATE batch SET created_at = 1700000000000") }
        let site = folder.appendingPathComponent("site").path
        let generator = ReportGenerator(database: database, outputFolder: site, version: "test")
        let batchFolder = try generator.renderBatch(id: batch.id)
        try generator.renderIndex()
        var files: [String: String] = [:]
        for (name, data) in try ReportFixture.files(in: batchFolder) { files[name] = String(decoding: data, as: UTF8.self) }
        return (database, files, site)
    }

    @Test func aWalkForwardMatrixPageHasTheHeatmapsTheCellTableAndTheRobustFraction() async throws {
        let (database, files, site) = try await Self.render(Self.matrix)
        #expect(Set(files.keys) == ["index.html", "report.md", "equity.svg", "wfe-matrix.svg", "oos-matrix.svg", "cells.csv"])
        let runs = try database.runs()
        let robust = runs.filter { $0.verdict == .robust }.count
        let markdown = try #require(files["report.md"])
        #expect(markdown.contains("**Robust cells: \(robust) of 4 (\(robust * 25) %).**"))
        #expect(markdown.contains("## Walk-forward matrix"))
        #expect(markdown.contains("| cell | training_window_days | testing_window_days | status | verdict | checks |"))
        // The Markdown renders through cmark-gfm to a table of one row per cell.
        let html = Markdown.html(from: markdown)
        #expect(html.components(separatedBy: "<tr>").count - 1 == 5)
        #expect(html.contains("<td>COMPLETED</td>"))
        // Heatmaps: 2 training rows × 3 testing columns of cells, the ROBUST ones outlined.
        for chart in ["wfe-matrix.svg", "oos-matrix.svg"] {
            let svg = try #require(files[chart])
            #expect(svg.components(separatedBy: "class=\"cell\"").count - 1 == 4, "\(chart)")
            #expect(svg.components(separatedBy: "class=\"mark\"").count - 1 == robust, "\(chart)")
            #expect(svg.contains("<title>testing_window_days=30, training_window_days=90"), "\(chart)")
        }
        let wfeMissing = runs.filter { $0.walkForwardEfficiency == nil }.count
        #expect(try #require(files["wfe-matrix.svg"]).components(separatedBy: ": n/a (in-sample not profitable").count - 1 == wfeMissing)
        // Every user-supplied string is escaped: the name in HTML, Markdown and SVG.
        let page = try #require(files["index.html"])
        #expect(!page.contains("<script>alert(1)"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(markdown.contains("# WF \\<script>alert(1)\\</script> \\| matrix"))
        #expect(!(files["equity.svg"] ?? "").contains("<script>"))
        // Each cell links to its run's page; the page's script only sorts and polls.
        for run in runs { #expect(page.contains("href=\"../../\(ReportGenerator.runFolder(run))/index.html\"")) }
        #expect(page.contains("<script src=\"../../assets/sort.js\"></script>"))
        #expect(page.contains("wfoSortable(document.querySelector('main.batch table'))"))
        let csv = try #require(files["cells.csv"]).split(separator: "\n")
        #expect(csv.first == "cell,training_window_days,testing_window_days,run,status,verdict,stitched_return,walk_forward_efficiency,avg_out_of_sample_roi,avg_in_sample_roi,consistency_score,profitable_windows_pct,pbo,median_dsr,stitched_sharpe,stitched_max_drawdown")
        #expect(csv.count == 5 && csv[4].hasPrefix("4,90,30,4,COMPLETED,"))
        // The index lists the batch; rendering again gives the same bytes.
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(index.contains("<td data-label=\"batch\">b1</td>"))
        let again = try ReportGenerator(database: database, outputFolder: site, version: "test").renderBatch(id: 1)
        for (name, data) in try ReportFixture.files(in: again) { #expect(String(decoding: data, as: UTF8.self) == files[name], "\(name)") }
    }

    @Test func aMatrixOfOtherAxesHasNoWalkForwardMatrix() async throws {
        let text = Self.matrix.replacingOccurrences(of: "  training_window_days: [60, 90]\n  testing_window_days: [20, 30]",
                                                    with: "  timeframe: [1h, 4h]")
            .replacingOccurrences(of: "timeframe: 1h\n", with: "training_window_days: 60\ntesting_window_days: 30\nstep_days: 30\n")
        let (_, files, _) = try await Self.render(text)
        #expect(Set(files.keys) == ["index.html", "report.md", "equity.svg", "cells.csv"])
        #expect(files["report.md"]?.contains("Walk-forward matrix") == false)
        let equity = try #require(files["equity.svg"])
        #expect(equity.contains("1: 1h") && equity.contains("2: 4h"))
    }
}
