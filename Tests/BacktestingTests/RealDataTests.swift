import Backtesting
import MarketData
import TestSupport
import Testing

/// The RSI strategy on BTCUSDT 5m of 2024 (`../shared/data`).
@Suite(.enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
struct RealDataTests {
    func market() throws -> Market {
        try Market(try #require(RealCandles.year2024, "2024 candles failed to load"))
    }

    /// The system this replaces silently ignored parameters: each one must move the result.
    @Test(arguments: [
        ("rsi_period", ParameterValue.number(21)),
        ("rsi_oversold", .number(25)),
        ("rsi_overbought", .number(75)),
        ("sides", .text("long")),
        ("exit_on_opposite", .flag(false)),
        ("stop_loss_pct", .number(1)),
        ("take_profit_pct", .number(3)),
        ("stop_loss_atr", .number(3)),
        ("take_profit_atr", .number(5)),
        ("atr_period", .number(30)),
    ])
    func everyRSIParameterChangesTheResult(name: String, value: ParameterValue) throws {
        let market = try market()
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0.1, slippagePct: 0)
        let base = try Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet(), market: market, settings: settings)
        let changed = try Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet([(name, value)]), market: market, settings: settings)
        #expect(base.parameters[name] != changed.parameters[name])
        let range = 0..<market.count
        let baseResult = base.run(range: range)
        let changedResult = changed.run(range: range)
        #expect(baseResult.trades != changedResult.trades)
        #expect(baseResult.summary != changedResult.summary)
    }

    /// The search's one pass (issue 22): the summary and the daily returns of one simulation
    /// equal those of two, for both strategies written in Swift (the rules' go through the same
    /// simulator), with a trailing stop, over a range that starts mid-series.
    @Test(arguments: StrategyDefinition.builtIns.map(\.name))
    func oneSimulationGivesTheSummaryAndTheDailyReturnsOfTwo(strategy name: String) throws {
        let market = try market()
        let strategy = try #require(StrategyDefinition.builtIns.first { $0.name == name })
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0.1, slippagePct: 0.05)
        let backtester = try Backtester(strategy: strategy, parameters: ParameterSet([("trailing_stop_pct", .number(1.5))]), market: market, settings: settings)
        let range = 20_000..<60_000
        let both = backtester.summarizeWithDailyReturns(range: range)
        #expect(both.summary == backtester.summarize(range: range))
        #expect(both.dailyReturns == backtester.dailyReturns(range: range))
        #expect(both.dailyReturns.count == both.summary.days)
        #expect(both.summary.totalTrades > 10, "a range with trades")
    }

    /// The reference case: rsi 14/30/70, long only, stop 2 %, take-profit 4 %, all in, no fees.
    /// Pinned as a regression: a change here must be explained.
    @Test func referenceLongOnlyAllInCaseIsStable() throws {
        let market = try market()
        let parameters = ParameterSet([
            ("rsi_period", .number(14)), ("rsi_oversold", .number(30)), ("rsi_overbought", .number(70)),
            ("sides", .text("long")), ("stop_loss_pct", .number(2)), ("take_profit_pct", .number(4)),
        ])
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .percentOfEquity(100), feePct: 0, slippagePct: 0)
        let result = try Backtester(strategy: StrategyDefinition.rsi, parameters: parameters, market: market, settings: settings)
            .run(range: 0..<market.count)
        let summary = result.summary
        print("reference case: trades \(summary.totalTrades), ROI \(summary.roi), max drawdown \(summary.maxDrawdown)")
        #expect(summary.candles == 105_408)
        #expect(result.trades.allSatisfy { $0.side == .long })
        #expect(result.trades.allSatisfy { $0.fees == 0 })
        // Every stop-loss exit is at most 2 % below the entry unless the candle gapped through it.
        for trade in result.trades where trade.exitReason == .stopLoss {
            #expect(trade.exitPrice <= trade.entryPrice * 0.98 + 1e-9)
        }
        for trade in result.trades where trade.exitReason == .takeProfit {
            #expect(trade.exitPrice >= trade.entryPrice * 1.04 - 1e-9)
        }
        // All in: each entry's notional equals the equity before it.
        var equity = 10_000.0
        for trade in result.trades {
            #expect(abs(trade.quantity * trade.entryPrice - equity) < 1e-6 * equity)
            equity += trade.profitLoss
        }
        #expect(abs(equity - summary.finalEquity) < 1e-6)
        #expect(summary.totalTrades == ReferenceFigures.trades)
        #expect(abs(summary.roi - ReferenceFigures.roi) < 1e-6)
        #expect(abs(summary.maxDrawdown - ReferenceFigures.maxDrawdown) < 1e-6)
    }
}

/// Cross-checked by an independent Python re-implementation, `Scripts/rsi_reference_check.py`,
/// which prints 508 48.9769046296084 26.775977918417137.
enum ReferenceFigures {
    static let trades = 508
    static let roi = 48.9769046296084
    static let maxDrawdown = 26.775977918417137
}
