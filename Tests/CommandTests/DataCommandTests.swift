import Foundation
import TestSupport
import Testing

/// `wfo import` and `wfo data` end to end.
@Suite struct DataCommandTests {
    @Test(.enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
    func importingMonthlyFilesFillsTheCacheAndReportsIt() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let files = SharedData.klineFiles2024.prefix(2).map(\.path)
        let result = try CommandRunner.wfo(["import"] + files + ["--symbol", "BTCUSDT", "--timeframe", "5m", "--db", database])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("imported 17280 candles"))
        #expect(result.standardOutput.contains("cache: BTCUSDT 5m: 2024-01-01T00:00:00Z .. 2024-03-01T00:00:00Z, 17280 candles, no gaps"))
        // Importing again is idempotent.
        let again = try CommandRunner.wfo(["import", files[1], "--symbol", "BTCUSDT", "--timeframe", "5m", "--db", database])
        #expect(again.standardOutput.contains("17280 candles, no gaps"))
        let list = try CommandRunner.wfo(["data", "--json", "--db", database])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        #expect(json.count == 1)
        #expect(json[0]["candles"] as? Int == 17_280)
        #expect(json[0]["gaps"] as? Int == 0)
    }

    @Test func badImportsAreBadInput() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let missing = try CommandRunner.wfo(["import", "/no/such/file.csv", "--symbol", "BTCUSDT", "--timeframe", "5m", "--db", database])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/no/such/file.csv"))
        let badTimeframe = try CommandRunner.wfo(["import", "x.csv", "--symbol", "BTCUSDT", "--timeframe", "5min", "--db", database])
        #expect(badTimeframe.status == 2)
        #expect(badTimeframe.standardError.contains("--timeframe must be one of"))
        let badSymbol = try CommandRunner.wfo(["fetch", "btc/usdt", "--timeframe", "5m", "--from", "2024-01-01", "--to", "2024-01-02", "--db", database])
        #expect(badSymbol.status == 2)
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
