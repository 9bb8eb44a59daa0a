import GRDB
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
            let rows = try Row.fetchCursor(db, sql: """
                SELECT open_time, open, high, low, close, volume FROM candle
                WHERE symbol = ? AND timeframe = ? AND open_time >= ? AND open_time < ?
                ORDER BY open_time
                """, arguments: [symbol, timeframe.rawValue, from, to])
            while let row = try rows.next() {
                series.append(Candle(openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5]))
            }
            return series
        }
    }
}
