@testable import Backtesting
import MarketData
import Testing

/// The portfolio simulator's promises (docs/portfolio.md, "What it equals"), and a property
/// test over random universes with listings, delistings and holes.
@Suite struct PortfolioSimulatorTests {
    static let start = UTCTime.milliseconds(year: 2021, month: 1, day: 1)
    static let settings = SimulationSettings(initialCapital: 100_000, sizing: .fixedQuote(1_000), feePct: 0.1, slippagePct: 0.05)

    static func series(_ symbol: String, days: Int = 400, seed: UInt64 = 5) -> CandleSeries {
        SyntheticMarket(seed: seed).candles(symbol: symbol, timeframe: .oneHour, from: start, to: start + Int64(days) * 86_400_000 / 8)
    }

    static func run(_ strategy: StrategyDefinition, _ market: Market, parameters: ParameterSet = ParameterSet(),
                    settings: SimulationSettings = settings) throws -> BacktestResult {
        try Backtester(strategy: strategy, parameters: parameters, market: market, settings: settings).run(range: 200..<market.count)
    }

    static let momentum: (text: String, column: Portfolio.Column) = ("roc(close, 10)", { _, context, _ in
        let closes = context.series.closes
        return closes.indices.map { $0 >= 10 ? (closes[$0] / closes[$0 - 10] - 1) * 100 : .nan }
    })

    @Test func aOneSymbolPortfolioIsThePlainBacktest() throws {
        let market = try Market([SeriesContext(series: Self.series("BTCUSDT"))])
        let plain = try Self.run(.rsi, market)
        for sizing in [Portfolio.Sizing.fixed(1_000)] {
            let portfolio = try Self.run(StrategyDefinition.rsi.inPortfolio(Portfolio(maxPositions: .number(1), sizing: sizing)), market)
            #expect(portfolio.trades == plain.trades)
            #expect(portfolio.equityValues == plain.equityValues)
            #expect(portfolio.summary == plain.summary)
        }
        let percent = SimulationSettings(initialCapital: 100_000, sizing: .percentOfEquity(30), feePct: 0.1)
        let plainPercent = try Self.run(.rsi, market, settings: percent)
        let portfolioPercent = try Self.run(StrategyDefinition.rsi.inPortfolio(Portfolio(maxPositions: .number(1), sizing: .percent(30))), market,
                                            settings: percent)
        #expect(!plainPercent.trades.isEmpty)
        #expect(portfolioPercent.trades == plainPercent.trades)
        #expect(portfolioPercent.equityValues == plainPercent.equityValues)
    }

    @Test func withRoomForEverySymbolAPortfolioTradesAsToday() throws {
        let market = try Market(["AAA", "BBB", "CCC", "DDD"].map { SeriesContext(series: Self.series($0)) })
        let today = try Self.run(.rsi, market)
        let portfolio = try Self.run(StrategyDefinition.rsi.inPortfolio(Portfolio(maxPositions: .number(4), sizing: .fixed(1_000))), market)
        func key(_ trade: Trade) -> String { "\(trade.exitTime) \(trade.symbol) \(trade.entryTime)" }
        #expect(today.trades.count > 100)
        #expect(portfolio.trades.sorted { key($0) < key($1) } == today.trades.sorted { key($0) < key($1) })
        for (mine, theirs) in zip(portfolio.equityValues, today.equityValues) { #expect(abs(mine - theirs) <= 1e-9 * theirs) }
    }

    @Test func reorderingTheSymbolsChangesNothingWhenRanksDoNotTie() throws {
        let symbols = ["AAA", "BBB", "CCC", "DDD", "EEE"]
        let portfolio = Portfolio(maxPositions: .number(2), rankBy: Self.momentum, sizing: .equal)
        let forward = try Self.run(StrategyDefinition.rsi.inPortfolio(portfolio), Market(symbols.map { SeriesContext(series: Self.series($0)) }))
        let backward = try Self.run(StrategyDefinition.rsi.inPortfolio(portfolio),
                                    Market(symbols.reversed().map { SeriesContext(series: Self.series($0)) }))
        func key(_ trade: Trade) -> String { "\(trade.exitTime) \(trade.symbol) \(trade.entryTime)" }
        #expect(forward.trades.count > 50)
        #expect(forward.trades.sorted { key($0) < key($1) } == backward.trades.sorted { key($0) < key($1) })
        #expect(forward.equityValues == backward.equityValues)
        #expect(forward.positionCounts.max() == 2)
    }

    /// A random universe: each symbol lists and delists on random candles and misses random
    /// stretches. Whatever the mode and sizing, a symbol is held only from its first candle to
    /// its last, fills and exits only on candles it has, and the portfolio never holds more than
    /// `max_positions` or spends cash it lacks.
    @Test(arguments: 0..<12)
    func aSymbolIsNeverHeldOutsideItsOwnCandles(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(1_000 + seed))
        var contexts: [SeriesContext] = []
        for index in 0..<6 {
            let full = Self.series("S\(index)", days: 300, seed: UInt64(seed * 10 + index))
            let first = Int(generator.next() % 400), last = full.count - 1 - Int(generator.next() % 400)
            var keep = Array(first...last)
            for _ in 0..<Int(generator.next() % 4) {
                let holeStart = first + Int(generator.next() % UInt64(max(1, last - first)))
                let holeLength = 1 + Int(generator.next() % 40)
                keep.removeAll { $0 >= holeStart && $0 < holeStart + holeLength }
            }
            var series = CandleSeries(symbol: full.symbol, timeframe: full.timeframe)
            for position in keep { series.append(full[position]) }
            contexts.append(SeriesContext(series: series))
        }
        let market = try Market(universe: contexts)
        let modes: [Portfolio] = [
            Portfolio(maxPositions: .number(3), rankBy: Self.momentum, sizing: .equal),
            Portfolio(maxPositions: .number(2), mode: .rotation, rebalance: .daily, rankBy: Self.momentum, sizing: .equal),
            Portfolio(maxPositions: .number(4), rankBy: Self.momentum, sizing: .volatility(targetPct: .number(40), lookback: .number(5)),
                      maxWeightPct: .number(30)),
        ]
        for (number, portfolio) in modes.enumerated() {
            let strategy = portfolio.mode == .rotation ? StrategyDefinition.rotation : StrategyDefinition.rsi
            let result = try Backtester(strategy: strategy.inPortfolio(portfolio), parameters: ParameterSet(), market: market,
                                        settings: Self.settings).run(range: 0..<market.count)
            let limit = Int(portfolio.maxPositions.value(in: ParameterSet()))
            #expect(result.positionCounts.allSatisfy { $0 <= limit }, "mode \(number): more than \(limit) positions")
            #expect(result.cash.allSatisfy { $0 >= 0 }, "mode \(number): cash below 0")
            #expect(!result.trades.isEmpty, "mode \(number): no trade")
            for trade in result.trades {
                let times = Set(market.contexts.first { $0.symbol == trade.symbol }!.series.openTimes)
                #expect(times.contains(trade.entryTime) && times.contains(trade.exitTime), "mode \(number): \(trade.symbol) traded on a candle it lacks")
                #expect(trade.entryTime <= trade.exitTime)
            }
            // Positions never overlap in time for one symbol.
            for symbol in market.symbols {
                let trades = result.trades.filter { $0.symbol == symbol }.sorted { $0.entryTime < $1.entryTime }
                for (earlier, later) in zip(trades, trades.dropFirst()) { #expect(earlier.exitTime <= later.entryTime) }
            }
            let delisted = result.trades.filter { $0.exitReason == .delisted }
            for trade in delisted {
                #expect(trade.exitTime == market.contexts.first { $0.symbol == trade.symbol }!.series.openTimes.last)
            }
        }
    }

    @Test func aRotationSellsFirstAndBuysTheBestRankedAtTheNextOpen() throws {
        // Three symbols whose ranks are fixed: C > B > A, then from candle 5 A > B > C.
        let count = 12
        func flat(_ symbol: String) -> SeriesContext {
            var series = CandleSeries(symbol: symbol, timeframe: .oneDay)
            for index in 0..<count {
                series.append(Candle(openTime: Self.start + Int64(index) * 86_400_000, open: 10, high: 10, low: 10, close: 10, volume: 1))
            }
            return SeriesContext(series: series)
        }
        let ranks: [String: [Double]] = ["A": [1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3], "B": Array(repeating: 2, count: count),
                                         "C": [3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1]]
        let portfolio = Portfolio(maxPositions: .number(1), mode: .rotation, rebalance: .everyCandle,
                                  rankBy: ("fixed", { _, context, _ in ranks[context.symbol]! }), sizing: .equal)
        let market = try Market([flat("A"), flat("B"), flat("C")])
        let result = try Backtester(strategy: StrategyDefinition.rotation.inPortfolio(portfolio), parameters: ParameterSet(), market: market,
                                    settings: SimulationSettings(initialCapital: 10_000, feePct: 0)).run(range: 0..<count)
        #expect(result.trades.map(\.symbol) == ["C", "A"])
        #expect(result.trades[0].entryTime == Self.start + 86_400_000)        // ranked at the first close, bought at the next open
        #expect(result.trades[0].exitReason == .rotation)
        #expect(result.trades[0].exitTime == Self.start + 6 * 86_400_000)     // A overtook at close 5: sold at open 6 …
        #expect(result.trades[1].entryTime == Self.start + 6 * 86_400_000)    // … and A bought at the same open
        #expect(result.trades[1].exitReason == .end)
        #expect(abs(result.trades[1].quantity * 10 - 10_000) < 1e-9)           // equal weight of one: all the equity
    }

    @Test func weeklyAndMonthlyRebalancesFallOnTheLastCloseOfTheirPeriod() throws {
        var series = CandleSeries(symbol: "A", timeframe: .oneDay)
        // 2021-03-01 is a Monday; 70 days reach into May.
        let monday = UTCTime.milliseconds(year: 2021, month: 3, day: 1)
        for index in 0..<70 {
            series.append(Candle(openTime: monday + Int64(index) * 86_400_000, open: 1, high: 1, low: 1, close: 1, volume: 1))
        }
        let market = try Market(series)
        let weekly = RebalanceSchedule.flags(.weekly, candles: 1, market: market, range: 2..<70)
        let weeklyDays = weekly.indices.filter { weekly[$0] }.map { UTCTime.formatDate(milliseconds: market.openTimes[$0 + 2]) }
        #expect(weeklyDays.prefix(3) == ["2021-03-03", "2021-03-07", "2021-03-14"])   // the first close, then Sundays
        let monthly = RebalanceSchedule.flags(.monthly, candles: 1, market: market, range: 0..<70)
        #expect(monthly.indices.filter { monthly[$0] }.map { UTCTime.formatDate(milliseconds: market.openTimes[$0]) }
            == ["2021-03-01", "2021-03-31", "2021-04-30", "2021-05-09"])               // the range's last close ends it too
        let everyFive = RebalanceSchedule.flags(.candles(.number(5)), candles: 5, market: market, range: 0..<12)
        #expect(everyFive.indices.filter { everyFive[$0] } == [0, 5, 10])
    }
    /// On an overnight calendar (FX: Sunday 17:00 to Friday 17:00 New York) a session is dated
    /// by the day it ends, so a week's last close is Friday's 16:00 candle and the Sunday evening
    /// candles open the next week; a month ends with its last session's close, across the change
    /// to daylight saving (10 March 2024: the close moves from 22:00 to 21:00 UTC).
    @Test func weeklyAndMonthlyRebalancesOnAnOvernightCalendarDateASessionByItsEnd() throws {
        let newYork = UTCOffsets(identifier: "America/New_York", transitions: [
            (UTCTime.parse("2023-11-05T06:00:00Z")!, -18_000), (UTCTime.parse("2024-03-10T07:00:00Z")!, -14_400),
            (UTCTime.parse("2024-11-03T06:00:00Z")!, -18_000),
        ])
        let fx = TradingCalendar.weekdays(timeZone: newYork)
        let opens = fx.expectedOpenTimes(timeframe: .oneHour, from: UTCTime.parse("2024-03-01T00:00:00Z")!,
                                         to: UTCTime.parse("2024-04-06T00:00:00Z")!)
        let series = CandleSeries(symbol: "EURUSD", timeframe: .oneHour, candles: opens.map {
            Candle(openTime: $0, open: 1, high: 1, low: 1, close: 1, volume: 1)
        })
        let market = try Market([SeriesContext(series: series, calendar: fx)])
        func flagged(_ rebalance: Portfolio.Rebalance) -> [String] {
            let flags = RebalanceSchedule.flags(rebalance, candles: 1, market: market, range: 0..<market.count)
            return flags.indices.filter { flags[$0] }.map { UTCTime.format(milliseconds: market.openTimes[$0]) }
        }
        #expect(flagged(.weekly) == ["2024-03-01T00:00:00Z", "2024-03-01T21:00:00Z", "2024-03-08T21:00:00Z", "2024-03-15T20:00:00Z",
                                     "2024-03-22T20:00:00Z", "2024-03-29T20:00:00Z", "2024-04-05T20:00:00Z"])
        #expect(flagged(.monthly) == ["2024-03-01T00:00:00Z", "2024-03-29T20:00:00Z", "2024-04-05T20:00:00Z"])
        let daily = flagged(.daily)
        #expect(daily.count == 1 + 26, "the first close, then each of the 26 sessions' last")
        #expect(daily.dropFirst().allSatisfy { $0.hasSuffix("T21:00:00Z") || $0.hasSuffix("T20:00:00Z") }, "16:00 New York")
        #expect(!daily.contains { $0.hasPrefix("2024-03-03") || $0.hasPrefix("2024-03-02") }, "no weekend session")
    }
}
