import MarketData

/// One page of klines as the client accepts it, and the paging rule.
///
/// Binance answers `startTime ≤ openTime ≤ endTime`, ascending, at most `limit` rows. So
/// the page after one whose last candle opens at `t` starts at exactly `t + interval`:
/// not `t` (a duplicate), not `t + 2 × interval` or the last close time `+ interval`
/// (each skips a candle per page — the original system's bug, pinned by
/// `pagingBoundaryNeitherSkipsNorDoublesACandle`).
struct KlinePage: Sendable {
    /// The candles opening in `[start, to)`, in order.
    var candles: [Candle]
    /// How many rows Binance sent, before dropping any at or after `to`.
    var rowCount: Int
    /// The open time of the last row sent, if any.
    var lastOpenTime: Int64?

    /// Where the next page starts after a page whose last candle opens at `lastOpenTime`.
    static func nextStartTime(afterLastOpenTime lastOpenTime: Int64, timeframe: Timeframe) -> Int64 {
        lastOpenTime + timeframe.milliseconds
    }

    /// Whether another page is needed after this one: the page was full and the next
    /// start is still before `to`.
    func nextStartTime(limit: Int, to: Int64, timeframe: Timeframe) -> Int64? {
        guard rowCount >= limit, let lastOpenTime else { return nil }
        let next = Self.nextStartTime(afterLastOpenTime: lastOpenTime, timeframe: timeframe)
        return next < to ? next : nil
    }

    /// Checks the rows of the page requested from `start` and keeps those before `to`.
    ///
    /// Rows must be strictly increasing, open at or after `start`, sit on the timeframe's
    /// grid, and close one interval after they open; rows at or after `to` are dropped
    /// (Binance never sends them for `endTime = to − 1`, but a proxy might).
    ///
    /// - Throws: ``KlinesParseError`` naming the first bad row.
    init(rows: [KlineRow], start: Int64, to: Int64, timeframe: Timeframe) throws(KlinesParseError) {
        let step = timeframe.milliseconds
        let checksGrid = timeframe != .oneWeek && timeframe != .threeDays
        var candles: [Candle] = []
        candles.reserveCapacity(rows.count)
        var previous: Int64?
        for (index, row) in rows.enumerated() {
            let number = index + 1
            let time = UTCTime.format(milliseconds: row.openTime)
            if let previous, row.openTime <= previous {
                throw KlinesParseError(message: "row \(number) opens at \(time), not after the row before it")
            }
            guard row.openTime >= start else {
                throw KlinesParseError(message: "row \(number) opens at \(time), before the requested start \(UTCTime.format(milliseconds: start))")
            }
            if checksGrid, row.openTime % step != 0 {
                throw KlinesParseError(message: "row \(number) opens at \(time), not on the \(timeframe.rawValue) grid")
            }
            if let closeTime = row.closeTime, closeTime != row.openTime + step - 1 {
                throw KlinesParseError(message: "row \(number) closes at \(closeTime), not one \(timeframe.rawValue) interval after it opens (\(row.openTime))")
            }
            previous = row.openTime
            if row.openTime < to {
                candles.append(Candle(openTime: row.openTime, open: row.open, high: row.high, low: row.low,
                                      close: row.close, volume: row.volume))
            }
        }
        self.candles = candles
        self.rowCount = rows.count
        self.lastOpenTime = rows.last?.openTime
    }
}

extension BinanceKlinesClient {
    /// The candles of one `GET /api/v3/klines` answer body for the page requested from `start`
    /// (those before `to`), checked exactly as the client checks a page it fetched.
    ///
    /// - Throws: ``KlinesParseError`` saying what is wrong and where.
    public static func candles(inBody body: some Collection<UInt8>, start: Int64, to: Int64,
                               timeframe: Timeframe) throws(KlinesParseError) -> [Candle] {
        try KlinePage(rows: try KlinesParser.parse(body), start: start, to: to, timeframe: timeframe).candles
    }
}
