import Foundation
import TestSupport
import Testing

/// `wfo backtest` end to end through the built binary.
@Suite struct BacktestCommandTests {
    @Test func quickstartBacktestPrintsItsMetrics() throws {
        let result = try CommandRunner.wfo(["backtest", "examples/quickstart.yaml", "--params", "rsi_period=14,rsi_oversold=30,rsi_overbought=70"])
        #expect(result.status == 0, "\(result.standardError)")
        for label in ["trades", "win rate", "ROI", "max drawdown", "Sharpe", "profit factor", "buy and hold"] {
            #expect(result.standardOutput.contains(label), "missing \(label)")
        }
        #expect(result.standardOutput.contains("parameters  rsi_period=14, rsi_oversold=30, rsi_overbought=70"))
    }

    @Test func jsonOutputIsMachineReadableAndMatchesTheTradesFile() throws {
        let folder = try CommandRunner.temporaryFolder()
        let tradesPath = folder.appendingPathComponent("trades.csv").path
        let result = try CommandRunner.wfo(["backtest", "examples/quickstart.yaml", "--params", "rsi_period=7,rsi_oversold=25,rsi_overbought=75",
                                            "--json", "--trades", tradesPath])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [String: Any])
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect(parameters["rsi_period"] as? Int == 7)
        #expect(parameters["sides"] as? String == "both")
        let trades = try #require(metrics["total_trades"] as? Int)
        let csv = try String(contentsOfFile: tradesPath, encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,fees,profit_loss,return_pct,exit_reason,confidence,candles_held")
        #expect(csv.count == trades + 1)
        // Net P/L in the file adds up to the reported total.
        let total = csv.dropFirst().compactMap { Double($0.split(separator: ",", omittingEmptySubsequences: false)[8]) }.reduce(0, +)
        #expect(abs(total - (metrics["total_profit_loss"] as? Double ?? .nan)) < 1e-6)
    }

    @Test func aPeriodInsideTheStudyCanBeChosen() throws {
        let result = try CommandRunner.wfo(["backtest", "examples/quickstart.yaml", "--params", "rsi_period=14,rsi_oversold=30,rsi_overbought=70",
                                            "--from", "2023-03-01", "--to", "2023-04-01", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"from\": \"2023-03-01T00:00:00Z\""))
        #expect(result.standardOutput.contains("\"to\": \"2023-04-01T00:00:00Z\""))
        #expect(result.standardOutput.contains("\"candles\": 744")) // 31 days of 1h candles
    }

    @Test(arguments: [
        (["backtest", "examples/quickstart.yaml", "--params", "rsi_period=14,rsi_oversold=30"],
         "--params must give the searched parameter rsi_overbought"),
        (["backtest", "examples/quickstart.yaml", "--params", "rsi_perod=14,rsi_oversold=30,rsi_overbought=70"],
         "did you mean rsi_period?"),
        (["backtest", "examples/quickstart.yaml", "--params", "rsi_period=1,rsi_oversold=30,rsi_overbought=70"],
         "rsi_period must be between 2 and 1000"),
        (["backtest", "examples/missing.yaml", "--params", "rsi_period=14"], "examples/missing.yaml: no such file"),
        (["backtest", "examples/quickstart.yaml", "--params", "rsi_period=14,rsi_oversold=30,rsi_overbought=70", "--from", "2023-02-30"],
         "--from: 2023-02-30 is not a date"),
        (["backtest", "examples/quickstart.yaml", "--params", "rsi_period=14,rsi_oversold=30,rsi_overbought=70", "--from", "2023-05-01", "--to", "2023-04-01"],
         "the period is empty"),
        (["backtest"], "Missing expected argument"),
        (["backtest", "examples/quickstart.yaml", "--bogus"], "Unknown option '--bogus'"),
    ])
    func badInputExitsWithStatusTwoAndSaysWhy(arguments: [String], expected: String) throws {
        let result = try CommandRunner.wfo(arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func aBrokenStudyFileNamesFileLineAndKey() throws {
        let folder = try CommandRunner.temporaryFolder()
        let study = folder.appendingPathComponent("broken.yaml")
        let text = try String(contentsOfFile: SharedData.projectRoot.appendingPathComponent("examples/quickstart.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "timeframe: 1h", with: "timeframe: 1hour")
        try text.write(to: study, atomically: true, encoding: .utf8)
        let result = try CommandRunner.wfo(["backtest", study.path, "--params", "rsi_period=14,rsi_oversold=30,rsi_overbought=70"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("broken.yaml:7: timeframe: must be one of 1m 3m 5m"), "\(result.standardError)")
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try CommandRunner.wfo(["backtest", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--params"))
        let version = try CommandRunner.wfo(["--version"])
        #expect(version.status == 0)
    }
}
