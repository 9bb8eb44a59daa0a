import MarketData

/// Drawdown and risk-adjusted return of an equity curve given as points, with the same
/// formulas as ``PerformanceSummary`` (day ends are the last point of each trading day).
public struct EquityStatistics: Sendable, Hashable {
    public var returnPct: Double
    public var maxDrawdown: Double
    public var sharpeRatio: Double?
    public var sortinoRatio: Double?
    public var days: Int

    /// - Parameters:
    ///   - times: close times (epoch ms) in increasing order; the point at `times[i]` belongs
    ///     to the UTC day of `times[i] − 1 ms` (a candle closing at midnight ends that day).
    ///   - values: equity at those times.
    ///   - initial: equity before the first point.
    ///   - dayEnds: which points end a trading day (a calendar's sessions); nil: the last point
    ///     of each UTC day.
    ///   - tradingDaysPerYear: annualises Sharpe and Sortino (365 on `24/7`).
    public init(times: [Int64], values: [Double], initial: Double, dayEnds: [Bool]? = nil, tradingDaysPerYear: Double = 365) {
        precondition(times.count == values.count && (dayEnds == nil || dayEnds!.count == times.count))
        var accumulator = PerformanceAccumulator(initialEquity: initial)
        for index in values.indices {
            let ends = dayEnds.map { $0[index] || index + 1 == values.count } ?? (index + 1 == values.count
                || UTCTime.day(ofMilliseconds: times[index + 1] - 1) != UTCTime.day(ofMilliseconds: times[index] - 1))
            accumulator.mark(equity: values[index], exposed: false, dayEnds: ends)
        }
        let summary = accumulator.summary(finalEquity: values.last ?? initial, buyAndHold: 0, calendarDays: 0,
                                          tradingDaysPerYear: tradingDaysPerYear)
        returnPct = summary.roi
        maxDrawdown = summary.maxDrawdown
        sharpeRatio = summary.sharpeRatio
        sortinoRatio = summary.sortinoRatio
        days = summary.days
    }
}
