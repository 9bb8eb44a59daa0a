import Backtesting
import Foundation
import MarketData
import StudyFile

/// Portfolio throughput (issue 33): one backtest of 100 symbols × 10 years of daily candles, and
/// candle-symbol evaluations per second per core in a search over the same universe. The
/// universe is the synthetic market's, half of it listed late and a tenth delisted early, so
/// the union axis, listings and delistings are all exercised.
enum PortfolioBenchmark {
    static let symbolCount = 100

    static func study(mode: String) throws -> Study {
        let symbols = (0..<symbolCount).map { String(format: "S%03d", $0) }.joined(separator: ", ")
        let strategy = mode == "rotation"
            ? "strategy: rotation\nparameter_ranges: {lookback: [30, 60, 90, 120]}"
            : "strategy: rules\nrules: {long_entry: \"close > sma(close, n)\", long_exit: \"close < sma(close, n)\"}\nstrategy_params: {stop_loss_atr: 0, take_profit_atr: 0}\nparameter_ranges: {n: [20, 30, 40, 50, 60, 70, 80, 90], lookback: [30, 60, 90, 120]}"
        let portfolio = mode == "rotation"
            ? "portfolio: {max_positions: 10, rank_by: \"roc(close, lookback)\", mode: rotation, rebalance: weekly, filter: \"close > sma(close, 100)\", sizing: {model: equal}}"
            : "portfolio: {max_positions: 10, rank_by: \"roc(close, lookback)\", mode: signals, sizing: {model: equal}}"
        return try StudyParser.parse("""
            name: Portfolio bench
            symbols: [\(symbols)]
            timeframe: 1d
            start_date: 2020-06-01
            end_date: 2030-01-01
            training_window_days: 720
            testing_window_days: 360
            step_days: 360
            initial_capital: 1000000
            \(strategy)
            \(portfolio)
            data: {source: synthetic, seed: 5}
            """, path: "portfolio-bench.yaml")
    }

    static func run() throws {
        let start = UTCTime.milliseconds(year: 2020, month: 1, day: 1), end = UTCTime.milliseconds(year: 2030, month: 1, day: 1)
        var contexts: [SeriesContext] = []
        for index in 0..<symbolCount {
            let full = SyntheticMarket(seed: 5).candles(symbol: String(format: "S%03d", index), timeframe: .oneDay, from: start, to: end)
            // Half list later (up to 4 years), a tenth delist a year before the end.
            let first = index % 2 == 0 ? 0 : (index * 29) % 1_460
            let last = index % 10 == 3 ? full.count - 365 : full.count
            contexts.append(SeriesContext(series: full.slice(first..<last)))
        }
        let market = try Market(universe: contexts)
        let candleSymbols = contexts.reduce(0) { $0 + $1.series.count }
        for mode in ["signals", "rotation"] {
            let study = try study(mode: mode)
            let parameters = study.parameterSpace.combination(at: 0).overriding(study.strategyParams)
            let backtester = try Backtester(strategy: study.strategy, parameters: parameters, market: market, settings: study.simulationSettings)
            _ = backtester.summarize(range: 0..<market.count)   // columns computed once, as a search shares them
            let figure = measure(21) { _ = backtester.summarize(range: 0..<market.count) }
            row("portfolio \(mode) 100 × 10y 1d", figure, "\(candleSymbols) candle-symbols, \(market.count) axis candles; target ≤ 10 ms")
        }
        // A search on one thread: every combination bound and simulated (columns shared, as in a run).
        let study = try study(mode: "signals")
        let combinations = (0..<study.combinationCount).map { study.parameterSpace.combination(at: $0).overriding(study.strategyParams) }
        let fresh = try Market(universe: contexts.map { SeriesContext(series: $0.series) })
        var first = true
        var searchTime = 0.0
        for _ in 0..<3 {
            let figure = try measure(1) {
                for parameters in combinations {
                    _ = try Backtester(strategy: study.strategy, parameters: parameters, market: fresh,
                                       settings: study.simulationSettings).summarize(range: 0..<fresh.count)
                }
            }
            if first { first = false; continue }   // the first pass computes the indicator columns
            searchTime = searchTime == 0 ? figure.median : min(searchTime, figure.median)
        }
        let rate = Double(candleSymbols * combinations.count) / (searchTime / 1_000)
        row("portfolio search, \(combinations.count) combinations, 1 thread", (searchTime, searchTime),
            String(format: "%.0f M candle-symbol evaluations/s/core (target ≥ 50 M)", rate / 1e6))
    }
}
