import Backtesting
import Indicators
import MarketData
@testable import Rules
import TestSupport
import Testing

/// `x@tf` in rules (issue 19): values of the higher timeframe's candles built from the study's
/// own, each candle seeing only the last higher candle closed by its close.
@Suite struct HigherTimeframeTests {
    static let start = UTCTime.milliseconds(year: 2022, month: 1, day: 1)
    static let hourly = SyntheticMarket(seed: 5).candles(symbol: "BTCUSDT", timeframe: .oneHour, from: start - 3_600_000 * 7,
                                                         to: start + 120 * 86_400_000)

    func values(_ expression: String, _ series: CandleSeries = hourly, calendar: TradingCalendar = .alwaysOpen) throws -> [Double] {
        RuleEvaluator(context: SeriesContext(series: series, calendar: calendar), parameters: ParameterSet())
            .series(try RuleParser.parse(expression))
    }

    /// The daily candles of the hourly series, built by hand: grouped by UTC date, the first
    /// (partial) day left out.
    static func dailyByHand(_ series: CandleSeries) -> (candles: CandleSeries, closes: [Int64]) {
        var daily = CandleSeries(symbol: series.symbol, timeframe: .oneDay)
        var closes: [Int64] = []
        for index in series.indices {
            let day = UTCTime.day(ofMilliseconds: series.openTimes[index]) * UTCTime.millisecondsPerDay
            if daily.openTimes.last == day {
                let last = daily.count - 1
                daily.highs[last] = max(daily.highs[last], series.highs[index])
                daily.lows[last] = min(daily.lows[last], series.lows[index])
                daily.closes[last] = series.closes[index]
                daily.volumes[last] += series.volumes[index]
            } else if series.openTimes[index] == day {
                daily.append(series[index])
                closes.append(day + UTCTime.millisecondsPerDay)
            }
        }
        return (daily, closes)
    }

    @Test func hourlyRulesReadingDailyValuesSeeTheDailyIndicatorOfTheLastClosedDay() throws {
        let (daily, closes) = Self.dailyByHand(Self.hourly)
        #expect(daily.count == 120)
        let expectations: [(String, [Double])] = [
            ("close@1d", daily.closes),
            ("ema(close, 10)@1d", Indicator.ema(daily.closes, period: 10)),
            ("rsi(14)@1d", Indicator.rsi(daily.closes, period: 14)),
            ("atr(5)@1d", Indicator.atr(highs: daily.highs, lows: daily.lows, closes: daily.closes, period: 5)),
            ("close[1]@1d", [Double.nan] + daily.closes.dropLast()),
        ]
        for (expression, daily) in expectations {
            let seen = try values(expression)
            for index in Self.hourly.indices {
                let close = Self.hourly.openTimes[index] + 3_600_000
                let last = closes.lastIndex { $0 <= close }
                let expected = last.map { daily[$0] } ?? .nan
                #expect(seen[index].isNaN && expected.isNaN || abs(seen[index] - expected) <= 1e-9 * abs(expected),
                        "\(expression) at \(UTCTime.format(milliseconds: Self.hourly.openTimes[index]))")
            }
        }
        // The day's last hourly candle (23:00, closing at midnight) is the first to see that day.
        let firstMidnight = try #require(Self.hourly.openTimes.firstIndex { $0 % UTCTime.millisecondsPerDay == 23 * 3_600_000 && $0 > Self.start })
        let seen = try values("close@1d")
        #expect(seen[firstMidnight] == Self.hourly.closes[firstMidnight])
        #expect(seen[firstMidnight - 1] != Self.hourly.closes[firstMidnight - 1])
    }

    /// Values at or before candle i must not change when the candles after i change.
    func seesNoFuture(_ compute: (CandleSeries) throws -> [Double]) rethrows -> Bool {
        let full = try compute(Self.hourly)
        for cut in [30, 200, 1_000, Self.hourly.count - 30] {
            let altered = try compute(Self.hourly.rewritingTheFuture(after: cut))
            let same = (0...cut).allSatisfy { full[$0] == altered[$0] || (full[$0].isNaN && altered[$0].isNaN) }
            if !same { return false }
        }
        return true
    }

    @Test func noHigherTimeframeValueLooksAheadAndAPlantedLookAheadIsCaught() throws {
        for expression in ["close@1d", "ema(close, 5)@1d", "highest(high, 3)@4h", "rsi(7)@1d - rsi(7)", "stoch(5, 3, 3).k@4h",
                           "supertrend(5, 2)@1d", "vwap()@1d", "(close > ema(close, 3))@1w"] {
            #expect(try seesNoFuture { try self.values(expression, $0) }, "\(expression)")
        }
        // A look-ahead planted on purpose: each hour reading the daily candle still forming (its
        // close is the day's last close, known only at midnight). The same check catches it.
        let planted: (CandleSeries) -> [Double] = { series in
            let higher = series.higherTimeframe(.oneDay, calendar: .alwaysOpen)
            return series.indices.map { index in
                let forming = higher.lastClosed[index] + 1
                return forming < higher.series.count ? higher.series.closes[forming] : .nan
            }
        }
        #expect(!seesNoFuture(planted), "reading the forming daily candle must be caught")
    }

    @Test func noNewIndicatorLooksAhead() throws {
        for expression in ["stoch(14, 3, 3).k", "stoch(14, 3, 3).d", "cci(20)", "obv()", "vwap()", "vwap(10)", "donchian(20).upper",
                           "donchian(20).middle", "keltner(20, 2).lower", "supertrend(10, 3)", "stdev(20)", "zscore(volume, 20)",
                           "roc(10)", "percent_rank(20)", "abs(close - open)", "max(open, close)", "min(low, open)", "log(close)",
                           "sqrt(volume)"] {
            #expect(try seesNoFuture { try self.values(expression, $0) }, "\(expression)")
            #expect(try values(expression).contains { $0.isFinite }, "\(expression) is defined somewhere")
        }
    }

    @Test func onACalendarTheDailyCandleIsTheSession() throws {
        let newYork = UTCOffsets(identifier: "America/New_York", transitions: [(UTCTime.milliseconds(year: 2021, month: 11, day: 7, hour: 6), -18_000),
                                                                             (UTCTime.milliseconds(year: 2022, month: 3, day: 13, hour: 7), -14_400)])
        let xnys = try #require(TradingCalendar.exchange("XNYS", newYork: newYork))
        let hourly = SyntheticMarket(seed: 2).candles(symbol: "SPY", timeframe: .oneHour, from: UTCTime.milliseconds(year: 2022, month: 1, day: 3),
                                                      to: UTCTime.milliseconds(year: 2022, month: 2, day: 1), calendar: xnys)
        let daily = SyntheticMarket(seed: 2).candles(symbol: "SPY", timeframe: .oneDay, from: UTCTime.milliseconds(year: 2022, month: 1, day: 3),
                                                     to: UTCTime.milliseconds(year: 2022, month: 2, day: 1), calendar: xnys)
        let seen = try values("close@1d", hourly, calendar: xnys)
        let ends = xnys.sessionEndFlags(openTimes: hourly.openTimes, timeframe: .oneHour)
        // At each session's last hourly candle (15:30, closing at the 16:00 close) the day's close is seen.
        let lastOfSessions = hourly.indices.filter { ends[$0] }
        #expect(lastOfSessions.count == daily.count)
        for (number, index) in lastOfSessions.enumerated() {
            #expect(abs(seen[index] - daily.closes[number]) < 1e-9)
            if index + 1 < hourly.count { #expect(seen[index + 1] == seen[index], "held through the next session until its close") }
        }
    }

    @Test func theWarmUpCoversTheHigherTimeframesLookBack() throws {
        let set = try RuleSet(texts: ["long_entry": "close@1d > ema(close, 50)@1d and rsi(14) < 30"], parameterValues: [:], timeframe: .oneHour)
        #expect(set.warmupCandles == (50 + 2) * 24)
        let offsets = try RuleSet(texts: ["long_entry": "close > highest(high, n)[1] and sma(rsi(14), 5) > 50"], parameterValues: ["n": [20, 40]],
                                  timeframe: .fiveMinutes)
        #expect(offsets.warmupCandles == 41)
    }
}

/// Exit rules that read the open position (issue 19), through the rules strategy.
@Suite struct PositionRuleTests {
    /// Closes 100, 101, … rising by 1 a candle, 5 minutes apart.
    static let rising: CandleSeries = {
        let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
        return CandleSeries(symbol: "T", timeframe: .fiveMinutes, candles: (0..<20).map { index in
            let price = 100 + Double(index)
            return Candle(openTime: start + Int64(index) * 300_000, open: price, high: price + 0.5, low: price - 0.5, close: price + 0.5, volume: 1)
        })
    }()

    func trades(_ exit: String) throws -> [Trade] {
        let texts = ["long_entry": "close > 0 and close[1] < 101", "long_exit": exit]
        let names = RuleSet.parameterNames(in: texts)
        let strategy = try RuleSet(texts: texts, parameterValues: [:], timeframe: .fiveMinutes)
            .strategy(parameters: names.map { ParameterSpec($0, .number(-1e12...1e12), default: nil, "") })
        let market = try Market(Self.rising)
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0)
        let parameters = try strategy.resolve(ParameterSet([("stop_loss_atr", .number(0)), ("take_profit_atr", .number(0))]))
        return try Backtester(strategy: strategy, parameters: parameters, market: market, settings: settings).run(range: 0..<market.count).trades
    }

    @Test func exitRulesReadTheTradeAsItStandsAtEachClose() throws {
        // Entry decided at candle 1 (close[1] = 100.5 < 101), filled at candle 2's open, 102.
        // trade_return_pct at a close c is (c / 102 − 1) × 100: above 3 % from c = 105.5 (candle 5).
        let byReturn = try trades("trade_return_pct > 3")
        #expect(byReturn.first?.entryPrice == 102)
        #expect(byReturn.first?.exitReason == .signal && byReturn.first?.exitPrice == 106, "decided at candle 5, filled at candle 6's open")
        // candles_held counts the entry candle: 3 at candle 4.
        let byTime = try trades("candles_held >= 3")
        #expect(byTime.first?.exitPrice == 105 && byTime.first?.candlesHeld == 4)
        // highest_since_entry includes the current candle's high; entry_price is the fill.
        let byExtreme = try trades("highest_since_entry - entry_price >= 2.5")
        #expect(byExtreme.first?.exitPrice == 105, "high 104.5 at candle 4 is 2.5 above 102")
        let mixed = try trades("lowest_since_entry < entry_price - 5 or close > sma(close, 3) + 100")
        #expect(mixed.first?.exitReason == .end, "neither holds on a steady rise")
    }
}
