import MarketData
import Synchronization

/// One symbol's candles prepared for backtesting: the series, the indicators computed
/// on it so far, and where its trading days end (its calendar's sessions).
///
/// Indicators are causal and computed once over the whole series (warm-up included),
/// then shared by every parameter combination and every window that needs them.
/// A context is safe to share between threads.
public final class SeriesContext: Sendable {
    public let series: CandleSeries
    /// When the market trades: where trading days end, and how many there are in a year.
    public let calendar: TradingCalendar
    /// `true` at the last candle of each session (on `24/7`, of each UTC day): the closes at
    /// which daily returns are taken (``TradingCalendar/sessionEndFlags(openTimes:timeframe:)``).
    public let isLastCandleOfSession: [Bool]
    /// The calendar's ``TradingCalendar/tradingDaysPerYear``, computed once.
    public let tradingDaysPerYear: Double
    private let cache = Mutex<[IndicatorKey: [Double]]>([:])
    private let conditions = Mutex<[String: ConditionColumn]>([:])
    private let higher = Mutex<[Timeframe: (context: SeriesContext, lastClosed: [Int])]>([:])

    public init(series: CandleSeries, calendar: TradingCalendar = .alwaysOpen) {
        self.series = series
        self.calendar = calendar
        isLastCandleOfSession = calendar.sessionEndFlags(openTimes: series.openTimes, timeframe: series.timeframe)
        tradingDaysPerYear = calendar.tradingDaysPerYear
    }

    public var symbol: String { series.symbol }

    /// The indicator named by `key`, computed by `compute` on first use and cached.
    public func indicator(_ key: IndicatorKey, compute: (CandleSeries) -> [Double]) -> [Double] {
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let values = compute(series)
        return cache.withLock { storage in
            if let raced = storage[key] { return raced }
            storage[key] = values
            return values
        }
    }

    /// The condition column named by `key` (a rule with its parameter values), computed by
    /// `compute` on first use and kept for as long as this context: combinations that agree
    /// on a rule share its column.
    public func condition(_ key: String, compute: () -> ConditionColumn) -> ConditionColumn {
        if let cached = conditions.withLock({ $0[key] }) { return cached }
        let column = compute()
        return conditions.withLock { storage in
            if let raced = storage[key] { return raced }
            storage[key] = column
            return column
        }
    }

    /// The candles of a higher timeframe built from this series' (on its calendar), as a
    /// context of their own (indicators on them are computed once and shared too), with the
    /// higher candle each of this series' candles may see (``HigherTimeframeCandles/lastClosed``).
    public func higherTimeframe(_ timeframe: Timeframe) -> (context: SeriesContext, lastClosed: [Int]) {
        if let cached = higher.withLock({ $0[timeframe] }) { return cached }
        let built = series.higherTimeframe(timeframe, calendar: calendar)
        let value = (SeriesContext(series: built.series, calendar: calendar), built.lastClosed)
        return higher.withLock { storage in
            if let raced = storage[timeframe] { return raced }
            storage[timeframe] = value
            return value
        }
    }

    /// How many distinct indicators have been computed on this series.
    public var cachedIndicatorCount: Int { cache.withLock { $0.count } }
}

/// Names one indicator column: a function and its argument values, e.g. `rsi(14)`.
public struct IndicatorKey: Hashable, Sendable, CustomStringConvertible {
    public var function: String
    public var arguments: [Double]

    public init(_ function: String, _ arguments: Double...) {
        self.function = function
        self.arguments = arguments
    }

    public init(function: String, arguments: [Double]) {
        self.function = function
        self.arguments = arguments
    }

    public var description: String {
        "\(function)(\(arguments.map(ParameterValue.format).joined(separator: ", ")))"
    }
}
