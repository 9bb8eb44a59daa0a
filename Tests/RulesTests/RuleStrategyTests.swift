import Backtesting
import CandleImport
import MarketData
@testable import Rules
import TestSupport
import Testing

@Suite struct RuleStrategyTests {
    /// The rules form of the built-in `rsi` (SPEC section 4), both sides.
    static let rsiRules = [
        "long_entry": "rsi(rsi_period) < rsi_oversold",
        "long_exit": "rsi(rsi_period) > rsi_overbought",
        "short_entry": "rsi(rsi_period) > rsi_overbought",
        "short_exit": "rsi(rsi_period) < rsi_oversold",
    ]
    static let grid: [ParameterSet] = [7.0, 14, 21].flatMap { period in
        [20.0, 25, 30].flatMap { oversold in
            [70.0, 75, 80].map { overbought in
                ParameterSet([("rsi_period", .number(period)), ("rsi_oversold", .number(oversold)), ("rsi_overbought", .number(overbought))])
            }
        }
    }

    static func strategy(_ texts: [String: String], _ values: [String: [Double]]) throws -> StrategyDefinition {
        let names = RuleSet.parameterNames(in: texts)
        return try RuleSet(texts: texts, parameterValues: values)
            .strategy(parameters: names.map { ParameterSpec($0, .number(-1e12...1e12), default: nil, "") })
    }

    @Test func theRulesFormOfRSITradesExactlyLikeTheBuiltInOnTheRealYearForAll27Combinations() throws {
        guard SharedData.hasKlines else {
            print("skipped: \(SharedData.klinesFolder.path) is missing (the shared BTCUSDT candles)")
            return
        }
        let year = try CandleImporter.load(paths: SharedData.klineFiles2024.map(\.path), symbol: "BTCUSDT", timeframe: .fiveMinutes)
        let market = try Market(year)
        let rules = try Self.strategy(Self.rsiRules, ["rsi_period": [7, 14, 21], "rsi_oversold": [20, 25, 30], "rsi_overbought": [70, 75, 80]])
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(100), feePct: 0.1, slippagePct: 0)
        var trades = 0
        for parameters in Self.grid {
            let builtIn = try Backtester(strategy: StrategyDefinition.rsi, parameters: parameters, market: market, settings: settings)
            let fromRules = try Backtester(strategy: rules, parameters: parameters, market: market, settings: settings)
            let expected = builtIn.run(range: 0..<market.count), actual = fromRules.run(range: 0..<market.count)
            #expect(actual.trades == expected.trades, "\(parameters)")
            #expect(actual.summary == expected.summary, "\(parameters)")
            trades += expected.trades.count
        }
        #expect(trades > 10_000)
    }

    /// Changing candles after index i never changes a condition at or before i.
    @Test func noRuleLooksAhead() throws {
        let full = SyntheticMarket(seed: 11).candles(symbol: "BTCUSDT", timeframe: .fifteenMinutes,
                                                     from: UTCTime.milliseconds(year: 2022, month: 1, day: 1),
                                                     to: UTCTime.milliseconds(year: 2022, month: 3, day: 1))
        let texts = [
            "long_entry": "crosses_above(ema(9), ema(21)) and rsi(14) < 60 and close > sma(close[2], 20) and adx(14) > 15",
            "long_exit": "close < lowest(low, 10)[1] or macd(12, 26, 9).hist < 0 or plus_di(14) < minus_di(14)",
            "short_entry": "crosses_below(close, bb(20, 2).middle) and atr(14) / close > 0.001 and volume > sma(volume, 50)",
            "short_exit": "close > highest(high, 10)[1] or not (rsi(7) < 70) or ema(sma(close, 5), 3) > bb(20, 2).upper",
        ]
        let strategy = try Self.strategy(texts, [:])
        for cut in [40, 300, 2_000, full.count - 2] {
            let altered = full.rewritingTheFuture(after: cut)
            let columnsA = columns(strategy, full), columnsB = columns(strategy, altered)
            for (a, b) in zip(columnsA, columnsB) {
                #expect((0...cut).allSatisfy { a[$0] == b[$0] }, "cut \(cut)")
            }
            #expect(columnsA.contains { $0.trueCount > 0 })
        }
    }

    func columns(_ strategy: StrategyDefinition, _ series: CandleSeries) -> [ConditionColumn] {
        let context = SeriesContext(series: series)
        let evaluator = { (text: String) -> ConditionColumn in
            RuleEvaluator(context: context, parameters: ParameterSet()).condition(try! RuleParser.parse(text))
        }
        return [
            "crosses_above(ema(9), ema(21)) and rsi(14) < 60 and close > sma(close[2], 20) and adx(14) > 15",
            "close < lowest(low, 10)[1] or macd(12, 26, 9).hist < 0 or plus_di(14) < minus_di(14)",
            "crosses_below(close, bb(20, 2).middle) and atr(14) / close > 0.001 and volume > sma(volume, 50)",
            "close > highest(high, 10)[1] or not (rsi(7) < 70) or ema(sma(close, 5), 3) > bb(20, 2).upper",
        ].map(evaluator)
    }

    /// A tiny series where every value can be checked by hand: closes 1, 2, 3, 4, 5, 4, 3.
    static let hand: CandleSeries = {
        let closes: [Double] = [1, 2, 3, 4, 5, 4, 3]
        let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
        return CandleSeries(symbol: "T", timeframe: .oneHour, candles: closes.enumerated().map { index, close in
            Candle(openTime: start + Int64(index) * 3_600_000, open: close, high: close + 0.5, low: close - 0.5, close: close, volume: 1)
        })
    }()

    func truth(_ text: String, parameters: ParameterSet = ParameterSet()) throws -> [Bool] {
        let column = RuleEvaluator(context: SeriesContext(series: Self.hand), parameters: parameters).condition(try RuleParser.parse(text))
        return (0..<column.count).map { column[$0] }
    }

    @Test func valuesByHand() throws {
        #expect(try truth("close > 2") == [false, false, true, true, true, true, true])
        #expect(try truth("close[1] < close") == [false, true, true, true, true, false, false])   // no candle before the first
        #expect(try truth("close[k] < close", parameters: ParameterSet([("k", .number(2))])) == [false, false, true, true, true, false, false])
        #expect(try truth("sma(3) >= 3") == [false, false, false, true, true, true, true])         // SMA(3): -, -, 2, 3, 4, 4.33, 4
        #expect(try truth("highest(close, 3) == 5") == [false, false, false, false, true, true, true])
        #expect(try truth("crosses_below(close, 4.5)") == [false, false, false, false, false, true, false])
        #expect(try truth("crosses_above(close, 2.5)") == [false, false, true, false, false, false, false])
        #expect(try truth("-close + 10 * 2 / 4 > 1") == [true, true, true, false, false, false, true])
    }

    @Test func aPeriodOrOffsetWithoutItsParameterValueIsUndefinedNotATrap() throws {
        // The study parser never lets this happen; a hand-built parameter set can.
        #expect(try truth("rsi(p) < 101") == [Bool](repeating: false, count: 7))
        #expect(try truth("close[k] > 0") == [Bool](repeating: false, count: 7))
        #expect(try truth("close[k] > 0", parameters: ParameterSet([("k", .number(1))])) == [false] + [Bool](repeating: true, count: 6))
    }

    @Test func anUndefinedIndicatorMakesTheWholeRuleFalseEvenUnderNotAndOr() throws {
        // sma(5) is undefined for the first 4 candles: `not`, `or` and `and` stay false there.
        #expect(try truth("not (sma(5) > 100)") == [false, false, false, false, true, true, true])
        #expect(try truth("close > 0 or sma(5) > 100") == [false, false, false, false, true, true, true])
        #expect(try truth("close > 0 and not (close[6] > 100)") == [false, false, false, false, false, false, true])
    }

    @Test func combinationsThatAgreeOnARuleShareItsColumnAndIndicatorsAreComputedOnce() throws {
        let series = SyntheticMarket(seed: 2).candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                                      from: UTCTime.milliseconds(year: 2023, month: 1, day: 1),
                                                      to: UTCTime.milliseconds(year: 2023, month: 4, day: 1))
        let context = SeriesContext(series: series)
        let market = try Market([context])
        let strategy = try Self.strategy(Self.rsiRules, ["rsi_period": [7, 14, 21], "rsi_oversold": [20, 25, 30], "rsi_overbought": [70, 75, 80]])
        for parameters in Self.grid {
            _ = try Backtester(strategy: strategy, parameters: parameters, market: market, settings: SimulationSettings())
        }
        // rsi(7), rsi(14), rsi(21) and the built-in ATR(14) of the stops: nothing else was cached.
        #expect(context.cachedIndicatorCount == 4)
    }

    @Test func absentShortRulesMeanNoShorts() throws {
        let series = SyntheticMarket(seed: 4).candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                                      from: UTCTime.milliseconds(year: 2023, month: 1, day: 1),
                                                      to: UTCTime.milliseconds(year: 2023, month: 7, day: 1))
        let strategy = try Self.strategy(["long_entry": "rsi(14) < 35", "long_exit": "rsi(14) > 60"], [:])
        let result = try Backtester(strategy: strategy, parameters: ParameterSet(), market: try Market(series), settings: SimulationSettings())
            .run(range: 0..<series.count)
        #expect(!result.trades.isEmpty)
        #expect(result.trades.allSatisfy { $0.side == .long })
    }

    @Test(arguments: [StrategyCatalog.emaCross, StrategyCatalog.bollinger, StrategyCatalog.macd])
    func theNamedRuleStrategiesTradeBothSides(_ strategy: StrategyDefinition) throws {
        let series = SyntheticMarket(seed: 6).candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                                      from: UTCTime.milliseconds(year: 2023, month: 1, day: 1),
                                                      to: UTCTime.milliseconds(year: 2024, month: 1, day: 1))
        let result = try Backtester(strategy: strategy, parameters: ParameterSet(), market: try Market(series), settings: SimulationSettings())
            .run(range: 0..<series.count)
        #expect(result.trades.contains { $0.side == .long })
        #expect(result.trades.contains { $0.side == .short })
        #expect(result.trades.contains { $0.exitReason == .signal })
    }

    /// One strategy (as a named built-in is, for the whole process) on one market after another:
    /// each market gets its own columns, never another's cached ones.
    @Test func aStrategyUsedOnSeveralMarketsNeverMixesTheirColumns() throws {
        let strategy = StrategyCatalog.emaCross
        for seed in [21, 22, 23] as [UInt64] {
            let series = SyntheticMarket(seed: seed).candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                                             from: UTCTime.milliseconds(year: 2023, month: 1, day: 1),
                                                             to: UTCTime.milliseconds(year: 2023, month: 4, day: 1))
            let shared = try Backtester(strategy: strategy, parameters: ParameterSet(), market: try Market(series), settings: SimulationSettings())
            let fresh = try Self.strategy(StrategyCatalog.emaCrossRules, ["fast": [12], "slow": [26]])
            let alone = try Backtester(strategy: fresh, parameters: ParameterSet([("fast", .number(12)), ("slow", .number(26))]),
                                       market: try Market(series), settings: SimulationSettings())
            #expect(shared.run(range: 0..<series.count).trades == alone.run(range: 0..<series.count).trades, "seed \(seed)")
        }
    }
}
