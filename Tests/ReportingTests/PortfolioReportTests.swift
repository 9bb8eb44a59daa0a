import Foundation
import GRDB
import MarketData
@testable import Reporting
import RunRecords
import Storage
import TestSupport
import Testing

/// The portfolio parts of a run's report, read back from the files written for the synthetic
/// rotation example (8 symbols, 8 windows) and checked against its `trades.csv` and the
/// database — each figure recomputed here another way, no snapshot regenerated to pass.
@Suite(.serialized) struct PortfolioReportTests {
    static let study = (try? String(contentsOf: SharedData.projectRoot.appendingPathComponent("examples/portfolio-rotation-synthetic.yaml"),
                                    encoding: .utf8)) ?? ""
    static let symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "AVAXUSDT"]
    static let day: Int64 = 86_400_000

    /// One out-of-sample row of `trades.csv`.
    struct Row {
        var window: Int
        var symbol: String
        var entry: Int64
        var exit: Int64
        var profitLoss: Double
        var reason: String
    }

    /// A run of the example, rendered: its folder and its out-of-sample trades as `trades.csv` has them.
    static func rendered(study: String = PortfolioReportTests.study, edit: ((Database) throws -> Void)? = nil) throws
        -> (database: WFODatabase, folder: String, rows: [Row]) {
        let database = try ReportFixture.database(study: study, path: "/fixture/portfolio.yaml")
        if let edit { try DatabaseQueue(path: database.path).write(edit) }
        let site = try CommandRunner.temporaryFolder().path
        let folder = try ReportGenerator(database: database, outputFolder: site, version: "test").renderRun(id: 1)
        let csv = try String(contentsOfFile: folder + "/trades.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "trades.csv has no \(name)") }
        let (window, sample, symbol, reason) = (try column("window"), try column("sample"), try column("symbol"), try column("exit_reason"))
        let (entry, exit, profit) = (try column("entry_time"), try column("exit_time"), try column("profit_loss"))
        let rows = try lines.dropFirst().filter { $0[sample] == "out_of_sample" }.map { row in
            Row(window: try #require(Int(row[window])), symbol: row[symbol], entry: try #require(UTCTime.parse(row[entry])),
                exit: try #require(UTCTime.parse(row[exit])), profitLoss: try #require(Double(row[profit])), reason: row[reason])
        }
        return (database, folder, rows)
    }

    static func read(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
    }

    /// The rows of the Markdown table whose header line starts with `header`, split into cells.
    static func table(startingWith header: String, in markdown: String) throws -> [[String]] {
        let lines = markdown.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(header) }, "no table \(header)")
        return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ").map { $0.replacingOccurrences(of: "**", with: "") }
        }
    }

    static func number(_ cell: String) -> Double? {
        Double(cell.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " %", with: ""))
    }

    /// How long a trade of the example held its symbol: it enters at an open and exits at an
    /// open (rotation) or at the window's last close (end: a day after its candle's time).
    static func heldTime(_ row: Row) -> Int64 { row.exit - row.entry + (row.reason == "end" ? day : 0) }

    @Test func theContributionTableAddsUpToTheTradesTable() throws {
        let (_, folder, rows) = try Self.rendered()
        let markdown = try Self.read(folder, "report.md")
        let table = try Self.table(startingWith: "| symbol | P/L | share of P/L |", in: markdown)
        let (symbolRows, total) = (table.dropLast(), try #require(table.last))
        let traded = Set(rows.map(\.symbol))
        #expect(symbolRows.map { $0[0] }.sorted() == traded.sorted(), "a row per symbol that traded")
        let totalProfitLoss = rows.reduce(0) { $0 + $1.profitLoss }
        let windows = try Self.read(folder, "windows.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let span = try windows.reduce(Int64(0)) { $0 + (try #require(UTCTime.parse($1[5]))) - (try #require(UTCTime.parse($1[4]))) }
        #expect(rows.allSatisfy { ["rotation", "end"].contains($0.reason) }, "the example's exits, which heldTime reads")
        for row in symbolRows {
            let trades = rows.filter { $0.symbol == row[0] }
            let profitLoss = trades.reduce(0) { $0 + $1.profitLoss }
            #expect(abs(try #require(Self.number(row[1])) - profitLoss) < 0.006, "\(row)")
            #expect(row[2] == Formatting.percent(profitLoss / abs(totalProfitLoss) * 100, decimals: 1), "\(row)")
            #expect(row[3] == String(trades.count), "trades of \(row[0]) in the trades table")
            #expect(row[4] == Formatting.percent(Double(trades.filter { $0.profitLoss > 0 }.count) / Double(trades.count) * 100, decimals: 1))
            #expect(row[5] == Formatting.percent(Double(trades.reduce(0) { $0 + Self.heldTime($1) }) / Double(span) * 100, decimals: 1), "\(row)")
        }
        // Sorted by P/L, and the shares add up to 100 % (each rounded to 0.1 %).
        let profits = try symbolRows.map { try #require(Self.number($0[1])) }
        #expect(profits == profits.sorted(by: >))
        let shares = try symbolRows.map { try #require(Self.number($0[2])) }
        let sharesTotal: Double = shares.reduce(0, +), rounding: Double = 0.05 * Double(shares.count)
        #expect(abs(sharesTotal - 100) <= rounding)
        #expect(total[0] == "all symbols" && total[2] == "100.0 %" && total[3] == String(rows.count))
        #expect(abs(try #require(Self.number(total[1])) - totalProfitLoss) < 0.006)
        // trades.csv names each trade's symbol and exit reason, the portfolio's own included.
        #expect(Set(rows.map(\.reason)).contains("rotation"))
        #expect(traded.isSubset(of: Self.symbols))
    }

    /// A symbol without candles in a window's testing period (listed later, or delisted) reads
    /// "not listed" there, not "held 0 %": the run stores prices only where it has candles.
    @Test func theHeatStripMarksASymbolNotListedInAWindow() throws {
        let (_, folder, _) = try Self.rendered { db in
            try db.execute(sql: "DELETE FROM price_column WHERE symbol = 'ETHUSDT' AND window_index = 1")
        }
        let svg = try Self.read(folder, ReportCharts.holdingsStripChart)
        let titles = svg.components(separatedBy: "<rect class=\"cell\"").dropFirst().compactMap { TradesOnPriceTests.titles(String($0)).first }
        let unlisted = titles.filter { $0.hasSuffix(": not listed (no candle in the testing period)") }
        #expect(unlisted.count == 1 && unlisted.first?.hasPrefix("ETHUSDT, window 2 (") == true, "\(unlisted)")
        #expect(titles.filter { $0.contains(": held ") }.count == titles.count - 1)
    }

    @Test func theHeatStripShadesTheShareOfEachWindowEachSymbolWasHeld() throws {
        let (database, folder, rows) = try Self.rendered()
        let svg = try Self.read(folder, ReportCharts.holdingsStripChart)
        let windows = try database.windows(runID: 1)
        let cells = svg.components(separatedBy: "<rect class=\"cell\"").dropFirst()
        #expect(cells.count == Self.symbols.count * windows.count)
        var rowTops: [String: Double] = [:]
        for cell in cells {
            let title = try #require(TradesOnPriceTests.titles(String(cell)).first)
            let symbol = try #require(Self.symbols.first { title.hasPrefix($0 + ", window ") }, "\(title)")
            let window = try #require(windows.first { title.hasPrefix(symbol + ", window \($0.windowIndex + 1) (") }, "\(title)")
            let trades = rows.filter { $0.symbol == symbol && $0.window == window.windowIndex + 1 }
            let held = trades.reduce(Int64(0)) { $0 + Self.heldTime($1) }
            let share = Formatting.percent(Double(held) / Double(window.testingEnd - window.testingStart) * 100, decimals: 1)
            let count = trades.count == 1 ? "1 trade" : "\(trades.count) trades"
            #expect(title.hasSuffix(": held \(share) of the testing period, \(count)"), "\(title)")
            let fill = try #require(cell.components(separatedBy: "fill=\"").dropFirst().first?.prefix(7))
            if trades.isEmpty { #expect(fill == "#f7fbff", "not held: the scale's white") }
            let y = cell.components(separatedBy: " y=\"").dropFirst().first?.prefix { $0 != "\"" }
            rowTops[symbol] = try #require(y.flatMap { Double($0) })
        }
        // The symbols run down the strip in the order they are listed.
        #expect(Self.symbols.map { rowTops[$0] ?? .nan } == Self.symbols.compactMap { rowTops[$0] }.sorted())
        #expect(svg.contains(">100 %</text>") && svg.contains(">0 %</text>"), "the legend's fixed ends")
        let markdown = try Self.read(folder, "report.md")
        #expect(markdown.contains("](\(ReportCharts.holdingsStripChart))"))
    }

    @Test func theHoldingsChartDrawsEveryStoredPointAndTheSummaryTotalsTheSkippedEntries() throws {
        let (database, folder, _) = try Self.rendered()
        let points = try database.holdingPoints(runID: 1)
        #expect(!points.isEmpty)
        let svg = try Self.read(folder, ReportCharts.holdingsChart)
        let titles = TradesOnPriceTests.titles(svg)
        #expect(titles.contains("Open positions at each out-of-sample close") && titles.contains("Cash, share of equity"))
        // Each line has a point per stored close: its path's moves and lines.
        for name in ["Open positions", "Cash / equity"] {
            let path = try #require(svg.components(separatedBy: "<path class=\"series\"").dropFirst().first { $0.contains("<title>\(name)</title>") })
            let d = try #require(path.components(separatedBy: " d=\"").dropFirst().first?.prefix { $0 != "\"" })
            #expect(d.filter { $0 == "M" || $0 == "L" }.count == points.count, "\(name)")
        }
        // max_positions is the searched top_n: each window's best is drawn beside the positions.
        #expect(titles.contains("Max positions (each window's best top_n)"))
        let page = try Self.read(folder, "index.html")
        #expect(page.contains("<title>Open positions and cash share over the stitched out-of-sample span</title>"), "inlined in the page")

        let windows = try database.windows(runID: 1)
        let skipped = windows.compactMap(\.oosSkippedEntries)
        #expect(skipped.count == windows.count)
        let markdown = try Self.read(folder, "report.md")
        let settings = try Self.table(startingWith: "| setting | as run |", in: markdown)
        let row = try #require(settings.first { $0[0] == "Skipped entries (out of sample)" })
        let perWindow = windows.filter { ($0.oosSkippedEntries ?? 0) > 0 }.map { "W\($0.windowIndex + 1) \($0.oosSkippedEntries ?? 0)" }
        #expect(skipped.reduce(0, +) > 0)
        #expect(row[1] == "\(skipped.reduce(0, +)): entries cash could not pay, skipped, not shrunk (by window: \(perWindow.joined(separator: ", ")))",
                "\(row)")
        #expect(settings.map { $0[0] } == ["Mode", "Max positions", "Rank by", "Filter", "Rebalance", "Sizing", "Max weight",
                                           "Skipped entries (out of sample)"])
        #expect(settings[1][1] == "top_n (searched: 3, 4)" && settings[2][1] == "roc(close, lookback)" && settings[4][1] == "weekly")
    }

    @Test func everySymbolThatTradedHasItsTradeChartAndThePageFoldsAllButTheFirstFew() throws {
        let (database, folder, rows) = try Self.rendered()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!files.contains("trades.svg"), "a portfolio draws every symbol, not the first")
        // The contribution table's order: P/L descending.
        let profitLoss = Dictionary(grouping: rows, by: \.symbol).mapValues { $0.reduce(0) { $0 + $1.profitLoss } }
        let traded = profitLoss.keys.sorted { profitLoss[$0]! > profitLoss[$1]! }
        let charts = traded.map { symbol in "trades-\(Self.symbols.firstIndex(of: symbol)! + 1)-\(symbol.lowercased()).svg" }
        #expect(Set(files.filter { $0.hasPrefix("trades-") }) == Set(charts))
        for (symbol, chart) in zip(traded, charts) {
            let titles = TradesOnPriceTests.titles(try Self.read(folder, chart))
            #expect(titles.first == "\(symbol) over the stitched out-of-sample span, with every trade")
            #expect(titles.filter { $0.contains(" entry ") }.count == rows.filter { $0.symbol == symbol }.count, "\(symbol)")
        }
        // The legend names the portfolio's exits.
        let first = try Self.read(folder, try #require(charts.first))
        #expect(first.contains(">exit: rotation</text>"))
        // The page shows the first charts and folds the others, naming them.
        let page = try Self.read(folder, "index.html")
        // The contribution table stays a table on a phone (a card per symbol would be 25 screens).
        #expect(page.contains("<table class=\"compact\">\n<thead>\n<tr>\n<th>symbol</th>"))
        let details = try #require(page.range(of: "<details class=\"more-charts\">"))
        for (index, symbol) in traded.enumerated() {
            let chart = try #require(page.range(of: "<title>\(symbol) over the stitched out-of-sample span"), "\(symbol) inlined")
            #expect((chart.lowerBound > details.lowerBound) == (index >= RunReport.openSymbolCharts), "\(symbol)")
        }
        #expect(page.contains("<summary>The trades of \(traded.count - RunReport.openSymbolCharts) more symbols: "
            + traded.dropFirst(RunReport.openSymbolCharts).joined(separator: ", ") + "</summary>"))
        // A window's chart has a panel per symbol that traded in it.
        for window in try database.windows(runID: 1) {
            let number = window.windowIndex + 1
            let panels = TradesOnPriceTests.titles(try Self.read(folder, "window-\(number).svg")).filter { $0.hasSuffix("out of sample, with its trades") }
            let expected = Self.symbols.filter { symbol in rows.contains { $0.symbol == symbol && $0.window == number } }
            #expect(panels == expected.map { "Window \(number): \($0) out of sample, with its trades" })
        }
    }

    @Test func aSummaryShowsEveryPortfolioChartItWrites() throws {
        let (database, _, _) = try Self.rendered()
        let folder = try CommandRunner.temporaryFolder().path
        let written = try ReportGenerator(database: database, outputFolder: folder, version: "test").writeSummary(ofRun: 1, into: folder)
        let html = Markdown.html(from: try Self.read(folder, "report.md"))
        let images = html.components(separatedBy: "<img src=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
        #expect(Set(images) == Set(written.filter { $0.hasSuffix(".svg") }))
        #expect(images.contains(ReportCharts.holdingsChart) && images.contains(ReportCharts.holdingsStripChart))
        #expect(!written.contains { $0.hasPrefix("window-") })
    }

    /// Symbols and rank_by are checked when a study is read, so a hostile one can only come from
    /// the database: it is escaped everywhere all the same.
    @Test func aHostileSymbolAndRankByAreEscapedEverywhere() throws {
        let hostile = "<script>alert(1)</script> | *x*"
        let (_, folder, _) = try Self.rendered { db in
            try db.execute(sql: "UPDATE run SET study_text = replace(study_text, '\"roc(close, lookback)\"', ?)", arguments: ["'\(hostile)'"])
            try db.execute(sql: "UPDATE run SET symbols = replace(symbols, 'ETHUSDT', ?)", arguments: [hostile])
            for table in ["trade", "price_column"] {
                try db.execute(sql: "UPDATE \(table) SET symbol = ? WHERE symbol = 'ETHUSDT'", arguments: [hostile])
            }
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".svg") || name.hasSuffix(".html") {
            let text = try Self.read(folder, name)
            #expect(!text.contains("<script>alert(1)"), "\(name) has the raw <script>")
        }
        let page = try Self.read(folder, "index.html")
        #expect(page.contains("<td data-label=\"as run\">&lt;script&gt;alert(1)&lt;/script&gt; | *x*</td>"), "rank_by, in its cell")
        #expect(page.contains("<td data-label=\"symbol\">&lt;script&gt;alert(1)&lt;/script&gt; | *x*</td>"), "the symbol, in its row")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).contains("trades-2-script-alert-1-script-x.svg"))
        // Every row of the contribution table keeps its six cells.
        let markdown = try Self.read(folder, "report.md")
        for row in try Self.table(startingWith: "| symbol | P/L |", in: markdown) { #expect(row.count == 6, "\(row)") }
        #expect(markdown.contains("| Rank by | \\<script>alert(1)\\</script> \\| \\*x\\* |"))
    }

    /// A run whose stored facts show a portfolio but whose stored study no longer reads says
    /// so, instead of leaving the portfolio out or guessing its settings.
    @Test func anUnreadableStudyStillGetsItsPortfolioSections() throws {
        let (_, folder, _) = try Self.rendered { db in try db.execute(sql: "UPDATE run SET study_text = 'name: [unclosed'") }
        let markdown = try Self.read(folder, "report.md")
        #expect(markdown.contains("| Settings | not readable from the study stored with the run |"))
        #expect(markdown.contains("### Contribution by symbol") && markdown.contains("](holdings.svg)"))
    }

    @Test func heldTimeIsCountedOnceAndOnlyInsideTheSpans() {
        #expect(PortfolioFigures.merged([5..<9, 0..<3, 2..<4, 9..<9, 8..<12]) == [0..<4, 5..<12])
        #expect(PortfolioFigures.measure([0..<10, 5..<15], within: [0..<12, 20..<30]) == 12)
        #expect(PortfolioFigures.measure([], within: [0..<5]) == 0)
    }
}
