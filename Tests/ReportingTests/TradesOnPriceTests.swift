import Charts
import Foundation
import GRDB
import MarketData
@testable import Reporting
import RunRecords
import Storage
import TestSupport
import Testing

/// The trade charts of a report against its trades table: every out-of-sample trade of a
/// window drawn once, at its times and prices, and nothing else.
@Suite(.serialized) struct TradesOnPriceTests {
    /// The `<title>` texts of an SVG, in order.
    static func titles(_ svg: String) -> [String] {
        svg.components(separatedBy: "<title>").dropFirst().compactMap { $0.components(separatedBy: "</title>").first }
            .map {
                $0.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            }
    }

    /// The out-of-sample rows of `trades.csv` for window `number`, as the markers they should draw.
    static func markers(inCSV csv: String, window number: Int) throws -> [TradeChart.Marker] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "trades.csv has no \(name)") }
        let (window, sample, side) = (try column("window"), try column("sample"), try column("side"))
        let (entryTime, entryPrice, exitTime, exitPrice) = (try column("entry_time"), try column("entry_price"), try column("exit_time"), try column("exit_price"))
        let (reason, profit) = (try column("exit_reason"), try column("profit_loss"))
        return try lines.dropFirst().filter { $0[window] == String(number) && $0[sample] == "out_of_sample" }.map { row in
            TradeChart.Marker(isLong: row[side] == "long", entryTime: try #require(UTCTime.parse(row[entryTime])),
                              entryPrice: try #require(Double(row[entryPrice])), exitTime: try #require(UTCTime.parse(row[exitTime])),
                              exitPrice: try #require(Double(row[exitPrice])), exitReason: row[reason], profitLoss: try #require(Double(row[profit])))
        }
    }

    @Test func eachWindowsChartDrawsEveryTradeOfItsTableOnceAndNothingElse() throws {
        let database = try ReportFixture.database()
        let folder = try CommandRunner.temporaryFolder().path
        let run = try ReportGenerator(database: database, outputFolder: folder, version: "test").renderRun(id: 1)
        let csv = try String(contentsOfFile: run + "/trades.csv", encoding: .utf8)
        let windows = try database.windows(runID: 1).filter { $0.status == .completed }
        #expect(windows.count == 4)
        var drawn = 0
        for window in windows {
            let number = window.windowIndex + 1
            let svg = try String(contentsOfFile: run + "/window-\(number).svg", encoding: .utf8)
            let titles = Self.titles(svg)
            let expected = try Self.markers(inCSV: csv, window: number)
            #expect(!expected.isEmpty, "window \(number) has trades to check")
            let entries = titles.filter { $0.contains(" entry ") }, exits = titles.filter { $0.contains(" exit (") }
            #expect(entries.sorted() == expected.map(TradeChart.entryText).sorted(), "window \(number)")
            #expect(exits.sorted() == expected.map(TradeChart.exitText).sorted(), "window \(number)")
            // Every trade is drawn inside its window's testing period.
            #expect(expected.allSatisfy { $0.entryTime >= window.testingStart && $0.exitTime <= window.testingEnd })
            drawn += expected.count
        }
        // The stitched chart holds every window's trades.
        let stitched = Self.titles(try String(contentsOfFile: run + "/trades.svg", encoding: .utf8))
        #expect(stitched.filter { $0.contains(" entry ") }.count == drawn)
        // Each window's number in the out-of-sample table links its chart.
        let markdown = try String(contentsOfFile: run + "/report.md", encoding: .utf8)
        for window in windows { #expect(markdown.contains("| [\(window.windowIndex + 1)](window-\(window.windowIndex + 1).svg) |")) }
    }

    /// A run stored before prices were kept renders without trade charts, and says why.
    @Test func aRunWithoutStoredPricesSaysRunItAgain() throws {
        let database = try ReportFixture.database()
        try DatabaseQueue(path: database.path).write { db in
            for table in ["price_column", "drawdown_point", "monthly_return"] { try db.execute(sql: "DELETE FROM \(table)") }
        }
        let folder = try CommandRunner.temporaryFolder().path
        let run = try ReportGenerator(database: database, outputFolder: folder, version: "test").renderRun(id: 1)
        let markdown = try String(contentsOfFile: run + "/report.md", encoding: .utf8)
        #expect(markdown.contains("run it again for those charts"))
        for name in ["window-1.svg", "trades.svg", "underwater.svg"] { #expect(!FileManager.default.fileExists(atPath: run + "/" + name)) }
        #expect(!markdown.contains("](window-1.svg)"))
    }
}
