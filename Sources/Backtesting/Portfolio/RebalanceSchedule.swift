import MarketData

/// The closes at which a rotation re-ranks its universe (docs/portfolio.md, "Rebalance times").
///
/// - `every_candle`: every close of the range;
/// - `daily`, `weekly`, `monthly`: the range's first close, then the last close of each trading
///   day, week (Monday to Sunday) and calendar month. A trading day is a session of the
///   market's calendar (a UTC day on `24/7`); its date is the local date its session ends on,
///   and its week and month are that date's — so a Friday session ends a stock week;
/// - `n` candles: the range's first close, then every `n`-th axis candle after it.
enum RebalanceSchedule {
    /// `flags[k]` is true when the close of axis candle `range.lowerBound + k` rebalances.
    static func flags(_ rebalance: Portfolio.Rebalance, candles: Int, market: Market, range: Range<Int>) -> [Bool] {
        var flags = [Bool](repeating: false, count: range.count)
        guard !range.isEmpty else { return flags }
        switch rebalance {
        case .everyCandle:
            return [Bool](repeating: true, count: range.count)
        case .candles:
            let step = max(1, candles)
            for offset in stride(from: 0, to: range.count, by: step) { flags[offset] = true }
            return flags
        case .daily, .weekly, .monthly:
            let zone = market.calendar.timeZone
            let ends = market.isLastCandleOfSession
            let calendar = market.calendar
            func period(_ index: Int) -> Int64 {
                // The day a session ends: a daily FX candle opening Sunday 17:00 New York is Monday's.
                let open = market.openTimes[index]
                let day = calendar.isAlwaysOpen ? UTCTime.day(ofMilliseconds: open)
                    : calendar.session(containing: open).map { zone.localDay(of: $0.close - 1) } ?? zone.localDay(of: open)
                switch rebalance {
                case .weekly: return UTCTime.floorDivide(day + 3, 7)   // 1970-01-01 was a Thursday: weeks start on Monday
                case .monthly:
                    let date = UTCTime.civil(fromDays: day)
                    return Int64(date.year * 12 + date.month)
                default: return day
                }
            }
            // Walking back, the period of the next session's last candle is known at each session end.
            var nextPeriod: Int64?
            for index in range.reversed() where ends[index] || index == range.upperBound - 1 {
                let current = period(index)
                flags[index - range.lowerBound] = nextPeriod.map { $0 != current } ?? true
                nextPeriod = current
            }
            flags[0] = true
            return flags
        }
    }
}
