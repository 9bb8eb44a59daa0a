extension Indicator {
    /// The true range of each candle.
    ///
    /// `TR[i] = max(high - low, |high - previousClose|, |low - previousClose|)` for
    /// `i >= 1`. Index 0 has no previous close, so `TR[0] = high[0] - low[0]` (TA-Lib
    /// leaves it undefined; ``atr(highs:lows:closes:period:)`` never uses it).
    ///
    /// First defined index: 0. An empty series gives an empty result.
    ///
    /// - Parameters:
    ///   - highs: Candle highs, oldest first.
    ///   - lows: Candle lows, same length.
    ///   - closes: Candle closes, same length.
    /// - Returns: One value per candle.
    public static func trueRange(highs: [Double], lows: [Double], closes: [Double]) -> [Double] {
        precondition(highs.count == lows.count && lows.count == closes.count,
                     "highs, lows and closes must have the same length")
        let count = highs.count
        var output = [Double](repeating: .nan, count: count)
        guard count > 0 else { return output }
        output[0] = highs[0] - lows[0]
        for index in 1..<count {
            output[index] = trueRange(high: highs[index], low: lows[index], previousClose: closes[index - 1])
        }
        return output
    }

    /// Wilder's Average True Range.
    ///
    /// - seed at index `p`: the simple mean of `TR[1...p]` (the first `p` true ranges
    ///   that have a previous close);
    /// - then Wilder smoothing: `ATR[i] = (ATR[i-1] * (p - 1) + TR[i]) / p`.
    ///
    /// First defined index: `p` (14 for ATR(14), as in TA-Lib `ATR`). Fewer than
    /// `p + 1` candles give all NaN.
    ///
    /// - Parameters:
    ///   - highs: Candle highs, oldest first.
    ///   - lows: Candle lows, same length.
    ///   - closes: Candle closes, same length.
    ///   - period: The smoothing period, `p >= 1`.
    /// - Returns: One value per candle; NaN before index `p`.
    public static func atr(highs: [Double], lows: [Double], closes: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "ATR period must be at least 1, got \(period)")
        precondition(highs.count == lows.count && lows.count == closes.count,
                     "highs, lows and closes must have the same length")
        let count = highs.count
        var output = [Double](repeating: .nan, count: count)
        guard count > period else { return output }

        let p = Double(period)
        var average = 0.0
        for index in 1...period {
            average += trueRange(high: highs[index], low: lows[index], previousClose: closes[index - 1])
        }
        average /= p
        output[period] = average
        for index in (period + 1)..<count {
            let range = trueRange(high: highs[index], low: lows[index], previousClose: closes[index - 1])
            average = (average * (p - 1) + range) / p
            output[index] = average
        }
        return output
    }

    /// `max(high - low, |high - previousClose|, |low - previousClose|)`.
    @inline(__always)
    static func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
        max(high - low, abs(high - previousClose), abs(low - previousClose))
    }
}
