import MarketData

/// Writes candles as Binance's klines JSON, byte for byte in its style:
///
/// `[1704067200000,"42283.58000000","42298.62000000","42261.02000000","42298.61000000","35.92724000",1704067499999,"1519032.69876680",1446,"21.06084000","890622.36052360","0"]`
///
/// Open time and close time (`open + interval − 1`) are numbers; prices and volumes are
/// strings with 8 decimals. A ``CandleSeries`` has no quote volume, trade count or taker
/// volumes, so those are made up from the candle (quote volume = volume × mean price,
/// half of each bought by takers) — plausible, deterministic, and ignored by the client.
enum KlineRowEncoder {
    static func encode(_ series: CandleSeries, range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count * 200 + 2)
        out.append(UInt8(ascii: "["))
        let closeOffset = series.timeframe.milliseconds - 1
        for index in range {
            if index != range.lowerBound { out.append(UInt8(ascii: ",")) }
            let candle = series[index]
            let meanPrice = (candle.open + candle.high + candle.low + candle.close) / 4
            let quoteVolume = candle.volume * meanPrice
            let trades = Int64(min(max(candle.volume * 10, 1), 1e12))
            out.append(UInt8(ascii: "["))
            appendInteger(candle.openTime, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(candle.open, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(candle.high, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(candle.low, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(candle.close, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(candle.volume, to: &out)
            out.append(UInt8(ascii: ","))
            appendInteger(candle.openTime + closeOffset, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(quoteVolume, to: &out)
            out.append(UInt8(ascii: ","))
            appendInteger(trades, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(candle.volume / 2, to: &out)
            out.append(UInt8(ascii: ","))
            appendQuoted(quoteVolume / 2, to: &out)
            out.append(contentsOf: rowEnd)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// `"42283.58000000"`: the value rounded to 8 decimals, in quotes.
    ///
    /// Binance's prices and volumes have at most 8 decimals, so `value × 10^8` is within a
    /// rounding error of a whole number and its digits are the decimal exactly: parsing the
    /// string gives back the same `Double`.
    static func appendQuoted(_ value: Double, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let scaled = (value * 1e8).rounded()
        if value.isFinite, abs(scaled) < 9e18 {
            var units = Int64(scaled)
            if units < 0 {
                out.append(UInt8(ascii: "-"))
                units = -units
            }
            appendInteger(units / 100_000_000, to: &out)
            // The 8 decimals, leading zeros included: 100_000_000 + fraction has 9 digits.
            appendInteger(100_000_000 + units % 100_000_000, to: &out)
            out[out.count - 9] = UInt8(ascii: ".")
        } else {
            out.append(contentsOf: Array("\(value)".utf8))
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    private static let rowEnd = Array(",\"0\"]".utf8)
}
