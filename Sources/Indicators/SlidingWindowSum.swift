extension Indicator {
    /// The exact sum of `values[end - period + 1 ... end]`, added oldest first.
    ///
    /// Sliding sums call this once every `period` steps and update by adding the
    /// newest value and subtracting the oldest in between, so rounding error cannot
    /// build up over long series while the cost stays O(1) per candle on average.
    @inline(__always)
    static func windowSum(_ values: [Double], endingAt end: Int, period: Int) -> Double {
        var sum = 0.0
        for index in (end - period + 1)...end { sum += values[index] }
        return sum
    }

    /// Whether a sliding sum whose first window ends at `period - 1` should be
    /// recomputed from scratch at `index` (every `period` steps).
    @inline(__always)
    static func isResumIndex(_ index: Int, period: Int) -> Bool {
        (index - (period - 1)) % period == 0
    }
}
