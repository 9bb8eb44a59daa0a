import MarketData

/// Drawdown and risk-adjusted return of an equity curve given as points, with the same
/// formulas as ``PerformanceSummary`` (day ends are the last point of each UTC day).
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
    public init(times: [Int64], values: [Double], initial: Double) {
        precondition(times.count == values.count)
        var accumulator = PerformanceAccumulator(initialEquity: initial)
        for index in values.indices {
            let dayEnds = index + 1 == values.count
                || UTCTime.day(ofMilliseconds: times[index + 1] - 1) != UTCTime.day(ofMilliseconds: times[index] - 1)
            accumulator.mark(equity: values[index], exposed: false, dayEnds: dayEnds)
        }
        let summary = accumulator.summary(finalEquity: values.last ?? initial, buyAndHold: 0, calendarDays: 0)
        returnPct = summary.roi
        maxDrawdown = summary.maxDrawdown
        sharpeRatio = summary.sharpeRatio
        sortinoRatio = summary.sortinoRatio
        days = summary.days
    }
}
