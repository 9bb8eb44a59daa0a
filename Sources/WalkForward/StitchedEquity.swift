import Backtesting
import MarketData

/// The out-of-sample equity of every window chained in time order (SPEC section 8).
///
/// Each window trades from the study's initial capital; its curve is chained as returns:
/// `stitched(t) = stitched(start of segment) × E_w(t) / E_w(before segment)`. When testing
/// windows overlap, a window's segment ends where the next window's testing begins (the
/// last point before that time carries the chain on).
public struct StitchedEquity: Sendable, Hashable {
    public var times: [Int64]
    public var values: [Double]
    public var initial: Double

    /// One window's out-of-sample curve: close times and equity, starting from `initial`.
    public struct Segment: Sendable {
        public var testingStart: Int64
        public var times: [Int64]
        public var values: [Double]

        public init(testingStart: Int64, times: [Int64], values: [Double]) {
            self.testingStart = testingStart
            self.times = times
            self.values = values
        }
    }

    /// - Parameter segments: in window order.
    public init(segments: [Segment], initial: Double) {
        self.initial = initial
        times = []
        values = []
        var level = initial
        for (position, segment) in segments.enumerated() {
            let cutoff = position + 1 < segments.count ? segments[position + 1].testingStart : Int64.max
            var last = level
            for (time, value) in zip(segment.times, segment.values) where time <= cutoff {
                if let previous = times.last, time <= previous { continue }
                last = level * value / initial
                times.append(time)
                values.append(last)
            }
            level = last
        }
    }

    public var finalValue: Double { values.last ?? initial }

    /// Return, drawdown, Sharpe and Sortino of the stitched curve, its trading days those of
    /// `calendar` (the points are closes of `timeframe` candles).
    public func statistics(calendar: TradingCalendar = .alwaysOpen, timeframe: Timeframe = .oneDay) -> EquityStatistics {
        guard !calendar.isAlwaysOpen else { return EquityStatistics(times: times, values: values, initial: initial) }
        let step = timeframe.milliseconds
        return EquityStatistics(times: times, values: values, initial: initial,
                                dayEnds: calendar.sessionEndFlags(openTimes: times.map { $0 - step }, timeframe: timeframe),
                                tradingDaysPerYear: calendar.tradingDaysPerYear)
    }

    /// At most `limit` points, see ``Curve/downsampled(times:values:limit:)``.
    public func downsampled(to limit: Int) -> (times: [Int64], values: [Double]) {
        Curve.downsampled(times: times, values: values, limit: limit)
    }
}

/// Helpers for curves given as parallel time and value arrays.
public enum Curve {
    /// At most `limit` points for charts and storage, evenly strided, always keeping the last.
    public static func downsampled(times: [Int64], values: [Double], limit: Int) -> (times: [Int64], values: [Double]) {
        precondition(limit >= 2, "a curve keeps at least its first and last points")
        guard times.count > limit else { return (times, values) }
        let stride = (times.count + limit - 2) / (limit - 1)
        var indices = Array(Swift.stride(from: 0, to: times.count, by: stride))
        if indices.last != times.count - 1 { indices.append(times.count - 1) }
        return (indices.map { times[$0] }, indices.map { values[$0] })
    }
}
