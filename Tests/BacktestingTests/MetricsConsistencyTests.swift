import Backtesting
import MarketData
import Testing

@Suite struct MetricsConsistencyTests {
    /// The one-pass accumulator agrees with metrics recomputed from the recorded curve.
    @Test(arguments: [RSIStrategy.name, ConfluenceStrategy.name])
    func accumulatorMatchesMetricsRecomputedFromTheEquityCurve(strategyName: String) throws {
        let series = SyntheticMarket(seed: 3).candles(
            symbol: "BTCUSDT", timeframe: .oneHour,
            from: UTCTime.milliseconds(year: 2022, month: 1, day: 1), to: UTCTime.milliseconds(year: 2023, month: 1, day: 1))
        let market = try Market(series)
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0.1, slippagePct: 0.02)
        let backtester = try Backtester(strategy: try #require(StrategyDefinition.builtIns.first { $0.name == strategyName }), parameters: ParameterSet(),
                                        market: market, settings: settings)
        let result = backtester.run(range: 200..<market.count)
        let reference = ReferenceMetrics(result: result, initialEquity: 10_000)
        let summary = result.summary
        #expect(summary.totalTrades == result.trades.count)
        #expect(summary.totalTrades > 5)
        #expect(summary.days == reference.dailyReturns.count)
        #expect(abs(summary.maxDrawdown - reference.maxDrawdown) < 1e-9)
        #expect(abs((summary.sharpeRatio ?? .nan) - (reference.sharpe ?? .nan)) < 1e-9)
        #expect(abs((summary.sortinoRatio ?? .nan) - (reference.sortino ?? .nan)) < 1e-9)
        #expect(abs((summary.sqn ?? .nan) - (reference.sqn ?? .nan)) < 1e-9)
        #expect(abs((summary.profitFactor ?? .nan) - (reference.profitFactor ?? .nan)) < 1e-9)
        let pnl = result.trades.map(\.profitLoss).reduce(0, +)
        #expect(abs(summary.totalProfitLoss - pnl) < 1e-6)
        #expect(abs(summary.finalEquity - result.equityValues.last!) < 1e-9)
        let compoundedDaily = reference.dailyReturns.reduce(1.0) { $0 * (1 + $1) }
        #expect(abs(compoundedDaily - summary.finalEquity / 10_000) < 1e-9)
    }
}
