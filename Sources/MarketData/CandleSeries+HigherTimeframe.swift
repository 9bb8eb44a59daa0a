/// Candles of a higher timeframe built from a series' own (``CandleSeries/higherTimeframe(_:calendar:)``),
/// and which of them each candle of the series may see.
public struct HigherTimeframeCandles: Sendable {
    /// The higher-timeframe candles, complete ones only.
    public let series: CandleSeries
    /// When each closes (UTC ms): its open plus the interval, or its session's close when that
    /// comes first on a calendar.
    public let closeTimes: [Int64]
    /// For each candle of the base series, the index of the last higher-timeframe candle closed
    /// by the base candle's close; -1 before the first. A candle never sees the one still forming.
    public let lastClosed: [Int]
}

extension CandleSeries {
    /// The candles of `timeframe` (higher than this series') that these candles make up: open
    /// of the first, highest high, lowest low, close of the last, summed volume.
    ///
    /// Buckets: on `24/7`, multiples of the interval since 1970 (UTC days for `1d`; weeks from
    /// Monday for `1w`); on another calendar, a session for `1d`, and within a session its open
    /// plus whole intervals for shorter ones (so `4h` on XNYS is 09:30–13:30 and 13:30–16:00).
    /// A bucket the series starts inside is left out (its first candles are missing), so every
    /// higher-timeframe candle is complete up to the holes of the data.
    ///
    /// A base candle sees the higher-timeframe candle whose close is at or before its own close
    /// (``HigherTimeframeCandles/lastClosed``): the daily candle of a day is seen from that
    /// day's last hourly candle on, never while it forms.
    public func higherTimeframe(_ timeframe: Timeframe, calendar: TradingCalendar) -> HigherTimeframeCandles {
        let step = self.timeframe.milliseconds
        var result = CandleSeries(symbol: symbol, timeframe: timeframe)
        var closeTimes: [Int64] = []
        var currentKey: Int64?
        var skipping = false
        var session: TradingCalendar.Session?
        for index in indices {
            let time = openTimes[index]
            let (key, close) = Self.bucket(of: time, timeframe: timeframe, calendar: calendar, session: &session)
            if key != currentKey {
                currentKey = key
                // The series starts inside this bucket: leave it out.
                skipping = result.isEmpty && time > key
                if !skipping {
                    result.append(self[index])
                    closeTimes.append(close)
                }
            } else if !skipping {
                let last = result.count - 1
                result.highs[last] = max(result.highs[last], highs[index])
                result.lows[last] = min(result.lows[last], lows[index])
                result.closes[last] = closes[index]
                result.volumes[last] += volumes[index]
            }
        }
        // The last higher candle closed by each base candle's close (both increase).
        var lastClosed = [Int](repeating: -1, count: count)
        var next = 0
        for index in indices {
            let close = openTimes[index] + step
            while next < closeTimes.count, closeTimes[next] <= close { next += 1 }
            lastClosed[index] = next - 1
        }
        return HigherTimeframeCandles(series: result, closeTimes: closeTimes, lastClosed: lastClosed)
    }

    /// The bucket (its open) and close of the higher-timeframe candle holding a candle opening at `time`.
    private static func bucket(of time: Int64, timeframe: Timeframe, calendar: TradingCalendar,
                               session: inout TradingCalendar.Session?) -> (Int64, Int64) {
        let size = timeframe.milliseconds
        if calendar.isAlwaysOpen {
            if timeframe == .oneWeek {
                // Weeks from Monday: 1970-01-05 (day 4) was one.
                let monday = 4 * UTCTime.millisecondsPerDay
                let open = UTCTime.floorDivide(time - monday, size) * size + monday
                return (open, open + size)
            }
            let open = timeframe.openTime(containing: time)
            return (open, open + size)
        }
        if session == nil || !(session!.open <= time && time < session!.close) { session = calendar.session(containing: time) }
        guard let current = session else { return (time, time + size) }
        if size >= Timeframe.oneDay.milliseconds { return (current.open, current.close) }
        let open = current.open + (time - current.open) / size * size
        return (open, min(open + size, current.close))
    }
}
