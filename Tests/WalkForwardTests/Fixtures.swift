import Backtesting
import MarketData
@testable import WalkForward

/// Midnight UTC of a calendar date, in epoch milliseconds.
func utc(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
    UTCTime.milliseconds(year: year, month: month, day: day)
}

let hour: Int64 = 3_600_000
let day: Int64 = UTCTime.millisecondsPerDay

/// A `ParameterSet` of numbers, in the order given.
func numbers(_ pairs: KeyValuePairs<String, Double>) -> ParameterSet {
    ParameterSet(pairs.map { ($0.key, ParameterValue.number($0.value)) })
}

/// The SPEC's example search: rsi_period [7, 14, 21] × rsi_oversold [20, 25, 30] × rsi_overbought [70, 75, 80].
let rsiSpace = ParameterSpace([
    .init(name: "rsi_period", values: [7, 14, 21].map { .number($0) }),
    .init(name: "rsi_oversold", values: [20, 25, 30].map { .number($0) }),
    .init(name: "rsi_overbought", values: [70, 75, 80].map { .number($0) }),
])

/// Hourly synthetic candles and backtesters shared by the optimizer and evaluator tests.
enum Synthetic {
    /// 2024-01-01 to 2024-05-01, hourly (2 904 candles).
    static let series = SyntheticMarket(seed: 7).candles(
        symbol: "BTCUSDT", timeframe: .oneHour, from: utc(2024, 1, 1), to: utc(2024, 5, 1))

    static let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0.1)

    static func market(_ series: CandleSeries = series) -> Market {
        try! Market(series)
    }

    /// One rsi backtester per combination of `space`, in grid order.
    static func combinations(_ space: ParameterSpace = rsiSpace, market: Market = market()) -> [Combination] {
        space.grid().map { parameters in
            Combination(searched: parameters,
                        backtester: try! Backtester(strategy: StrategyDefinition.rsi, parameters: parameters,
                                                    market: market, settings: settings))
        }
    }

    /// `series` without the candles opening in `[from, to)`.
    static func series(withoutCandlesFrom from: Int64, to: Int64) -> CandleSeries {
        CandleSeries(symbol: series.symbol, timeframe: series.timeframe,
                     candles: series.indices.map { series[$0] }.filter { $0.openTime < from || $0.openTime >= to })
    }
}
