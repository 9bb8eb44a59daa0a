/// Three quantiles of columns that each differ little from the one before (the Monte Carlo's
/// equities after successive trades), equal bit for bit to
/// ``OrderStatistics/selectQuantiles(_:_:_:_:)`` on each column, but mostly found in one pass
/// of comparisons instead of selections that reorder the whole column.
///
/// Each quantile keeps its last two values `q₁`, `q₂` and a half-width `w`. In a new column its
/// window is `[c − w, c + w]` around `c = 2 q₁ − q₂` (where it would be had it moved as it did
/// last). One pass over the column counts the values below the window and copies the ones
/// inside. When the quantile's rank (and the next one, when it interpolates) falls inside the
/// window, it is selected among the copies, usually a hundred or two; `w` is then halved when
/// the window held more than 256 values and doubled when it held fewer than 32. When the rank
/// falls outside, `w` grows fourfold and the pass repeats. After three misses, in a first
/// column, or when the column holds a NaN (which compares with nothing), the three are
/// selected on a copy of the whole column as the plain form does. An order statistic is the
/// same value however it is found, hence the equality; with a NaN, selection depends on the
/// order it goes in, hence the plain form.
struct SuccessiveQuantiles {
    private struct Track {
        let position: OrderStatistics.Position
        var last: Double?
        var beforeLast: Double?
        var halfWidth = 0.0

        /// The window to try first, nil before the first value.
        var window: ClosedRange<Double>? {
            guard let last else { return nil }
            let extrapolated = beforeLast.map { 2 * last - $0 } ?? last
            let centre = extrapolated.isFinite ? extrapolated : last
            let width = max(halfWidth, max(abs(centre) * 0x1p-40, .leastNormalMagnitude))
            guard centre.isFinite, !width.isNaN else { return nil }
            return (centre - width)...(centre + width)
        }

        mutating func record(_ value: Double) {
            if last == nil { halfWidth = value.isFinite ? abs(value) * 0x1p-10 : 0 }
            beforeLast = last
            last = value
        }
    }

    /// Values below a window, inside it (copied to the front of the scratch buffer), and NaNs.
    private struct Counts {
        var below = 0
        var inside = 0
        var unordered = 0
    }

    private var tracks: [Track]
    /// `count + 1` values: a window's copies (one slot past the last is written and not kept).
    private var scratch: [Double]
    let count: Int

    init(count: Int, probabilities: (Double, Double, Double)) {
        precondition(count > 0)
        self.count = count
        tracks = [probabilities.0, probabilities.1, probabilities.2].map { Track(position: OrderStatistics.Position(count: count, p: $0)) }
        scratch = [Double](repeating: 0, count: count + 1)
    }

    /// The three quantiles of `column` (`count` values), in the order of the probabilities.
    mutating func next(_ column: UnsafeBufferPointer<Double>) -> (Double, Double, Double) {
        precondition(column.count == count)
        var values = [windowed(column, track: 0), windowed(column, track: 1), windowed(column, track: 2)]
        if values.contains(nil) {
            let whole = wholeColumn(column)
            values = zip(values, [whole.0, whole.1, whole.2]).map { $0 ?? $1 }
        }
        for index in 0..<3 { tracks[index].record(values[index]!) }
        return (values[0]!, values[1]!, values[2]!)
    }

    /// The quantile from its window's copies, after at most three tries; nil after three misses,
    /// in a first column, or with a NaN in the column.
    private mutating func windowed(_ column: UnsafeBufferPointer<Double>, track index: Int) -> Double? {
        let position = tracks[index].position
        for _ in 0..<3 {
            guard let window = tracks[index].window else { return nil }
            let counts = scratch.withUnsafeMutableBufferPointer { copies in Self.window(column, window, copies: copies) }
            guard counts.unordered == 0 else { return nil }
            let rank = position.rank - counts.below
            guard rank >= 0, rank + (position.needsNext ? 2 : 1) <= counts.inside else {
                tracks[index].halfWidth *= 4
                continue
            }
            if counts.inside > 256 { tracks[index].halfWidth /= 2 } else if counts.inside < 32 { tracks[index].halfWidth *= 2 }
            return scratch.withUnsafeMutableBufferPointer { copies in
                OrderStatistics.select(UnsafeMutableBufferPointer(rebasing: copies[0..<counts.inside]), position, rank: rank)
            }
        }
        return nil
    }

    /// The three quantiles by ``OrderStatistics/selectQuantiles(_:_:_:_:)`` on a copy of the
    /// whole column: the very computation they stand for, which matters only with a NaN in the
    /// column (selection then depends on the order it goes in).
    private mutating func wholeColumn(_ column: UnsafeBufferPointer<Double>) -> (Double, Double, Double) {
        var copy = Array(column)
        let (first, second, third) = (tracks[0].position.p, tracks[1].position.p, tracks[2].position.p)
        return OrderStatistics.selectQuantiles(&copy, first, second, third)
    }

    /// One pass: the values below the window, inside it (copied to the front of `copies`, which
    /// holds one more than the column) and the NaNs, which are neither. Branch-free, as a
    /// value's side is unpredictable: every value is written at the copies' end and kept there
    /// only when inside.
    private static func window(_ column: UnsafeBufferPointer<Double>, _ window: ClosedRange<Double>,
                               copies: UnsafeMutableBufferPointer<Double>) -> Counts {
        let (low, high) = (window.lowerBound, window.upperBound)
        guard let destination = copies.baseAddress else { return Counts() }
        var below = 0, inside = 0, unordered = 0
        for value in column {
            let under = value < low ? 1 : 0, over = value > high ? 1 : 0
            below &+= under
            destination[inside] = value
            inside &+= 1 &- under &- over
            unordered &+= value != value ? 1 : 0
        }
        return Counts(below: below, inside: inside, unordered: unordered)
    }
}
