import MarketData

/// The candles of every symbol of a run, in one sealed binary file (`candles.bin` in the work
/// folder): what the client loaded, so that no task calls Binance or reads the user's CSV
/// paths, and every task builds the very market the client checked.
///
/// Layout (``ByteWriter``): `WFOCANDLES1`, the series count, then per series its symbol,
/// timeframe, and the open times, opens, highs, lows, closes and volumes as arrays; a SHA-256
/// trailer.
public enum CandleFile {
    static let magic = "WFOCANDLES1"

    public static func encode(_ series: [CandleSeries]) -> [UInt8] {
        var writer = ByteWriter(magic: magic)
        writer.int(series.count)
        for one in series {
            writer.string(one.symbol)
            writer.string(one.timeframe.rawValue)
            writer.int64s(one.openTimes)
            for column in [one.opens, one.highs, one.lows, one.closes, one.volumes] { writer.doubles(column) }
        }
        return writer.sealed()
    }

    /// - Throws: ``ClusterError/damaged(_:reason:)`` naming `path` when the bytes are not a whole candle file.
    public static func decode(_ bytes: [UInt8], path: String) throws(ClusterError) -> [CandleSeries] {
        do throws(ByteReader.Damaged) {
            var reader = try ByteReader(sealed: bytes, magic: magic)
            var series: [CandleSeries] = []
            for _ in 0..<(try reader.int()) {
                let symbol = try reader.string()
                let spelling = try reader.string()
                guard let timeframe = Timeframe(rawValue: spelling) else { throw ByteReader.Damaged(description: "unknown timeframe \(spelling)") }
                let openTimes = try reader.int64s()
                let columns = try (0..<5).map { _ throws(ByteReader.Damaged) in try reader.doubles() }
                guard columns.allSatisfy({ $0.count == openTimes.count }) else { throw ByteReader.Damaged(description: "columns of unequal length") }
                series.append(CandleSeries(symbol: symbol, timeframe: timeframe, openTimes: openTimes, opens: columns[0],
                                           highs: columns[1], lows: columns[2], closes: columns[3], volumes: columns[4]))
            }
            guard reader.isAtEnd else { throw ByteReader.Damaged(description: "bytes after the last series") }
            return series
        } catch {
            throw .damaged(path, reason: error.description)
        }
    }
}
