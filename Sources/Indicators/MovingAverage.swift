extension Indicator {
    /// Simple moving average: the mean of the last `period` values, current included.
    ///
    /// `SMA[i] = (values[i - p + 1] + ... + values[i]) / p`.
    ///
    /// Computed with a sliding sum that is recomputed exactly every `p` values, so the
    /// result stays within a few ulps of the exact window mean on series of any length
    /// (no drift over 100k+ candles).
    ///
    /// First defined index: `p - 1`. Fewer than `p` values give all NaN. Period 1
    /// returns the values. Matches TA-Lib `SMA`.
    ///
    /// - Parameters:
    ///   - values: The series, oldest first.
    ///   - period: The window length, `p >= 1`.
    /// - Returns: One value per input; NaN before index `p - 1`.
    public static func sma(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "SMA period must be at least 1, got \(period)")
        let count = values.count
        var output = [Double](repeating: .nan, count: count)
        guard count >= period else { return output }

        let p = Double(period)
        var sum = 0.0
        for index in (period - 1)..<count {
            if isResumIndex(index, period: period) {
                sum = windowSum(values, endingAt: index, period: period)
            } else {
                sum += values[index] - values[index - period]
            }
            output[index] = sum / p
        }
        return output
    }

    /// Exponential moving average with `alpha = 2 / (p + 1)`.
    ///
    /// - seed: the simple mean of the first `p` defined values, placed at the last of them;
    /// - then `EMA[i] = EMA[i-1] + alpha * (values[i] - EMA[i-1])`.
    ///
    /// Leading NaNs are skipped: if the first defined value is at index `s` (for
    /// example an EMA of a MACD line), the seed is the mean of `values[s ..< s + p]`.
    /// A NaN after the first defined value is not expected and would propagate.
    ///
    /// First defined index: `s + p - 1` (`p - 1` without leading NaNs). Fewer than
    /// `p` defined values give all NaN. Period 1 returns the values. Matches TA-Lib
    /// `EMA`.
    ///
    /// - Parameters:
    ///   - values: The series, oldest first, possibly starting with NaNs.
    ///   - period: The span `p >= 1`.
    /// - Returns: One value per input; NaN before index `s + p - 1`.
    public static func ema(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "EMA period must be at least 1, got \(period)")
        let count = values.count
        var output = [Double](repeating: .nan, count: count)
        guard let start = values.firstIndex(where: { !$0.isNaN }),
              count - start >= period else { return output }

        let seedIndex = start + period - 1
        var average = 0.0
        for index in start...seedIndex { average += values[index] }
        average /= Double(period)
        output[seedIndex] = average

        let alpha = 2 / (Double(period) + 1)
        for index in (seedIndex + 1)..<count {
            average = (values[index] - average) * alpha + average
            output[index] = average
        }
        return output
    }
}
