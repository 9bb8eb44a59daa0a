/// A channel around the price: ``Indicator/donchian(highs:lows:period:)``,
/// ``Indicator/keltner(highs:lows:closes:period:multiple:)``.
public struct Channel: Sendable, Equatable {
    public let upper: [Double]
    public let middle: [Double]
    public let lower: [Double]
}

extension Indicator {
    /// The Donchian channel: `upper` the highest high and `lower` the lowest low of the last
    /// `n` candles (current included: TA-Lib's `MAX` and `MIN`), `middle` their mean. First
    /// defined index `n − 1`. A breakout above the previous channel is `close > upper[1]`.
    public static func donchian(highs: [Double], lows: [Double], period: Int) -> Channel {
        let upper = highest(highs, period: period), lower = lowest(lows, period: period)
        return Channel(upper: upper, middle: zip(upper, lower).map { ($0 + $1) / 2 }, lower: lower)
    }

    /// The Keltner channel: `middle = EMA(close, n)`, `upper` and `lower` = `middle ± m ×
    /// ATR(n)` (Wilder's ATR). First defined index `n` (the ATR's; the EMA's is `n − 1`).
    public static func keltner(highs: [Double], lows: [Double], closes: [Double], period: Int, multiple: Double) -> Channel {
        let middle = ema(closes, period: period)
        let range = atr(highs: highs, lows: lows, closes: closes, period: period)
        let upper = zip(middle, range).map { $0 + multiple * $1 }
        let lower = zip(middle, range).map { $0 - multiple * $1 }
        return Channel(upper: upper, middle: zip(middle, range).map { $1.isNaN ? .nan : $0 }, lower: lower)
    }

    /// SuperTrend: a stop that follows the trend at `m` ATRs from the candle's middle price.
    ///
    /// With `mid = (high + low) / 2` and Wilder's ATR(`n`): `basic upper = mid + m × ATR`,
    /// `basic lower = mid − m × ATR`. The final upper band takes the basic one when it is lower
    /// than the previous final upper or the previous close closed above that, else stays; the
    /// final lower mirrors it. The line is the final upper band in a downtrend and the final
    /// lower one in an uptrend; the trend turns up when the close rises above the final upper
    /// band, down when it falls below the final lower one. At the first defined candle (the
    /// ATR's, index `n`) the trend is up when the close is at or above `mid`.
    public static func supertrend(highs: [Double], lows: [Double], closes: [Double], period: Int, multiple: Double) -> [Double] {
        let range = atr(highs: highs, lows: lows, closes: closes, period: period)
        var output = [Double](repeating: .nan, count: closes.count)
        guard let first = range.firstIndex(where: { !$0.isNaN }) else { return output }
        var finalUpper = 0.0, finalLower = 0.0
        var up = true
        for index in first..<closes.count {
            let middle = (highs[index] + lows[index]) / 2
            let basicUpper = middle + multiple * range[index], basicLower = middle - multiple * range[index]
            if index == first {
                finalUpper = basicUpper
                finalLower = basicLower
                up = closes[index] >= middle
            } else {
                let previousClose = closes[index - 1]
                finalUpper = basicUpper < finalUpper || previousClose > finalUpper ? basicUpper : finalUpper
                finalLower = basicLower > finalLower || previousClose < finalLower ? basicLower : finalLower
                if up, closes[index] < finalLower { up = false } else if !up, closes[index] > finalUpper { up = true }
            }
            output[index] = up ? finalLower : finalUpper
        }
        return output
    }

    /// The volume-weighted average price of the typical price `(high + low + close) / 3`:
    /// over the last `n` candles (`period`), or, with `resetsAfter`, from the first candle
    /// after each `true` (each session's start) to the current one. NaN while the volume summed
    /// is 0.
    public static func vwap(highs: [Double], lows: [Double], closes: [Double], volumes: [Double], period: Int? = nil,
                            resetsAfter: [Bool]? = nil) -> [Double] {
        let count = closes.count
        var output = [Double](repeating: .nan, count: count)
        var weighted = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let typical: Double = (highs[index] + lows[index] + closes[index]) / 3
            weighted[index] = typical * volumes[index]
        }
        if let period {
            precondition(period >= 1, "VWAP period must be at least 1, got \(period)")
            let prices = sma(weighted, period: period), volume = sma(volumes, period: period)
            for index in 0..<count where volume[index] > 0 { output[index] = prices[index] / volume[index] }
            return output
        }
        var price = 0.0, volume = 0.0
        for index in 0..<count {
            if index > 0, resetsAfter?[index - 1] == true {
                price = 0
                volume = 0
            }
            price += weighted[index]
            volume += volumes[index]
            if volume > 0 { output[index] = price / volume }
        }
        return output
    }
}
