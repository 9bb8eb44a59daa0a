import GRDB
import RunRecords
import GRDBSQLite
import MarketData

extension WFODatabase {
    /// Inserts or replaces candles (idempotent: the same candle twice is stored once).
    public func upsert(_ series: CandleSeries) throws(StorageError) {
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO candle (symbol, timeframe, open_time, open, high, low, close, volume)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, timeframe, open_time) DO UPDATE SET
                  open = excluded.open, high = excluded.high, low = excluded.low,
                  close = excluded.close, volume = excluded.volume
                """)
            for index in series.indices {
                try statement.execute(arguments: [
                    series.symbol, series.timeframe.rawValue, series.openTimes[index], series.opens[index],
                    series.highs[index], series.lows[index], series.closes[index], series.volumes[index],
                ])
            }
        }
    }

    /// The cached candles opening in `[from, to)`, in time order.
    public func candles(symbol: String, timeframe: Timeframe, from: Int64, to: Int64) throws(StorageError) -> CandleSeries {
        try read { db in
            var series = CandleSeries(symbol: symbol, timeframe: timeframe)
            let arguments: StatementArguments = [symbol, timeframe.rawValue, from, to]
            let statement = try db.makeStatement(sql: """
                SELECT open_time, open, high, low, close, volume FROM candle
                WHERE symbol = ? AND timeframe = ? AND open_time >= ? AND open_time < ?
                ORDER BY open_time
                """)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            // Every column is NOT NULL with a fixed type: read them straight off the SQLite
            // statement the cursor steps (GRDB's `Row` subscripts convert through `DatabaseValue`).
            let sqlite = statement.sqliteStatement
            while try rows.next() != nil {
                series.append(Candle(openTime: sqlite3_column_int64(sqlite, 0), open: sqlite3_column_double(sqlite, 1),
                                     high: sqlite3_column_double(sqlite, 2), low: sqlite3_column_double(sqlite, 3),
                                     close: sqlite3_column_double(sqlite, 4), volume: sqlite3_column_double(sqlite, 5)))
            }
            return series
        }
    }
}

extension WFODatabase {
    /// The half-open time ranges in `[from, to)` whose candles (on the timeframe's grid) are
    /// not in the cache, in order; contiguous missing candles form one range.
    public func missingRanges(symbol: String, timeframe: Timeframe, from: Int64, to: Int64) throws(StorageError) -> [Range<Int64>] {
        let step = timeframe.milliseconds
        let first = timeframe.firstOpenTime(atOrAfter: from)
        guard first < to else { return [] }
        var ranges: [Range<Int64>] = []
        var expected = first
        try read { db in
            let statement = try db.makeStatement(sql: """
                SELECT open_time FROM candle WHERE symbol = ? AND timeframe = ? AND open_time >= ? AND open_time < ?
                ORDER BY open_time
                """)
            let rows = try Row.fetchCursor(statement, arguments: [symbol, timeframe.rawValue, first, to])
            let sqlite = statement.sqliteStatement   // NOT NULL integer: read it straight off the statement
            while try rows.next() != nil {
                let time = sqlite3_column_int64(sqlite, 0)
                guard time >= expected else { continue }
                if time > expected { ranges.append(expected..<time) }
                expected = time + step
            }
        }
        if expected < to { ranges.append(expected..<to) }
        return ranges
    }

    /// One summary per cached symbol and timeframe.
    /// - Throws: ``StorageError/damaged(path:_:)`` for a cached timeframe wfo does not know.
    public func cacheSummaries() throws(StorageError) -> [CacheSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT symbol, timeframe, MIN(open_time) AS first, MAX(open_time) AS last, COUNT(*) AS count
                FROM candle GROUP BY symbol, timeframe ORDER BY symbol, timeframe
                """).map { row -> CacheSummary in
                let row = StoredRow(row, table: "candle")
                let text: String = try row.value("timeframe")
                guard let timeframe = Timeframe(rawValue: text) else {
                    throw row.damage("timeframe", found: "an unknown timeframe", expected: "one of \(Timeframe.allSpellings)")
                }
                let symbol: String = try row.value("symbol")
                let step = timeframe.milliseconds
                let gaps = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM (SELECT open_time - LAG(open_time) OVER (ORDER BY open_time) AS delta
                    FROM candle WHERE symbol = ? AND timeframe = ?) WHERE delta > ?
                    """, arguments: [symbol, timeframe.rawValue, step]) ?? 0
                let first: Int64 = try row.value("first"), last: Int64 = try row.value("last"), count: Int = try row.value("count")
                return CacheSummary(symbol: symbol, timeframe: timeframe, firstOpenTime: first, lastOpenTime: last, count: count,
                                    gaps: gaps, missingCandles: Int((last - first) / step) + 1 - count)
            }
        }
    }
}
