/// Heikin-Ashi candles, see ``Indicator/heikinAshi(opens:highs:lows:closes:)``. All
/// arrays have one value per candle, defined from index 0.
public struct HeikinAshi: Sendable, Equatable {
    /// Heikin-Ashi open: the midpoint of the previous Heikin-Ashi candle's body.
    public let open: [Double]
    /// `max(high, open, close)` of the real high and the Heikin-Ashi body.
    public let high: [Double]
    /// `min(low, open, close)` of the real low and the Heikin-Ashi body.
    public let low: [Double]
    /// The mean of the real candle's open, high, low and close.
    public let close: [Double]
}

extension Indicator {
    /// Heikin-Ashi ("average bar") candles.
    ///
    /// - `close[i] = (open + high + low + close) / 4` of candle `i`;
    /// - `open[0] = (open[0] + close[0]) / 2` of the first real candle, then
    ///   `open[i] = (haOpen[i-1] + haClose[i-1]) / 2`;
    /// - `high[i] = max(high, haOpen, haClose)`, `low[i] = min(low, haOpen, haClose)`.
    ///
    /// First defined index: 0. The Heikin-Ashi open depends on the whole history, so
    /// values near the start depend on where the series begins (the dependence halves
    /// with every candle). An empty series gives empty arrays.
    ///
    /// - Parameters:
    ///   - opens: Candle opens, oldest first.
    ///   - highs: Candle highs, same length.
    ///   - lows: Candle lows, same length.
    ///   - closes: Candle closes, same length.
    /// - Returns: The Heikin-Ashi open, high, low and close.
    public static func heikinAshi(opens: [Double], highs: [Double], lows: [Double], closes: [Double]) -> HeikinAshi {
        precondition(opens.count == highs.count && highs.count == lows.count && lows.count == closes.count,
                     "opens, highs, lows and closes must have the same length")
        let count = opens.count
        var open = [Double](repeating: .nan, count: count)
        var high = [Double](repeating: .nan, count: count)
        var low = [Double](repeating: .nan, count: count)
        var close = [Double](repeating: .nan, count: count)
        var previousOpen = 0.0
        var previousClose = 0.0
        for index in 0..<count {
            let haClose = (opens[index] + highs[index] + lows[index] + closes[index]) / 4
            let haOpen = index == 0 ? (opens[0] + closes[0]) / 2 : (previousOpen + previousClose) / 2
            open[index] = haOpen
            close[index] = haClose
            high[index] = max(highs[index], haOpen, haClose)
            low[index] = min(lows[index], haOpen, haClose)
            previousOpen = haOpen
            previousClose = haClose
        }
        return HeikinAshi(open: open, high: high, low: low, close: close)
    }
}
