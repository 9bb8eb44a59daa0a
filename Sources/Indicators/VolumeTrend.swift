extension Indicator {
    /// Volume relative to its recent mean: above 1 means busier than usual.
    ///
    /// `trend[i] = volume[i] / mean(volume[i - p + 1 ... i])` (the mean includes the
    /// current candle). NaN when every volume in the window is 0 (the mean is 0).
    ///
    /// First defined index: `p - 1`. Fewer than `p` volumes give all NaN. Period 1
    /// gives 1 wherever the volume is not 0. Volumes are expected to be `>= 0`.
    ///
    /// - Parameters:
    ///   - volumes: Candle volumes, oldest first.
    ///   - period: The window length, `p >= 1` (20 in the confluence strategy).
    /// - Returns: One value per candle; NaN before index `p - 1`.
    public static func volumeTrend(_ volumes: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "Volume trend period must be at least 1, got \(period)")
        let count = volumes.count
        var output = [Double](repeating: .nan, count: count)
        guard count >= period else { return output }

        let p = Double(period)
        var sum = 0.0
        // Counted exactly so an all-zero window is NaN even if the sliding sum keeps
        // a rounding residue.
        var nonZeroCount = 0
        for index in 0..<(period - 1) where volumes[index] != 0 { nonZeroCount += 1 }
        for index in (period - 1)..<count {
            if volumes[index] != 0 { nonZeroCount += 1 }
            if index >= period, volumes[index - period] != 0 { nonZeroCount -= 1 }
            if isResumIndex(index, period: period) {
                sum = windowSum(volumes, endingAt: index, period: period)
            } else {
                sum += volumes[index] - volumes[index - period]
            }
            output[index] = nonZeroCount > 0 ? volumes[index] / (sum / p) : .nan
        }
        return output
    }
}
