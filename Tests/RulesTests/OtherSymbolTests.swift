import Backtesting
import Indicators
import MarketData
@testable import Rules
import Testing

/// `x@SYMBOL` in rules and portfolio expressions (issue 33: "rules cannot see another symbol"):
/// values computed on another symbol of the study's universe, each candle seeing that symbol's
/// last candle opening at or before it — never a later one.
@Suite struct OtherSymbolTests {
    static let start = UTCTime.milliseconds(year: 2022, month: 1, day: 1)
    static let day = UTCTime.millisecondsPerDay

    static func daily(_ symbol: String, from: Int64, days: Int, dropping dropped: Set<Int> = []) -> CandleSeries {
        let full = SyntheticMarket(seed: 9).candles(symbol: symbol, timeframe: .oneDay, from: from, to: from + Int64(days) * day)
        var series = CandleSeries(symbol: symbol, timeframe: .oneDay)
        for index in full.indices where !dropped.contains(index) { series.append(full[index]) }
        return series
    }

    /// ETH from the start, BTC listed 30 days later with two missing days.
    static let eth = daily("ETHUSDT", from: start, days: 200)
    static let btc = daily("BTCUSDT", from: start + 30 * day, days: 170, dropping: [50, 51])
    static let market = try! Market(universe: [SeriesContext(series: eth), SeriesContext(series: btc)])

    func values(_ expression: String, on symbol: Int) throws -> [Double] {
        RuleEvaluator(context: Self.market.contexts[symbol], parameters: ParameterSet(), market: Self.market)
            .series(try RuleParser.parse(expression))
    }

    @Test func aSymbolSeesTheOtherSymbolsLastCandleOpeningAtOrBeforeEachOfItsOwn() throws {
        let btcSMA = Indicator.sma(Self.btc.closes, period: 20)
        let expectations: [(String, [Double])] = [("close@BTCUSDT", Self.btc.closes), ("sma(close, 20)@BTCUSDT", btcSMA),
                                                  ("close[1]@BTCUSDT", [Double.nan] + Self.btc.closes.dropLast())]
        for (expression, column) in expectations {
            let seen = try values(expression, on: 0)
            for index in Self.eth.indices {
                let last = Self.btc.openTimes.lastIndex { $0 <= Self.eth.openTimes[index] }
                let expected = last.map { column[$0] } ?? .nan
                #expect(seen[index].isNaN && expected.isNaN || seen[index] == expected,
                        "\(expression) at \(UTCTime.format(milliseconds: Self.eth.openTimes[index]))")
            }
            #expect(seen[..<30].allSatisfy { $0.isNaN }, "undefined before BTC lists")
        }
        // On BTC's two missing days ETH still sees the day before them: held, not skipped, never ahead.
        let hole = Self.eth.openTimes.firstIndex(of: Self.start + 80 * Self.day)!
        #expect(try values("close@BTCUSDT", on: 0)[hole] == Self.btc.closes[49])
        #expect(try values("close@BTCUSDT", on: 0)[hole + 2] == Self.btc.closes[50])
        // A symbol reading itself by name reads its own column.
        #expect(try values("close@ETHUSDT", on: 0) == Self.eth.closes)
    }

    @Test func theRegimeFilterOfARuleIsTheOtherSymbolsCondition() throws {
        let rules = try RuleSet(texts: ["long_entry": "close > sma(close, 10) and close@BTCUSDT > sma(close, 20)@BTCUSDT",
                                        "long_exit": "close < sma(close, 10)"],
                                parameterValues: [:], timeframe: .oneDay, symbols: ["ETHUSDT", "BTCUSDT"])
        // A universe (BTC lists later) trades as a portfolio.
        let strategy = rules.strategy(parameters: []).inPortfolio(Portfolio(maxPositions: .number(2)))
        let bound = try Backtester(strategy: strategy, parameters: ParameterSet(), market: Self.market, settings: SimulationSettings())
        let result = bound.run(range: 0..<Self.market.count)
        let btcAbove = try values("close > sma(close, 20)", on: 1)
        let ethTrades = result.trades.filter { $0.symbol == "ETHUSDT" }
        #expect(!ethTrades.isEmpty)
        for trade in ethTrades {
            // Entered at the open after the signal's close, when BTC's last close was above its SMA.
            let signal = Self.eth.openTimes.firstIndex(of: trade.entryTime)! - 1
            let btcLast = try #require(Self.btc.openTimes.lastIndex { $0 <= Self.eth.openTimes[signal] })
            #expect(btcAbove[btcLast] == 1, "ETH entered at \(UTCTime.format(milliseconds: trade.entryTime)) with BTC below its SMA")
        }
    }

    @Test(arguments: [
        ("close@SOLUSDT > 0", "@SOLUSDT is neither a timeframe nor one of the study's symbols"),
        ("close@BTCUSTD > 0", "did you mean BTCUSDT?"),
        ("sma(close@BTCUSDT, 20) > 0", "sma(...) of a value @BTCUSDT would mix the two symbols"),
        ("close@BTCUSDT[1] > 0", "an offset after @BTCUSDT would count this symbol's candles"),
        ("(close@ETHUSDT)@BTCUSDT > 0", "inside another symbol's @"),
        ("(close@BTCUSDT)@1w > 0", "put the symbol outside"),
    ])
    func aBadSymbolReadIsRefusedSayingWhatToWrite(_ rule: String, _ message: String) throws {
        let checker = RuleChecker(parameterValues: [:], timeframe: .oneDay, symbols: ["ETHUSDT", "BTCUSDT"])
        do {
            try checker.check(try RuleParser.parse(rule))
            Issue.record("\(rule) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func withoutSymbolsNoOtherSymbolIsReadable() throws {
        #expect(throws: RuleError.self) { try RuleChecker(parameterValues: [:], timeframe: .oneDay).check(try RuleParser.parse("close@BTCUSDT > 1")) }
    }

    @Test func theWarmUpOfAnotherSymbolsIndicatorIsCounted() throws {
        let rules = try RuleSet(texts: ["long_entry": "close > sma(close, 150)@BTCUSDT"], parameterValues: [:], timeframe: .oneDay,
                                symbols: ["BTCUSDT"])
        #expect(rules.warmupCandles == 150)
    }
}
