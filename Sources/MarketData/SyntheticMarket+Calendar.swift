extension SyntheticMarket {
    /// The candles in `[from, to)` of a market that trades on `calendar`'s sessions, offline: the
    /// 24/7 market at a finer interval — the longest whose grid every session's open and close
    /// and the timeframe sit on (30 minutes for XNYS, an hour for FX at 17:00 New York) —
    /// aggregated over each expected candle's span within its session (open of the first fine
    /// candle, highest high, lowest low, close of the last, summed volume). The price keeps
    /// moving between sessions, so each session opens with an overnight or weekend gap, as a
    /// stock's does. On `24/7` these are ``candles(symbol:timeframe:from:to:)``.
    public func candles(symbol: String, timeframe: Timeframe, from: Int64, to: Int64, calendar: TradingCalendar) -> CandleSeries {
        guard !calendar.isAlwaysOpen else { return candles(symbol: symbol, timeframe: timeframe, from: from, to: to) }
        let step = timeframe.milliseconds
        let sessions = calendar.sessions(overlapping: max(from, Self.origin) - step, to)
        var series = CandleSeries(symbol: symbol, timeframe: timeframe)
        guard let first = sessions.first, let last = sessions.last else { return series }
        let base = Self.baseTimeframe(sessions: sessions, timeframe: timeframe)
        let fine = candles(symbol: symbol, timeframe: base, from: first.open, to: last.close)
        var cursor = 0
        for session in sessions {
            for openTime in calendar.expectedOpenTimes(in: session, timeframe: timeframe) where openTime >= from && openTime < to {
                let end = min(step >= Timeframe.oneDay.milliseconds ? session.close : openTime + step, session.close)
                while cursor < fine.count, fine.openTimes[cursor] < openTime { cursor += 1 }
                var index = cursor
                var high = -Double.infinity, low = Double.infinity, volume = 0.0
                while index < fine.count, fine.openTimes[index] < end {
                    high = max(high, fine.highs[index])
                    low = min(low, fine.lows[index])
                    volume += fine.volumes[index]
                    index += 1
                }
                guard index > cursor else { continue }
                series.append(Candle(openTime: openTime, open: fine.opens[cursor], high: high, low: low,
                                     close: fine.closes[index - 1], volume: volume))
                cursor = index
            }
        }
        return series
    }

    /// The longest interval of 1m to 1h whose multiples every session boundary and (below a
    /// day) the timeframe are.
    static func baseTimeframe(sessions: [TradingCalendar.Session], timeframe: Timeframe) -> Timeframe {
        let candidates: [Timeframe] = [.oneHour, .thirtyMinutes, .fifteenMinutes, .fiveMinutes, .threeMinutes, .oneMinute]
        return candidates.first { base in
            let size = base.milliseconds
            return (timeframe.milliseconds >= Timeframe.oneDay.milliseconds || timeframe.milliseconds % size == 0)
                && sessions.allSatisfy { $0.open % size == 0 && $0.close % size == 0 }
        } ?? .oneMinute
    }
}
