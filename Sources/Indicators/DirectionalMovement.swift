/// Wilder's directional movement system, see
/// ``Indicator/directionalMovement(highs:lows:closes:period:)``. All arrays have one
/// value per candle.
public struct DirectionalMovement: Sendable, Equatable {
    /// Average directional index (trend strength, 0 to 100); first defined at `2p - 1`.
    public let adx: [Double]
    /// Plus directional indicator (0 to 100); first defined at `p`.
    public let plusDI: [Double]
    /// Minus directional indicator (0 to 100); first defined at `p`.
    public let minusDI: [Double]
}

extension Indicator {
    /// Wilder's ADX, +DI and -DI with TA-Lib's seeding, so values match TA-Lib `ADX`,
    /// `PLUS_DI` and `MINUS_DI` exactly.
    ///
    /// For each candle `i >= 1`, with `up = high[i] - high[i-1]` and
    /// `down = low[i-1] - low[i]`:
    /// `+DM = up` if `up > 0 && up > down`, else 0; `-DM = down` if
    /// `down > 0 && down > up`, else 0; `TR` is the true range.
    ///
    /// - Wilder sums `S` of +DM, -DM and TR: plain sums over indices `1 ... p-1`, then
    ///   from index `p` on, `S = S - S / p + x` (the first such step at `p`).
    /// - From index `p`: `+DI = 100 * S(+DM) / S(TR)` and `-DI = 100 * S(-DM) / S(TR)`
    ///   (both 0 while `S(TR)` is 0).
    /// - `DX = 100 * |+DI - -DI| / (+DI + -DI)`.
    /// - ADX is seeded at index `2p - 1` with the mean of the `p` DX values at
    ///   indices `p ... 2p-1` (a DX counts as 0 while `+DI + -DI` is 0); then
    ///   `ADX = (ADX * (p - 1) + DX) / p`, except that, as in TA-Lib, a candle whose
    ///   `+DI + -DI` is 0 (no directional movement at all, DX undefined) leaves ADX
    ///   unchanged.
    ///
    /// First defined index: `p` for +DI and -DI, `2p - 1` for ADX (14 and 27 for
    /// period 14). Shorter series give NaN where the index is not reached.
    ///
    /// - Parameters:
    ///   - highs: Candle highs, oldest first.
    ///   - lows: Candle lows, same length.
    ///   - closes: Candle closes, same length.
    ///   - period: The smoothing period `p >= 1`.
    /// - Returns: ADX, +DI and -DI.
    public static func directionalMovement(highs: [Double], lows: [Double], closes: [Double], period: Int) -> DirectionalMovement {
        precondition(period >= 1, "Directional movement period must be at least 1, got \(period)")
        precondition(highs.count == lows.count && lows.count == closes.count,
                     "highs, lows and closes must have the same length")
        let count = highs.count
        var adx = [Double](repeating: .nan, count: count)
        var plusDI = [Double](repeating: .nan, count: count)
        var minusDI = [Double](repeating: .nan, count: count)
        guard count > period else { return DirectionalMovement(adx: adx, plusDI: plusDI, minusDI: minusDI) }

        let p = Double(period)
        let adxStart = 2 * period - 1
        var plusSum = 0.0
        var minusSum = 0.0
        var rangeSum = 0.0
        var dxSum = 0.0
        var average = 0.0
        for index in 1..<count {
            let up = highs[index] - highs[index - 1]
            let down = lows[index - 1] - lows[index]
            let plusMove = up > 0 && up > down ? up : 0
            let minusMove = down > 0 && down > up ? down : 0
            let range = trueRange(high: highs[index], low: lows[index], previousClose: closes[index - 1])
            if index < period {
                plusSum += plusMove
                minusSum += minusMove
                rangeSum += range
                continue
            }
            plusSum = plusSum - plusSum / p + plusMove
            minusSum = minusSum - minusSum / p + minusMove
            rangeSum = rangeSum - rangeSum / p + range

            let plus = rangeSum > 0 ? 100 * (plusSum / rangeSum) : 0
            let minus = rangeSum > 0 ? 100 * (minusSum / rangeSum) : 0
            plusDI[index] = plus
            minusDI[index] = minus

            let total = plus + minus
            let directionalIndex: Double? = total > 0 ? 100 * (abs(plus - minus) / total) : nil
            if index < adxStart {
                dxSum += directionalIndex ?? 0
            } else if index == adxStart {
                average = (dxSum + (directionalIndex ?? 0)) / p
                adx[index] = average
            } else {
                if let directionalIndex { average = (average * (p - 1) + directionalIndex) / p }
                adx[index] = average
            }
        }
        return DirectionalMovement(adx: adx, plusDI: plusDI, minusDI: minusDI)
    }
}
