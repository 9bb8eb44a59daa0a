@testable import Backtesting
import MarketData
import Testing

/// What a trading calendar changes in a backtest (issue 18): daily returns at each session's
/// close, annualisation by the calendar's trading days, flat at the session's close, and an
/// order decided at a session's last close filled at the next session's open, with its gap.
@Suite struct CalendarSimulationTests {
    static func time(_ text: String) -> Int64 { UTCTime.parse(text)! }

    /// New York's offsets around 2024, as tzdata has them.
    static let newYork = UTCOffsets(identifier: "America/New_York", transitions: [
        (time("2023-11-05T06:00:00Z"), -18_000), (time("2024-03-10T07:00:00Z"), -14_400), (time("2024-11-03T06:00:00Z"), -18_000),
    ])
    static let xnys = TradingCalendar.exchange("XNYS", newYork: newYork)!

    /// Equity 100 → 101, 100.5, 102, 101.2, 103 at five day ends, from 100: daily returns
    /// 0.01, −0.004950…, 0.014925…, −0.007843…, 0.017786… (mean 0.0059836, sd 0.011145) and
    /// the first from the initial 100 (0). Worked in Python: Sharpe = mean / sd × √365 =
    /// 8.876024233241582; × √(9049 / 36) = 7.365819814364062 on XNYS. Sortino = mean /
    /// √(mean(min(r, 0)²)) × the same roots: 25.159526836250617 and 20.878778203019717.
    @Test func annualisedRatiosOfAHandComputedDailySeriesFollowTheCalendar() {
        let values = [100.0, 101, 100.5, 102, 101.2, 103]
        let times = (0..<6).map { Int64($0) * UTCTime.millisecondsPerDay + 86_400_000 }
        let alwaysOpen = EquityStatistics(times: times, values: values, initial: 100)
        #expect(abs(alwaysOpen.sharpeRatio! - 8.876024233241582) < 1e-9)
        #expect(abs(alwaysOpen.sortinoRatio! - 25.159526836250617) < 1e-9)
        let xnys = EquityStatistics(times: times, values: values, initial: 100, dayEnds: [Bool](repeating: true, count: 6),
                                    tradingDaysPerYear: Self.xnys.tradingDaysPerYear)
        #expect(abs(xnys.sharpeRatio! - 7.365819814364062) < 1e-9)
        #expect(abs(xnys.sortinoRatio! - 20.878778203019717) < 1e-9)
        #expect(xnys.days == 6)
    }

    /// Two sessions of 1h XNYS candles (09:30 … 15:30, seven each) with a long entry decided
    /// at 11:30 on the first day.
    static func twoSessions() -> CandleSeries {
        let opens = Self.xnys.expectedOpenTimes(timeframe: .oneHour, from: time("2024-07-01T00:00:00Z"), to: time("2024-07-03T00:00:00Z"))
        return CandleSeries(symbol: "SPY", timeframe: .oneHour, candles: opens.enumerated().map { index, openTime in
            // The second session opens 5 above the first's last close: an overnight gap.
            let base = 100.0 + Double(index) + (index >= 7 ? 5 : 0)
            return Candle(openTime: openTime, open: base, high: base + 0.5, low: base - 0.5, close: base + 0.2, volume: 1)
        })
    }

    @Test func flatAtSessionCloseExitsAtTheLastCloseAndAnEntryThereFillsAtTheNextOpenWithItsGap() throws {
        let series = Self.twoSessions()
        let market = try Market([SeriesContext(series: series, calendar: Self.xnys)])
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0, flatAtSessionClose: true)
        // Enter at 11:30 (index 2, fills at 12:30's open), again at the session's last close (index 6).
        let rule = ScriptedRule(decisions: [2: .enter(.long), 6: .enter(.long)])
        var recorder = FullRecording()
        let summary = Simulator.run(market: market, rules: [rule], range: 0..<market.count, settings: settings, recorder: &recorder)
        #expect(recorder.trades.count == 2)
        let first = recorder.trades[0], second = recorder.trades[1]
        #expect(first.entryTime == series.openTimes[3] && first.entryPrice == series.opens[3])
        #expect(first.exitReason == .sessionClose && first.exitTime == series.openTimes[6] && first.exitPrice == series.closes[6])
        // Decided at the first session's last close, filled at the second's open, 5 above: the gap is paid.
        #expect(second.entryTime == series.openTimes[7] && second.entryPrice == series.opens[7])
        #expect(series.opens[7] - series.closes[6] > 4.7)
        #expect(second.exitReason == .end && second.exitTime == series.openTimes[13])
        // Two trading days: two daily returns, each at a session's close.
        #expect(summary.days == 2)

        // Without it the first position is held overnight and closes only at the range's end.
        var held = FullRecording()
        _ = Simulator.run(market: market, rules: [rule], range: 0..<market.count,
                          settings: SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0),
                          recorder: &held)
        #expect(held.trades.count == 1 && held.trades[0].exitReason == .end && held.trades[0].candlesHeld == 11)
    }

    @Test func dailyReturnsOfTheOverfittingStatisticsAreTakenAtTheSameSessionCloses() throws {
        let series = Self.twoSessions()
        let market = try Market([SeriesContext(series: series, calendar: Self.xnys)])
        var daily = DailyCloseRecording()
        _ = Simulator.run(market: market, rules: [ScriptedRule(decisions: [2: .enter(.long)])], range: 0..<market.count,
                          settings: SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0),
                          recorder: &daily)
        var full = FullRecording()
        _ = Simulator.run(market: market, rules: [ScriptedRule(decisions: [2: .enter(.long)])], range: 0..<market.count,
                          settings: SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0),
                          recorder: &full)
        #expect(daily.finished == [full.equityValues[6], full.equityValues[13]])
    }
}
