import Foundation
import MarketData
import StudyFile
import TestSupport
import Testing

/// Studies of markets that close (issue 18), end to end through the binary: stock candles with
/// real NYSE holidays, FX hours across weekends, 5-minute stock candles across both daylight-
/// saving changes — every window completes, and only a real hole is a gap.
@Suite struct CalendarCommandTests {
    static let newYork = UTCOffsets.named("America/New_York")!
    static let xnys = TradingCalendar.exchange("XNYS", newYork: newYork)!

    /// Candles of the synthetic market on `calendar`, written as a user's CSV would have them.
    static func candles(_ timeframe: Timeframe, from: String, to: String, calendar: TradingCalendar, seed: UInt64 = 21) -> CandleSeries {
        SyntheticMarket(seed: seed).candles(symbol: "SPY", timeframe: timeframe, from: UTCTime.parse(from)!, to: UTCTime.parse(to)!,
                                            calendar: calendar)
    }

    static func study(_ name: String, timeframe: String, calendar: String, path: String, start: String, end: String,
                      train: Int = 180, test: Int = 60, extra: String = "") -> String {
        """
        name: \(name)
        symbols: [SPY]
        timeframe: \(timeframe)
        calendar: \(calendar)
        start_date: \(start)
        end_date: \(end)
        training_window_days: \(train)
        testing_window_days: \(test)
        step_days: \(test)
        parameter_ranges:
          rsi_period: [7, 14]
          rsi_oversold: [25, 30]
        min_trades: 1
        warmup_candles: 60
        position_size_pct: 20
        data: {source: csv, path: \(path)\(extra)}
        """
    }

    func run(_ text: String, in folder: URL, report: Bool = false) throws -> CommandResult {
        let studyPath = folder.appendingPathComponent("study.yaml")
        try text.write(to: studyPath, atomically: true, encoding: .utf8)
        return try CommandRunner.wfo(["run", studyPath.path, "--db", folder.appendingPathComponent("wfo.sqlite").path]
            + (report ? ["--out", folder.appendingPathComponent("site").path] : ["--no-report"]))
    }

    func gapWarnings(_ result: CommandResult) -> [String] {
        result.standardError.split(separator: "\n").filter { $0.hasPrefix("warning: gap in the data") }.map(String.init)
    }

    @Test func dailyStockCandlesWithNYSEHolidaysCompleteEveryWindowAndOnlyADeletedDayIsAGap() throws {
        let folder = try CommandRunner.temporaryFolder()
        let series = Self.candles(.oneDay, from: "2021-06-01", to: "2024-01-01", calendar: Self.xnys)
        // As Yahoo writes them: a date, Adj Close; 2023-06-15 (a Thursday) deleted on purpose.
        let deleted = UTCTime.parse("2023-06-15T13:30:00Z")!
        var lines = ["Date,Open,High,Low,Close,Adj Close,Volume"]
        for index in series.indices where series.openTimes[index] != deleted {
            let candle = series[index]
            lines.append("\(UTCTime.formatDate(milliseconds: candle.openTime)),\(candle.open),\(candle.high),\(candle.low),\(candle.close),\(candle.close),\(candle.volume)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("SPY.csv"), atomically: true, encoding: .utf8)
        // 2022-01-01 is a Saturday: the study starts at the next session, with a note.
        let result = try run(Self.study("Stock", timeframe: "1d", calendar: "XNYS", path: "SPY.csv", start: "2022-01-01", end: "2023-12-30"),
                             in: folder, report: true)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("0 failed"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("FAILED"), "\(result.standardOutput)")
        #expect(result.standardError.contains("note: start_date 2022-01-01 is not a XNYS trading day (a Saturday); the study starts at the next session, 2022-01-03T14:30:00Z"))
        let gaps = gapWarnings(result)
        #expect(gaps.count == 1, "\(gaps)")
        #expect(gaps.first?.contains("1 candle missing from 2023-06-15T13:30:00Z to 2023-06-16T13:30:00Z (resumes at ") == true, "\(gaps)")
        #expect(gaps.first?.contains("SPY.csv:") == true)
        // The report says which calendar annualised the ratios.
        let report = try String(contentsOf: folder.appendingPathComponent("site/runs/1-stock/report.md"), encoding: .utf8)
        #expect(report.contains("× √251.36. A daily return is taken at the last close of each session; 251.36 is the trading days a year of the XNYS calendar"))
        #expect(report.contains("| Calendar | XNYS: 09:30–16:00 America/New_York, Mon–Fri, 342 holidays and 79 early closes (2000–2035), 251.4 trading days a year |"))
    }

    @Test func hourlyFXAcrossWeekendsHasNoGapAndEveryWindowCompletes() throws {
        let folder = try CommandRunner.temporaryFolder()
        let fx = TradingCalendar.weekdays(timeZone: Self.newYork)
        let series = Self.candles(.oneHour, from: "2023-01-01", to: "2024-01-01", calendar: fx, seed: 5)
        // A European export: semicolons, decimal commas, epoch seconds, no volume column.
        var lines = ["time;open;high;low;close"]
        for index in series.indices {
            let candle = series[index]
            let prices: [String] = [candle.open, candle.high, candle.low, candle.close].map { String($0).replacingOccurrences(of: ".", with: ",") }
            lines.append(([String(candle.openTime / 1_000)] + prices).joined(separator: ";"))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("EURUSD.csv"), atomically: true, encoding: .utf8)
        let result = try run(Self.study("FX", timeframe: "1h", calendar: "weekdays", path: "EURUSD.csv", start: "2023-01-02", end: "2023-12-29",
                                        train: 90, test: 30), in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(gapWarnings(result).isEmpty, "\(result.standardError)")
        #expect(result.standardOutput.contains("0 failed"), "\(result.standardOutput)")
    }

    @Test func fiveMinuteStockCandlesAcrossBothDaylightSavingChangesCompleteEveryWindow() throws {
        let folder = try CommandRunner.temporaryFolder()
        let series = Self.candles(.fiveMinutes, from: "2023-01-03", to: "2024-01-01", calendar: Self.xnys, seed: 9)
        // pandas: a blank index header and New York times with their offset (EST, then EDT from
        // March 12, EST again from November 5).
        var lines = [",open,high,low,close,volume"]
        for index in series.indices {
            let candle = series[index]
            let offset = Self.newYork.offset(at: candle.openTime)
            let local = UTCTime.format(milliseconds: candle.openTime + offset).dropLast().replacingOccurrences(of: "T", with: " ")
            let zone = offset == -14_400_000 ? "-04:00" : "-05:00"
            lines.append("\(local)\(zone),\(candle.open),\(candle.high),\(candle.low),\(candle.close),\(candle.volume)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("SPY-5m.csv"), atomically: true, encoding: .utf8)
        let result = try run(Self.study("Intraday", timeframe: "5m", calendar: "XNYS", path: "SPY-5m.csv", start: "2023-02-01", end: "2023-12-29",
                                        train: 60, test: 30, extra: ""), in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(gapWarnings(result).isEmpty, "\(result.standardError)")
        #expect(result.standardOutput.contains("0 failed"), "\(result.standardOutput)")
        // Windows over March 12 and November 5 complete: none failed, and all 9 windows are there.
        #expect(result.standardOutput.contains("9 completed, 0 failed, 9 in all"), "\(result.standardOutput)")
    }

    @Test func intradayCandlesOutsideTheSessionAreLeftOutWithANoteAndOffGridOnesNameTheirLine() throws {
        let folder = try CommandRunner.temporaryFolder()
        let series = Self.candles(.oneHour, from: "2023-01-03", to: "2023-12-01", calendar: .alwaysOpen)
        // 24/7 hourly candles, read as New York times: pre- and after-market hours are left out,
        // and 10:00, 11:00, … are between the 09:30-anchored candles of the session.
        var lines = ["timestamp,open,high,low,close,volume"]
        for index in series.indices {
            let candle = series[index]
            lines.append("\(UTCTime.format(milliseconds: candle.openTime)),\(candle.open),\(candle.high),\(candle.low),\(candle.close),\(candle.volume)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("SPY.csv"), atomically: true, encoding: .utf8)
        let result = try run(Self.study("Grid", timeframe: "1h", calendar: "XNYS", path: "SPY.csv", start: "2023-02-01", end: "2023-11-30"), in: folder)
        #expect(result.status == 2)
        #expect(result.standardError.contains("SPY.csv:"), "\(result.standardError)")
        #expect(result.standardError.contains("is inside a XNYS session but not where a 1h candle opens (the session opens at 09:30 America/New_York"),
                "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("wfo.sqlite").path))
    }

    static var hasPython: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/python3")
        }
    }

    /// The XNYS/XNAS tables are what `Scripts/exchange_calendar_table.py` writes from the rules
    /// (its cross-check against exchange_calendars is a dev-time step, `--check`).
    @Test(.enabled(if: hasPython, "python3 is not on PATH: the exchange tables' staleness check is skipped"))
    func theExchangeTablesAreWhatTheirScriptWritesFromTheRules() throws {
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "Scripts/exchange_calendar_table.py", "--stale"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("is up to date"))
    }

    @Test(.enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
    func theOriginalStudysWalkForwardEfficiencyAndDegradationAreNotApplicable() throws {
        let folder = try CommandRunner.temporaryFolder()
        let study = try RunCommandTests.originalStudy(in: folder)
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let site = folder.appendingPathComponent("site").path
        let result = try CommandRunner.wfo(["run", study.path, "--db", database, "--out", site])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("walk-forward efficiency    n/a — in-sample not profitable"))
        #expect(result.standardOutput.contains("performance degradation    n/a — in-sample not profitable"))
        #expect(result.standardOutput.contains("❌ Performance degradation n/a — in-sample not profitable"), "the check fails, never passes on it")
        let status = try CommandRunner.wfo(["status", "1", "--json", "--db", database])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(json["walk_forward_efficiency"] is NSNull, "\(status.standardOutput)")
        #expect(json["performance_degradation"] is NSNull, "\(status.standardOutput)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: site + "/runs")
        let report = try String(contentsOfFile: "\(site)/runs/\(try #require(runs.first))/report.md", encoding: .utf8)
        #expect(report.contains("| Walk-forward efficiency | n/a — in-sample not profitable |"))
        #expect(report.contains("| Performance degradation | n/a — in-sample not profitable |"))
        #expect(report.contains("× √365"), "the glossary names the 24/7 annualisation")
    }
}

/// The rules of issue 19 end to end: a daily trend filter on hourly candles, a trailing stop,
/// a time exit and an exit rule that reads the trade (`examples/trend-filter-trailing.yaml`).
@Suite struct RulesCommandTests {
    @Test func theTrendFilterAndTrailingStopExampleRunsWithItsExitsAndRaisedWarmUp() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let result = try CommandRunner.wfo(["run", "examples/trend-filter-trailing.yaml", "--db", database, "--no-report"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("note: warmup_candles raised from 500 to 1248"), "\(result.standardError)")
        #expect(result.standardOutput.contains("9 completed, 0 failed"), "\(result.standardOutput)")
        for reason in ["trailing_stop", "time_limit", "signal", "stop_loss"] {
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM trade WHERE exit_reason = '\(reason)'", in: database) > 0, "\(reason)")
        }
        #expect(try DatabaseDump.count("SELECT MAX(candles_held) FROM trade WHERE exit_reason = 'time_limit'", in: database) == 72)
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM trade WHERE candles_held > 72", in: database) == 0)
    }

    @Test func aLowerTimeframeAfterAtOrAPositionNameInAnEntryRuleIsBadInputNamingTheRule() throws {
        let folder = try CommandRunner.temporaryFolder()
        let text = try String(contentsOfFile: SharedData.projectRoot.appendingPathComponent("examples/trend-filter-trailing.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "close@1d > ema(close, 50)@1d and stoch", with: "close@15m > ema(close, 50)@1d and candles_held > 2 and stoch")
        let path = folder.appendingPathComponent("bad.yaml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.wfo(["run", path.path, "--db", folder.appendingPathComponent("wfo.sqlite").path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("bad.yaml:20: rules.long_entry: @15m is not higher than the study's timeframe 1h"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("wfo.sqlite").path))
    }
}
