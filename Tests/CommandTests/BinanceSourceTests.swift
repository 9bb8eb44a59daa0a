import CandleImport
import FakeBinance
import GRDB
import Foundation
import MarketData
import TestSupport
import Testing

/// `wfo fetch` and `source: binance` against a fake Binance on 127.0.0.1 serving the real candles.
@Suite(.serialized, .enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
struct BinanceSourceTests {
    /// Every BTCUSDT 5m candle in ../shared/data (2023-10 to 2025-02).
    static let allCandles: CandleSeries? = try? CandleImporter.load(paths: [SharedData.klinesFolder.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)

    @Test func aFetchStoresEveryCandleAndAResumedFetchAsksOnlyForTheRest() async throws {
        let candles = try #require(Self.allCandles)
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        // The 7th request fails for good: six pages (6,000 candles) are stored, then the fetch stops.
        let january = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
        try await FakeBinanceServer.with(candles: ["BTCUSDT": candles], faults: [.onRequest(7, .status(400))]) { server in
            let first = try CommandRunner.wfo(["fetch", "BTCUSDT", "--timeframe", "5m", "--from", "2024-01-01", "--to", "2024-03-01",
                                               "--base-url", server.baseURL, "--db", database])
            #expect(first.status == 1)
            #expect(first.standardError.contains("BTCUSDT"))
            #expect(server.requests.count == 7)
            let resumed = try CommandRunner.wfo(["fetch", "BTCUSDT", "--timeframe", "5m", "--from", "2024-01-01", "--to", "2024-03-01",
                                                 "--base-url", server.baseURL, "--db", database])
            #expect(resumed.status == 0, "\(resumed.standardError)")
            let later = Array(server.requests.dropFirst(7))
            // 17,280 candles in all, 6,000 already stored: 11,280 left = 12 pages, starting where the cache stops.
            #expect(later.count == 12)
            #expect(later.first?.query["startTime"] == String(january + 6_000 * 300_000))
            #expect(resumed.standardOutput.contains("cache: BTCUSDT 5m: 2024-01-01T00:00:00Z .. 2024-03-01T00:00:00Z, 17280 candles, no gaps"))
            // Nothing is missing now: a third fetch makes no request.
            let third = try CommandRunner.wfo(["fetch", "BTCUSDT", "--timeframe", "5m", "--from", "2024-01-01", "--to", "2024-03-01",
                                               "--base-url", server.baseURL, "--db", database])
            #expect(third.status == 0)
            #expect(server.requests.count == 19)
        }
    }

    @Test func theSameStudyFromBinanceAndFromCSVGivesIdenticalResults() async throws {
        let candles = try #require(Self.allCandles)
        let folder = try CommandRunner.temporaryFolder()
        let csvStudy = try RunCommandTests.originalStudy(in: folder)
        let text = try String(contentsOf: csvStudy, encoding: .utf8)
        let csvDatabase = folder.appendingPathComponent("csv.sqlite").path
        let csvRun = try CommandRunner.wfo(["run", csvStudy.path, "--no-report", "--db", csvDatabase])
        #expect(csvRun.status == 0, "\(csvRun.standardError)")
        try await FakeBinanceServer.with(candles: ["BTCUSDT": candles], faults: [.onRequest(3, .status(503)), .onRequest(20, .truncatedBody)]) { server in
            let binanceText = text.replacingOccurrences(of: "  source: csv\n  path: \(SharedData.klinesFolder.path)",
                                                        with: "  source: binance\n  base_url: \(server.baseURL)")
            #expect(binanceText != text)
            let binanceStudy = folder.appendingPathComponent("binance.yaml")
            try binanceText.write(to: binanceStudy, atomically: true, encoding: .utf8)
            let binanceDatabase = folder.appendingPathComponent("binance.sqlite").path
            let binanceRun = try CommandRunner.wfo(["run", binanceStudy.path, "--no-report", "--db", binanceDatabase])
            #expect(binanceRun.status == 0, "\(binanceRun.standardError)")
            // Everything but the run row (whose study text and source differ) is identical.
            let csvDump = try DatabaseDump.text(of: csvDatabase).components(separatedBy: "\n----\n").dropFirst()
            let binanceDump = try DatabaseDump.text(of: binanceDatabase).components(separatedBy: "\n----\n").dropFirst()
            #expect(Array(csvDump) == Array(binanceDump))
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM trial", in: binanceDatabase) == 243)
            // 500 warm-up candles plus 2024 up to the last window's end were fetched once; a second run fetches nothing.
            let requests = server.requests.count
            let again = try CommandRunner.wfo(["run", binanceStudy.path, "--no-report", "--db", binanceDatabase])
            #expect(again.status == 0)
            #expect(server.requests.count == requests)
        }
    }

    /// The original study as `source: binance` reading from `baseURL`.
    static func binanceStudy(in folder: URL, baseURL: String) throws -> (csv: URL, binance: URL) {
        let csvStudy = try RunCommandTests.originalStudy(in: folder)
        let text = try String(contentsOf: csvStudy, encoding: .utf8)
            .replacingOccurrences(of: "  source: csv\n  path: \(SharedData.klinesFolder.path)", with: "  source: binance\n  base_url: \(baseURL)")
        let binanceStudy = folder.appendingPathComponent("binance.yaml")
        try text.write(to: binanceStudy, atomically: true, encoding: .utf8)
        return (csvStudy, binanceStudy)
    }

    static let backtestParameters = ["--params", "rsi_period=14,rsi_oversold=30,rsi_overbought=70"]

    @Test func aBacktestOfABinanceStudyReadsTheImportedCacheAndMatchesTheCSVStudy() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        // Nothing listens on port 9: any request to Binance would fail the backtest.
        let (csvStudy, binanceStudy) = try Self.binanceStudy(in: folder, baseURL: "http://127.0.0.1:9")
        let files = SharedData.klineFiles2024.map(\.path) + [SharedData.klinesFolder.appendingPathComponent("BTCUSDT-5m-2023-12.csv").path]
        let imported = try CommandRunner.wfo(["import"] + files + ["--symbol", "BTCUSDT", "--timeframe", "5m", "--db", database])
        #expect(imported.status == 0, "\(imported.standardError)")
        let fromCSV = try CommandRunner.wfo(["backtest", csvStudy.path, "--json", "--trades", folder.appendingPathComponent("csv.csv").path]
            + Self.backtestParameters)
        #expect(fromCSV.status == 0, "\(fromCSV.standardError)")
        let fromCache = try CommandRunner.wfo(["backtest", binanceStudy.path, "--db", database, "--json",
                                               "--trades", folder.appendingPathComponent("binance.csv").path] + Self.backtestParameters)
        #expect(fromCache.status == 0, "\(fromCache.standardError)")
        #expect(fromCache.standardOutput == fromCSV.standardOutput)
        #expect(fromCache.standardOutput.contains("\"total_trades\""))
        let csvTrades = try String(contentsOf: folder.appendingPathComponent("csv.csv"), encoding: .utf8)
        #expect(csvTrades.split(separator: "\n").count > 100)
        #expect(try String(contentsOf: folder.appendingPathComponent("binance.csv"), encoding: .utf8) == csvTrades)
    }

    @Test func aBacktestOfABinanceStudyFillsAnEmptyCacheThroughBinance() async throws {
        let candles = try #require(Self.allCandles)
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        try await FakeBinanceServer.with(candles: ["BTCUSDT": candles]) { server in
            let (csvStudy, binanceStudy) = try Self.binanceStudy(in: folder, baseURL: server.baseURL)
            let fromCSV = try CommandRunner.wfo(["backtest", csvStudy.path, "--from", "2024-03-01", "--to", "2024-04-01"] + Self.backtestParameters)
            let filled = try CommandRunner.wfo(["backtest", binanceStudy.path, "--db", database, "--from", "2024-03-01", "--to", "2024-04-01"]
                + Self.backtestParameters)
            #expect(filled.status == 0, "\(filled.standardError)")
            // Same trades and figures; the timing line differs.
            let figures = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("loaded ") } }
            #expect(figures(filled.standardOutput) == figures(fromCSV.standardOutput))
            // March 2024 and the 500 warm-up candles before it: 8,928 + 500 candles, 10 pages.
            #expect(server.requests.count == 10, "\(server.requests.count)")
            let again = try CommandRunner.wfo(["backtest", binanceStudy.path, "--db", database, "--from", "2024-03-01", "--to", "2024-04-01"]
                + Self.backtestParameters)
            #expect(again.status == 0)
            #expect(server.requests.count == 10, "a filled cache is read, not fetched again")
        }
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM candle", in: database) == 8_928 + 500)
    }

    @Test func aResumedBinanceRunFillsWhatTheCacheLostThroughThePipeline() async throws {
        let candles = try #require(Self.allCandles)
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        try await FakeBinanceServer.with(candles: ["BTCUSDT": candles]) { server in
            let (_, binanceStudy) = try Self.binanceStudy(in: folder, baseURL: server.baseURL)
            let first = try CommandRunner.wfo(["run", binanceStudy.path, "--no-report", "--db", database])
            #expect(first.status == 0, "\(first.standardError)")
            let complete = try DatabaseDump.text(of: database)
            // The last window is undone and the cache loses December 2024, which it tests on.
            let december = UTCTime.milliseconds(year: 2024, month: 12, day: 1)
            try DatabaseQueue(path: database).write { db in
                try db.execute(sql: "DELETE FROM candle WHERE open_time >= ?", arguments: [december])
                try db.execute(sql: "DELETE FROM trial WHERE window_id = (SELECT MAX(id) FROM window)")
                try db.execute(sql: "DELETE FROM trade WHERE window_id = (SELECT MAX(id) FROM window)")
                try db.execute(sql: "DELETE FROM window_performance WHERE window_id = (SELECT MAX(id) FROM window)")
                try db.execute(sql: "DELETE FROM window_overfitting WHERE window_id = (SELECT MAX(id) FROM window)")
                try db.execute(sql: "UPDATE window SET status = 'PENDING' WHERE id = (SELECT MAX(id) FROM window)")
                try db.execute(sql: "UPDATE run SET status = 'INTERRUPTED'")
            }
            let requests = server.requests.count
            let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--no-report", "--db", database])
            #expect(resumed.status == 0, "\(resumed.standardError)")
            #expect(server.requests.count > requests, "the resume fetched the missing candles")
            #expect(try DatabaseDump.text(of: database) == complete)
        }
    }

    @Test func anInvalidSymbolFailsWithBinancesMessage() async throws {
        let candles = try #require(Self.allCandles)
        let folder = try CommandRunner.temporaryFolder()
        try await FakeBinanceServer.with(candles: ["BTCUSDT": candles]) { server in
            let result = try CommandRunner.wfo(["fetch", "NOPEUSDT", "--timeframe", "5m", "--from", "2024-01-01", "--to", "2024-01-02",
                                                "--base-url", server.baseURL, "--db", folder.appendingPathComponent("wfo.sqlite").path])
            #expect(result.status == 1)
            #expect(result.standardError.contains("Invalid symbol."), "\(result.standardError)")
            #expect(server.requests.count == 1)
        }
    }
}
