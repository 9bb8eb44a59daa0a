@testable import Backtesting
import MarketData

/// A rule that does exactly what a test tells it at given candles, with fixed levels.
struct ScriptedRule: SignalRule {
    var decisions: [Int: Decision]
    var stopLossPct: Double?
    var takeProfitPct: Double?
    var positionExits: PositionExits = .none

    func decision(at index: Int, holding: Side?) -> Decision {
        decisions[index] ?? .none
    }

    func exitLevels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels {
        ExitLevels(stopLoss: stopLossPct.map { fillPrice * (1 - side.sign * $0 / 100) },
                   takeProfit: takeProfitPct.map { fillPrice * (1 + side.sign * $0 / 100) })
    }
}

/// Candles from (open, high, low, close) rows, 5 minutes apart from 2024-01-01.
func candles(_ rows: [(Double, Double, Double, Double)], symbol: String = "TEST") -> CandleSeries {
    let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
    return CandleSeries(symbol: symbol, timeframe: .fiveMinutes, candles: rows.enumerated().map { index, row in
        Candle(openTime: start + Int64(index) * 300_000, open: row.0, high: row.1, low: row.2, close: row.3, volume: 1)
    })
}

/// Runs the simulator on one or more symbols with scripted rules and keeps everything.
func simulate(_ series: [CandleSeries], _ rules: [ScriptedRule], range: Range<Int>? = nil,
              settings: SimulationSettings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0))
    throws -> (PerformanceSummary, FullRecording) {
    let market = try Market(series.map { SeriesContext(series: $0) })
    var recorder = FullRecording()
    let summary = Simulator.run(market: market, rules: rules, range: range ?? 0..<market.count,
                                settings: settings, recorder: &recorder)
    return (summary, recorder)
}
