import Charts
import Foundation
import GRDB
@testable import Reporting
import RunRecords
import Storage
import StudyFile
import StudyRunner
import TestSupport
import Testing

/// Issue 32: the details of the reports a reader trusts — each test renders the real files and
/// reads them (no snapshot regenerated to pass).
@Suite(.serialized) struct ReportDetailsTests {
    /// Two cells that differ in symbol and timeframe, the first being BTCUSDT 1h.
    static let matrix = """
        name: Universe — RSI on two markets
        matrix:
          symbols: [[BTCUSDT], [ETHUSDT]]
          timeframe: [1h, 4h]
        start_date: 2023-01-01
        end_date: 2023-07-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14]
          rsi_oversold: [25, 30]
        min_trades: 1
        position_size: 1000
        data: {source: synthetic, seed: 4}
        """

    /// The plain study of the matrix's first cell (BTCUSDT 1h), as run 5 after the batch's four.
    static let firstCellAlone = matrix
        .replacingOccurrences(of: "matrix:\n  symbols: [[BTCUSDT], [ETHUSDT]]\n  timeframe: [1h, 4h]\n", with: "symbols: [BTCUSDT]\ntimeframe: 1h\n")

    static func batchAndPlainRun() async throws -> (WFODatabase, [String: String], String) {
        let (database, files, site) = try await BatchReportTests.render(matrix)
        _ = try StudyRunner(database: database, jobs: 2, version: "test")
            .run(try StudyRunner.check(try StudyParser.parse(firstCellAlone, path: "/fixture/alone.yaml")))
        return (database, files, site)
    }

    // 1. Compare lists what differs in the studies the runs ran, a matrix cell's included.
    @Test func comparedCellsDifferInTheirAxesAndACellEqualsThePlainStudyOfIt() async throws {
        let (database, _, _) = try await Self.batchAndPlainRun()
        let cells = try ComparisonReport(data: ComparisonData(database: database, runIDs: [1, 2, 3, 4]), templates: .embedded, version: "t")
        let cellKeys = cells.settingsDifferences().map(\.0)
        #expect(cellKeys == ["symbols", "timeframe"], "\(cellKeys)")
        let markdown = try #require(try cells.files().first { $0.0 == "report.md" }?.1)
        #expect(!markdown.contains("The studies' settings are the same"))
        #expect(!markdown.contains("matrix."), "no row of the matrix's own keys")
        // Run 1 (cell 1: BTCUSDT 1h) against the same study written out: only the name differs.
        let alone = try ComparisonReport(data: ComparisonData(database: database, runIDs: [1, 5]), templates: .embedded, version: "t")
        #expect(alone.settingsDifferences().map(\.0) == [], "\(alone.settingsDifferences())")
        #expect(StudySettings.flattened(Self.matrix, cell: 9) == nil, "no cell 10 in a matrix of 4")
    }

    // 2. A committed summary has no empty link.
    @Test func summariesHaveNoEmptyLinks() async throws {
        let (database, _, _) = try await Self.batchAndPlainRun()
        let folder = try CommandRunner.temporaryFolder().path
        let generator = ReportGenerator(database: database, outputFolder: folder + "/site", version: "test")
        // A window of run 5 failed, so the window table has a row without a chart.
        let window = try #require(try database.windows(runID: 5).first)
        try database.saveFailed(windowID: window.id, message: "a hole")
        for (written, name) in [(try generator.writeSummary(ofRun: 5, into: folder + "/run"), "run"),
                                (try generator.writeSummary(ofBatch: 1, into: folder + "/batch"), "batch")] {
            #expect(written.contains("report.md"))
            let markdown = try String(contentsOfFile: folder + "/\(name)/report.md", encoding: .utf8)
            #expect(!markdown.contains("]()"), "\(name): \(markdown)")
        }
        let runPage = try String(contentsOfFile: try generator.renderRun(id: 5) + "/index.html", encoding: .utf8)
        #expect(!runPage.contains("href=\"\""))
    }

    // 3. Every mark of the batch's checks column says which check it is; the legend names them all.
    @Test func eachBatchCheckMarkIsLabelledAndTheLegendNamesEveryCheck() async throws {
        let (database, files, _) = try await BatchReportTests.render(Self.matrix + "\nrobustness: {max_spa_pvalue: 0.5}")
        let html = try #require(files["index.html"])
        let run = try database.run(id: 1)
        let checks = (run.robustnessNotes ?? "").split(separator: "\n").filter { CheckMarks.mark(of: $0) != nil }
        #expect(checks.count == 8, "the five checks, PBO, DSR and SPA: \(checks)")
        let cell = try #require(html.components(separatedBy: "<td data-label=\"checks\">").dropFirst().first?.components(separatedBy: "</td>").first)
        #expect(cell.components(separatedBy: "class=\"mark ").count - 1 == 8, "\(cell)")
        for name in ["Average out-of-sample ROI", "Performance degradation", "Consistency score", "Profitable windows",
                     "Average in-sample ROI", "Probability of backtest overfitting", "Median deflated Sharpe ratio", "SPA p-value"] {
            #expect(cell.contains("title=\"\(name) "), "a mark titled \(name)")
        }
        #expect(cell.contains("(must be &lt;= "), "the titles are escaped")
        let markdown = try #require(files["report.md"])
        #expect(markdown.contains("then PBO, DSR and the SPA p-value when on"))
        // 7. The verdict column is coloured as the index's is.
        #expect(html.contains("<td data-label=\"verdict\" class=\"verdict verdict-\(RunReport.verdictClass(run.verdict))\">"))
    }

    // 7. The index writes one date format; a walk-forward matrix's heatmaps fit a phone; tables sort there.
    @Test func theIndexHasOneDateFormatAndPhonesCanSortAndSeeTheWholeMatrix() async throws {
        let (_, files, site) = try await BatchReportTests.render(BatchReportTests.matrix)
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        let created = index.components(separatedBy: "<td data-label=\"created (UTC)\"").dropFirst().map { cell in
            String(cell.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        #expect(created.count == 5, "the batch and its four runs: \(created)")
        #expect(created.allSatisfy { $0.range(of: #"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"#, options: .regularExpression) != nil }, "\(created)")
        let page = try #require(files["index.html"])
        #expect(page.contains("<figure class=\"chart fit\">"), "the heatmaps fit a phone")
        let sorting = try #require(Templates.embedded.texts["assets/sort.js"])
        #expect(sorting.contains("sort-picker") && sorting.contains("Sort by "))
        let css = try #require(Templates.embedded.texts["assets/style.css"])
        let phone = try #require(css.components(separatedBy: "@media (max-width: 640px)").dropFirst().first?.components(separatedBy: "@media print").first)
        #expect(phone.contains("label.sort-picker { display: block") && phone.contains("figure.chart.fit svg { min-width: 0; }"))
    }

    // 4. A strategy that risks little gets its own scale above the comparison with buy-and-hold.
    @Test(arguments: [(10, true), (1_000, true), (5_000, false)])
    func aSmallStrategysEquityHasItsOwnPanel(positionSize: Int, ownPanel: Bool) throws {
        let study = ReportFixture.study.replacingOccurrences(of: "position_size: 1000", with: "position_size: \(positionSize)")
        let database = try ReportFixture.database(study: study)
        let data = try ReportData(database: database, runID: 1)
        let svg = ReportCharts(data: data, heatmap: HeatmapChoice(data)).equity()
        #expect(svg.contains("Stitched out-of-sample equity on its own scale") == ownPanel)
        #expect(svg.contains("Stitched out-of-sample equity vs buy-and-hold"))
        if ownPanel {
            #expect(svg.components(separatedBy: "<svg").count - 1 == 3, "one document, two panels")
            #expect(svg.components(separatedBy: "class=\"band\"").count - 1 >= 2 || !svg.contains("Monte Carlo"),
                    "the Monte Carlo band is drawn on the strategy's own scale too")
        }
    }

    // 5. Twelve overlaid cells are twelve different lines.
    @Test func overlaidLinesDifferInColourOrStroke() throws {
        let pairs = (0..<28).map { Palette.distinctLine($0) }
        #expect(Set(pairs.map { "\($0.color) \($0.stroke)" }).count == 28)
        let series = (0..<12).map { TimeSeries(name: "cell \($0 + 1)", times: [0, 86_400_000], values: [0, Double($0)], distinctAt: $0) }
        let svg = TimeSeriesChart(title: "t", yAxisTitle: "y", valueFormat: .percent, series: series).svg()
        let paths = svg.components(separatedBy: "<path class=\"series\"").dropFirst().map { path in
            let stroke = path.components(separatedBy: "stroke=\"").dropFirst().first?.prefix(7) ?? ""
            let dash = path.components(separatedBy: "stroke-dasharray=\"").dropFirst().first?.components(separatedBy: "\"").first ?? "solid"
            return "\(stroke) \(dash)"
        }
        #expect(paths.count == 12)
        #expect(Set(paths).count == 12, "\(paths)")
        // 7. The reference line's label is drawn over the lines, on a halo, not under them.
        let withReference = TimeSeriesChart(title: "t", yAxisTitle: "y", valueFormat: .percent, series: series,
                                            referenceLine: ReferenceLine(value: 0, label: "break-even")).svg()
        let label = try #require(withReference.range(of: "<text class=\"reference-label\""))
        let lastLine = try #require(withReference.range(of: "<path class=\"series\"", options: .backwards))
        #expect(lastLine.lowerBound < label.lowerBound, "the label after every line")
        #expect(withReference[label.lowerBound...].prefix(300).contains("paint-order=\"stroke\""))
    }

    // 6. Names are cut at words (no number halved), and compare legends name what differs.
    @Test func runFoldersKeepWholeNumbersAndCompareLegendsNameTheDifferences() async throws {
        let name = "Walk-forward matrix — RSI [training_window_days=120, testing_window_days=30]"
        let slug = Formatting.slug(name)
        #expect(slug.count <= Formatting.slugLength)
        #expect(slug == "walk-forward-matrix-rsi-training-window-days-120-testing", "\(slug)")
        #expect(Formatting.slug(String(repeating: "x", count: 80)).count == 60, "one long word is cut: nothing else names it")
        #expect(Formatting.slug("—") == "run")
        let (database, _, _) = try await Self.batchAndPlainRun()
        let svg = try ComparisonReport(data: ComparisonData(database: database, runIDs: [1, 4]), templates: .embedded, version: "t").equity()
        #expect(svg.contains("run 1: symbols [BTCUSDT] · timeframe 1h"), "\(svg.prefix(3000))")
        #expect(svg.contains("run 4: symbols [ETHUSDT] · timeframe 4h"), "\(svg.prefix(3000))")
    }

    // 9. Pages show marks every font has; Markdown keeps GitHub's emoji.
    @Test func pagesDrawCheckMarksEveryFontHas() throws {
        let database = try ReportFixture.database()
        let folder = try CommandRunner.temporaryFolder().path
        let page = try String(contentsOfFile: try ReportGenerator(database: database, outputFolder: folder, version: "t").renderRun(id: 1)
                              + "/index.html", encoding: .utf8)
        for emoji in ["✅", "❌", "⚠", "➖"] { #expect(!page.contains(emoji), "no \(emoji) in the page") }
        #expect(page.contains("class=\"mark "))
        #expect(page.contains("## Verdict") == false && page.contains("Verdict: <span class=\"mark "), "the headline's mark is a badge")
        let markdown = try String(contentsOfFile: folder + "/runs/1-snapshot-study/report.md", encoding: .utf8)
        #expect(markdown.contains("## Verdict: ✅") || markdown.contains("## Verdict: ⚠️") || markdown.contains("## Verdict: ❌"))
        let css = try #require(Templates.embedded.texts["assets/style.css"])
        #expect(css.contains(".mark.pass") && css.contains(".mark.fail") && css.contains(".mark.warn"))
    }
}

extension ReportDetailsTests {
    // 7. The per-window overfitting table is folded away on the page (the run page was 16,000 px on a phone).
    @Test func thePerWindowOverfittingTableIsFoldedOnThePage() throws {
        let database = try ReportFixture.database()
        let folder = try CommandRunner.temporaryFolder().path
        let page = try String(contentsOfFile: try ReportGenerator(database: database, outputFolder: folder, version: "t").renderRun(id: 1)
                              + "/index.html", encoding: .utf8)
        let folded = try #require(page.components(separatedBy: "<details class=\"per-window\">").dropFirst().first?
            .components(separatedBy: "</details>").first)
        #expect(folded.contains("<summary>Per-window overfitting statistics (4 windows)</summary>"), "\(folded.prefix(2000))")
        #expect(folded.contains("E[max Sharpe]") && folded.contains("</table>"))
        #expect(page.components(separatedBy: "E[max Sharpe]</th>").count == 2, "the table once, inside the fold")
    }
}

extension ReportDetailsTests {
    /// The badges go into text only: an emoji in user text that lands in an attribute (a
    /// description table's header becomes `data-label`) or in `<title>` stays as it is.
    @Test func badgesNeverLandInsideATagOrTheTitle() {
        let html = #"<title>Run ✅ one</title><td data-label="✅ ok">✅ 2 %</td><script>var x = "❌";</script><p>❌ done</p>"#
        let page = CheckMarks.inHTML(html)
        #expect(page.hasPrefix("<title>Run ✅ one</title><td data-label=\"✅ ok\"><span class=\"mark pass\""), "\(page)")
        #expect(page.contains(#"<script>var x = "❌";</script><p><span class="mark fail""#), "\(page)")
        #expect(!page.contains("<p>❌"))
    }
}
