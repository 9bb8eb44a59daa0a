extension CandleSeries {
    /// A series fitted to `calendar`, and what had to change.
    public struct Conformed: Sendable {
        public var series: CandleSeries
        /// `original[i]`: the index in the series given of candle `i` of ``series``.
        public var original: [Int]
        /// Candles outside every session (pre- and after-market, weekends), left out.
        public var outsideSessions: Int
        /// The first candle (index in the series given) inside a session but off its grid.
        public var firstOffGrid: (index: Int, session: TradingCalendar.Session)?
    }

    /// The candles `calendar` expects, from this series: daily candles are stamped at their
    /// session's open (``TradingCalendar/sessionOpen(ofDailyCandleAt:)``: a CSV's `2024-01-02`
    /// is that day's session), candles outside every session are left out and counted, and the
    /// first candle inside a session but off its grid is named (an error for the caller to
    /// report with its file and line). On `24/7` nothing changes.
    public func conformed(to calendar: TradingCalendar) -> Conformed {
        guard !calendar.isAlwaysOpen else {
            return Conformed(series: self, original: Array(indices), outsideSessions: 0, firstOffGrid: nil)
        }
        var result = CandleSeries(symbol: symbol, timeframe: timeframe)
        result.reserveCapacity(count)
        var original: [Int] = []
        original.reserveCapacity(count)
        var outside = 0
        var firstOffGrid: (Int, TradingCalendar.Session)?
        let daily = timeframe.milliseconds >= Timeframe.oneDay.milliseconds
        for index in indices {
            var candle = self[index]
            if daily {
                guard let open = calendar.sessionOpen(ofDailyCandleAt: candle.openTime) else {
                    outside += 1
                    continue
                }
                candle.openTime = open
            } else {
                switch calendar.placement(ofCandleOpeningAt: candle.openTime, timeframe: timeframe) {
                case .expected: break
                case .outsideSessions:
                    outside += 1
                    continue
                case let .offGrid(session):
                    if firstOffGrid == nil { firstOffGrid = (index, session) }
                    continue
                }
            }
            result.append(candle)
            original.append(index)
        }
        return Conformed(series: result, original: original, outsideSessions: outside, firstOffGrid: firstOffGrid)
    }

    /// The holes in the series by `calendar`: expected candles missing between two present
    /// ones (a weekend or a holiday is not a hole; a missing trading day or an hour missing
    /// inside a session is). On `24/7`, ``gaps()``.
    public func gaps(calendar: TradingCalendar) -> GapReport {
        guard !calendar.isAlwaysOpen else { return gaps() }
        let step = timeframe.milliseconds
        var gaps: [GapReport.Gap] = []
        for index in indices.dropFirst() where openTimes[index] - openTimes[index - 1] > step {
            let missing = calendar.expectedCount(timeframe: timeframe, from: openTimes[index - 1] + 1, to: openTimes[index])
            if missing > 0 {
                gaps.append(.init(afterOpenTime: openTimes[index - 1], nextOpenTime: openTimes[index], missingCandles: missing))
            }
        }
        return GapReport(timeframe: timeframe, gaps: gaps)
    }

    /// ``validate()`` with `calendar`'s grid: on a calendar other than `24/7` a candle must
    /// open at an expected time (its session's open plus whole intervals).
    public func validate(calendar: TradingCalendar) throws(MarketDataError) {
        guard !calendar.isAlwaysOpen else { return try validate() }
        try validate(checkingGrid: false)
        for index in indices where calendar.placement(ofCandleOpeningAt: openTimes[index], timeframe: timeframe) != .expected {
            throw .offSessionGrid(symbol: symbol, index: index, openTime: openTimes[index], timeframe: timeframe, calendar: calendar.name)
        }
    }
}
