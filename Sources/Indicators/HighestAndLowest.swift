extension Indicator {
    /// The highest value of the last `period` values, current included.
    ///
    /// `highest[i] = max(values[i - p + 1 ... i])`, with a monotonic deque: O(n)
    /// overall whatever the period, one buffer of `min(p, n)` indices.
    ///
    /// First defined index: `p - 1`. Fewer than `p` values give all NaN. Period 1
    /// returns the values.
    ///
    /// - Parameters:
    ///   - values: The series, oldest first (for example highs).
    ///   - period: The window length, `p >= 1`.
    /// - Returns: One value per input; NaN before index `p - 1`.
    public static func highest(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "Highest period must be at least 1, got \(period)")
        return slidingExtreme(values, period: period, keepsOlder: >)
    }

    /// The lowest value of the last `period` values, current included.
    ///
    /// `lowest[i] = min(values[i - p + 1 ... i])`, with a monotonic deque (O(n)).
    ///
    /// First defined index: `p - 1`. Fewer than `p` values give all NaN. Period 1
    /// returns the values.
    ///
    /// - Parameters:
    ///   - values: The series, oldest first (for example lows).
    ///   - period: The window length, `p >= 1`.
    /// - Returns: One value per input; NaN before index `p - 1`.
    public static func lowest(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "Lowest period must be at least 1, got \(period)")
        return slidingExtreme(values, period: period, keepsOlder: <)
    }

    /// Sliding-window extreme with a monotonic deque of indices held in a ring buffer.
    ///
    /// The deque holds the indices of the window whose values are strictly better
    /// (`keepsOlder(older, newer)`) than every later value, so its front is the
    /// window's extreme. Each index is pushed and popped at most once.
    @inline(__always)
    private static func slidingExtreme(_ values: [Double], period: Int,
                                       keepsOlder: (Double, Double) -> Bool) -> [Double] {
        let count = values.count
        var output = [Double](repeating: .nan, count: count)
        guard count >= period else { return output }

        let capacity = min(period, count)
        var ring = [Int](repeating: 0, count: capacity)
        var head = 0
        var length = 0
        for index in 0..<count {
            if length > 0, ring[head] <= index - period {
                head = head + 1 == capacity ? 0 : head + 1
                length -= 1
            }
            let value = values[index]
            while length > 0 {
                let back = (head + length - 1) % capacity
                if keepsOlder(values[ring[back]], value) { break }
                length -= 1
            }
            ring[(head + length) % capacity] = index
            length += 1
            if index >= period - 1 { output[index] = values[ring[head]] }
        }
        return output
    }
}
