extension Indicator {
    /// Wilder's Relative Strength Index of closes, from 0 to 100.
    ///
    /// With `x = closes[i] - closes[i-1]`, gain = `max(x, 0)` and loss = `max(-x, 0)`:
    /// - seed at index `p`: `avgGain` and `avgLoss` are the simple means of the gains
    ///   and losses of the first `p` differences (indices `1...p`);
    /// - then Wilder smoothing: `avg = (avg * (p - 1) + x) / p` for gains and losses;
    /// - `RSI = 100 * avgGain / (avgGain + avgLoss)`, and 50 when both averages are 0
    ///   (a flat market). Only gains gives 100, only losses gives 0.
    ///
    /// First defined index: `p` (the value needs `p` differences, so `p + 1` closes).
    /// Fewer than `p + 1` closes give all NaN. Matches TA-Lib `RSI` (which returns 0
    /// instead of 50 for a flat market).
    ///
    /// - Parameters:
    ///   - closes: Close prices, oldest first.
    ///   - period: The number of differences averaged, `p >= 1`.
    /// - Returns: One value per close; NaN before index `p`.
    public static func rsi(_ closes: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "RSI period must be at least 1, got \(period)")
        let count = closes.count
        var output = [Double](repeating: .nan, count: count)
        guard count > period else { return output }

        let p = Double(period)
        var averageGain = 0.0
        var averageLoss = 0.0
        for index in 1...period {
            let change = closes[index] - closes[index - 1]
            if change > 0 { averageGain += change } else { averageLoss -= change }
        }
        averageGain /= p
        averageLoss /= p
        output[period] = relativeStrength(gain: averageGain, loss: averageLoss)

        for index in (period + 1)..<count {
            let change = closes[index] - closes[index - 1]
            averageGain *= p - 1
            averageLoss *= p - 1
            if change > 0 { averageGain += change } else { averageLoss -= change }
            averageGain /= p
            averageLoss /= p
            output[index] = relativeStrength(gain: averageGain, loss: averageLoss)
        }
        return output
    }

    @inline(__always)
    private static func relativeStrength(gain: Double, loss: Double) -> Double {
        let total = gain + loss
        return total > 0 ? 100 * (gain / total) : 50
    }
}
