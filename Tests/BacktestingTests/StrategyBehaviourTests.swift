@testable import Backtesting
import Indicators
import MarketData
import TestSupport
import Testing

@Suite struct StrategyBehaviourTests {
    static let synthetic = SyntheticMarket(seed: 11).candles(
        symbol: "BTCUSDT", timeframe: .fifteenMinutes,
        from: UTCTime.milliseconds(year: 2022, month: 1, day: 1), to: UTCTime.milliseconds(year: 2022, month: 4, day: 1))

    /// Decisions at every candle for every position state, as the simulator would ask.
    static func decisions<Rule: SignalRule>(_ rule: Rule, upTo last: Int) -> [[Decision]] {
        (0...last).map { index in [nil, Side.long, Side.short].map { rule.decision(at: index, holding: $0) } }
    }

    /// Changing candles after index i never changes a decision at or before i.
    @Test(arguments: [RSIStrategy.name, ConfluenceStrategy.name])
    func noDecisionDependsOnLaterCandles(strategyName: String) throws {
        let strategy = try #require(StrategyDefinition.builtIns.first { $0.name == strategyName })
        let full = Self.synthetic
        let parameters = try strategy.resolve(ParameterSet([("sides", .text("both"))]))
        for cut in [60, 500, 2_000, full.count - 2] {
            // Keep candles 0...cut and replace everything after with a wildly different market.
            let altered = full.rewritingTheFuture(after: cut)
            let original = try Backtester(strategy: strategy, parameters: parameters, market: try Market(full), settings: SimulationSettings())
            let changed = try Backtester(strategy: strategy, parameters: parameters, market: try Market(altered), settings: SimulationSettings())
            // Every trade closed by candle `cut` is identical; entries decided at closes <= cut - 1 fill at <= cut.
            let before = original.run(range: 0..<(cut + 1)).trades
            let after = changed.run(range: 0..<(cut + 1)).trades
            #expect(before == after, "cut \(cut)")
            // And the rule's decisions match candle by candle.
            let ruleA = try #require(decisionsOf(strategy, parameters, full, upTo: cut))
            let ruleB = try #require(decisionsOf(strategy, parameters, altered, upTo: cut))
            #expect(ruleA == ruleB, "cut \(cut)")
        }
    }

    private func decisionsOf(_ strategy: StrategyDefinition, _ parameters: ParameterSet, _ series: CandleSeries, upTo last: Int) -> [[Decision]]? {
        let context = SeriesContext(series: series)
        switch strategy.name {
        case RSIStrategy.name: return Self.decisions(RSIStrategy.makeRule(parameters: parameters, context: context), upTo: last)
        case ConfluenceStrategy.name: return Self.decisions(ConfluenceStrategy.makeRule(parameters: parameters, context: context), upTo: last)
        default: return nil
        }
    }

    @Test func longOnlyNeverShortsAndShortOnlyNeverBuys() throws {
        let market = try Market(Self.synthetic)
        for (sides, forbidden) in [("long", Side.short), ("short", Side.long)] {
            let backtester = try Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet([("sides", .text(sides))]),
                                            market: market, settings: SimulationSettings())
            let trades = backtester.run(range: 100..<market.count).trades
            #expect(!trades.isEmpty)
            #expect(trades.allSatisfy { $0.side != forbidden })
        }
    }

    @Test func withoutExitOnOppositeNoTradeExitsBySignal() throws {
        let market = try Market(Self.synthetic)
        let noStops: [(String, ParameterValue)] = [("stop_loss_atr", .number(0)), ("take_profit_atr", .number(0))]
        let on = try Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet(noStops), market: market, settings: SimulationSettings())
            .run(range: 100..<market.count).trades
        let off = try Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet(noStops + [("exit_on_opposite", .flag(false))]),
                                 market: market, settings: SimulationSettings()).run(range: 100..<market.count).trades
        #expect(on.contains { $0.exitReason == .signal })
        #expect(!off.contains { $0.exitReason == .signal })
    }

    @Test func atrStopsSitAtTheirMultiplesFromTheFill() throws {
        let market = try Market(Self.synthetic)
        let parameters = ParameterSet([("stop_loss_atr", .number(1)), ("take_profit_atr", .number(0))])
        let trades = try Backtester(strategy: StrategyDefinition.rsi, parameters: parameters, market: market,
                                    settings: SimulationSettings()).run(range: 100..<market.count).trades
        #expect(!trades.contains { $0.exitReason == .takeProfit }) // take_profit_atr 0: no level
        let series = market.contexts[0].series
        let atr = Indicator.atr(highs: series.highs, lows: series.lows, closes: series.closes, period: 14)
        let stopped = trades.filter { $0.exitReason == .stopLoss }
        #expect(stopped.count > 10)
        for trade in stopped {
            let entryIndex = series.firstIndex(openingAtOrAfter: trade.entryTime)
            let exitIndex = series.firstIndex(openingAtOrAfter: trade.exitTime)
            let level = trade.entryPrice - trade.side.sign * atr[entryIndex - 1]
            let expected = trade.side == .long ? min(series.opens[exitIndex], level) : max(series.opens[exitIndex], level)
            #expect(abs(trade.exitPrice - expected) < 1e-9)
        }
    }

    @Test func confluenceConfidenceMapIsPiecewiseAndCapped() {
        #expect(abs(ConfluenceStrategy.confidence(raw: 0.5) - 0.455) < 1e-12)
        #expect(abs(ConfluenceStrategy.confidence(raw: 0.8) - (0.68 + 0.05 * 0.77)) < 1e-12)
        #expect(abs(ConfluenceStrategy.confidence(raw: 0.9) - (0.78 + 0.02 * 1.17)) < 1e-12)
        #expect(ConfluenceStrategy.confidence(raw: 1.0) == 0.92)
    }

    @Test func confluenceNeverSignalsBeforeFiftyCandles() throws {
        let context = SeriesContext(series: Self.synthetic)
        let parameters = try StrategyDefinition.confluence.resolve(ParameterSet([("min_confidence", .number(0))]))
        let rule = ConfluenceStrategy.makeRule(parameters: parameters, context: context)
        #expect((0..<49).allSatisfy { rule.decision(at: $0, holding: nil) == .none })
        #expect(rule.decision(at: 49, holding: nil) == .enter(.long)) // a threshold of 0 always triggers; long wins
        #expect(rule.decision(at: 60, holding: .long) == .none) // exits only by stops or the end
    }

    @Test func confluenceWithOnlyTheVolatilityConditionFollowsATROverClose() throws {
        let context = SeriesContext(series: Self.synthetic)
        var values: [(String, ParameterValue)] = StrategyDefinition.confluence.parameters
            .filter { $0.name.hasSuffix("_weight") }.map { ($0.name, .number(0)) }
        values.append(("volatility_weight", .number(1)))
        values.append(("min_confidence", .number(1)))
        let rule = ConfluenceStrategy.makeRule(parameters: try StrategyDefinition.confluence.resolve(ParameterSet(values)), context: context)
        let series = context.series
        let atr = context.indicator(IndicatorKey("atr", 14)) { _ in [] }
        var checked = 0
        for index in 50..<series.count {
            let expected = atr[index] / series.closes[index] < 0.02
            #expect((rule.decision(at: index, holding: nil) == .enter(.long)) == expected)
            checked += 1
        }
        #expect(checked > 1_000)
    }
}
