extension TradingCalendar {
    /// Whether candles of `timeframe` can follow this calendar: any timeframe on `24/7`, up to
    /// one day on the others (a 3-day or weekly candle has no session to belong to).
    public func supports(_ timeframe: Timeframe) -> Bool {
        isAlwaysOpen || timeframe.milliseconds <= Timeframe.oneDay.milliseconds
    }

    /// The open times of the candles `session` expects: one at its open for daily candles,
    /// else its open and every interval after it while before its close.
    public func expectedOpenTimes(in session: Session, timeframe: Timeframe) -> StrideTo<Int64> {
        let step = timeframe.milliseconds
        if step >= Timeframe.oneDay.milliseconds { return stride(from: session.open, to: session.open + 1, by: Int(step)) }
        return stride(from: session.open, to: session.close, by: Int(step))
    }

    /// The open times in `[from, to)` of every candle the calendar expects, in order. On `24/7`
    /// these are the multiples of the interval since 1970 (3-day and weekly candles included).
    public func expectedOpenTimes(timeframe: Timeframe, from: Int64, to: Int64) -> [Int64] {
        guard to > from else { return [] }
        let step = timeframe.milliseconds
        if isAlwaysOpen {
            return Array(stride(from: timeframe.firstOpenTime(atOrAfter: from), to: to, by: Int(step)))
        }
        return sessions(overlapping: from - step, to).flatMap { session in
            expectedOpenTimes(in: session, timeframe: timeframe).filter { $0 >= from && $0 < to }
        }
    }

    /// How many candles `[from, to)` should hold. On `24/7`, `(to − from) / interval` rounded
    /// down, as windows always counted them.
    public func expectedCount(timeframe: Timeframe, from: Int64, to: Int64) -> Int {
        guard to > from else { return 0 }
        if isAlwaysOpen { return Int((to - from) / timeframe.milliseconds) }
        let step = timeframe.milliseconds
        var count = 0
        for session in sessions(overlapping: from - step, to) {
            if step >= Timeframe.oneDay.milliseconds {
                if session.open >= from, session.open < to { count += 1 }
                continue
            }
            // Grid points open + k·step in [max(from, open), min(to, close)).
            let lower = max(from, session.open), upper = min(to, session.close)
            guard upper > lower else { continue }
            let first = (lower - session.open + step - 1) / step
            let end = (upper - session.open + step - 1) / step
            count += Int(max(0, end - first))
        }
        return count
    }

    /// Where a candle opening at `openTime` stands: expected, outside every session, or inside
    /// one but off its grid.
    public enum Placement: Sendable, Equatable {
        case expected
        case outsideSessions
        /// Inside `session` but not at its open plus a whole number of intervals.
        case offGrid(Session)
    }

    public func placement(ofCandleOpeningAt openTime: Int64, timeframe: Timeframe) -> Placement {
        if isAlwaysOpen {
            let onGrid = timeframe == .oneWeek || timeframe == .threeDays || openTime % timeframe.milliseconds == 0
            return onGrid ? .expected : .offGrid(session(containing: openTime) ?? Session(day: 0, open: 0, close: 0))
        }
        guard let session = session(containing: openTime) else { return .outsideSessions }
        if timeframe.milliseconds >= Timeframe.oneDay.milliseconds { return openTime == session.open ? .expected : .offGrid(session) }
        return (openTime - session.open) % timeframe.milliseconds == 0 ? .expected : .offGrid(session)
    }

    /// The open time a daily candle stamped `openTime` stands for: its session's open. A candle
    /// at a session's open is that session's; one at 00:00 UTC (a date without a time, as CSV
    /// files write daily candles) is the session of that UTC date; any other is the session of
    /// its local date. Nil when that date has no session (a weekend or a holiday).
    public func sessionOpen(ofDailyCandleAt openTime: Int64) -> Int64? {
        if let session = session(containing: openTime), session.open == openTime { return openTime }
        let day = openTime % UTCTime.millisecondsPerDay == 0 ? UTCTime.day(ofMilliseconds: openTime) : timeZone.localDay(of: openTime)
        return session(onDay: day)?.open
    }

    /// `flags[i]` is true when candle `i` (of `openTimes`, increasing) is the last of its
    /// session among these candles: the close at which a trading day's return is taken.
    /// On `24/7` a session is a UTC day: the next candle opens on a later day.
    public func sessionEndFlags(openTimes: [Int64], timeframe: Timeframe) -> [Bool] {
        guard !openTimes.isEmpty else { return [] }
        var flags = [Bool](repeating: false, count: openTimes.count)
        let step = timeframe.milliseconds
        if isAlwaysOpen {
            for index in openTimes.indices.dropLast() {
                flags[index] = UTCTime.day(ofMilliseconds: openTimes[index + 1]) != UTCTime.day(ofMilliseconds: openTimes[index])
            }
        } else {
            var closes: [Int64] = []
            closes.reserveCapacity(openTimes.count)
            var current: Session?
            for time in openTimes {
                if let session = current, session.open <= time, time < session.close {
                    closes.append(session.close)
                    continue
                }
                current = session(containing: time)
                closes.append(current?.close ?? time + step)
            }
            for index in openTimes.indices.dropLast() { flags[index] = closes[index] != closes[index + 1] }
        }
        flags[openTimes.count - 1] = true
        return flags
    }

    /// The open time of the candle `count` expected candles before `time`: where `count` candles
    /// of warm-up start. On `24/7`, `time − count × interval`.
    public func openTime(expectedCandles count: Int, before time: Int64, timeframe: Timeframe) -> Int64 {
        let step = timeframe.milliseconds
        if isAlwaysOpen || count == 0 { return time - Int64(count) * step }
        var remaining = count
        var day = timeZone.localDay(of: time) + 1
        var earliest = time
        // Walk back session by session (at most 40 years).
        for _ in 0..<15_000 {
            if let session = session(onDay: day) {
                let times = expectedOpenTimes(in: session, timeframe: timeframe).filter { $0 < time }
                if times.count >= remaining { return times[times.count - remaining] }
                remaining -= times.count
                if let first = times.first { earliest = first }
            }
            day -= 1
        }
        return earliest
    }

    /// A window boundary moved out of any session: a boundary strictly inside a session moves
    /// to that session's close, so no trading day is cut between two periods.
    public func boundary(_ time: Int64) -> Int64 {
        guard !isAlwaysOpen, let session = session(containing: time), session.open < time else { return time }
        return session.close
    }
}
