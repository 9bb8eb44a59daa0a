import Foundation

/// Quantiles by selection rather than sorting: the Monte Carlo's bands take three of them from
/// every one of up to 500 columns of 10,000 equities.
enum OrderStatistics {
    /// The `p` quantile of sorted values, linear between the two nearest ranks
    /// (`h = (n − 1) p`, NumPy's default).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let below = Int(h.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
    }

    /// Where the `p` quantile of `count` values lies: `h = (count − 1) p`, the rank below it
    /// (0-based) and whether the value of the next rank is needed too (`h` past the rank and
    /// a next rank to have).
    struct Position: Equatable {
        var p: Double
        var h: Double
        var rank: Int
        var needsNext: Bool

        init(count: Int, p: Double) {
            self.p = p
            h = Double(count - 1) * p
            rank = Int(h.rounded(.down))
            needsNext = rank + 1 < count && h > Double(rank)
        }

        /// The quantile from the values of `rank` and, when ``needsNext``, `rank + 1`.
        func interpolate(_ low: Double, _ high: Double) -> Double {
            needsNext ? low + (h - Double(rank)) * (high - low) : low
        }
    }

    /// Three ``quantile(_:_:)``s (p1 ≤ p2 ≤ p3) of unsorted `values`, each selected
    /// (``select(_:_:rank:from:)``) in the part left above the previous one, its upper
    /// neighbour the smallest value above it (`values` is reordered).
    static func selectQuantiles(_ values: inout [Double], _ p1: Double, _ p2: Double, _ p3: Double) -> (Double, Double, Double) {
        var from = 0
        func next(_ p: Double) -> Double {
            guard !values.isEmpty else { return .nan }
            let position = Position(count: values.count, p: p)
            defer { from = position.rank + 1 }
            return values.withUnsafeMutableBufferPointer { select($0, position, rank: position.rank, from: from) }
        }
        let first = next(p1), second = next(p2), third = next(p3)
        return (first, second, third)
    }

    /// `position`'s quantile of `values`, whose element of `rank` stands for its rank (the two
    /// differ for a window of a larger column): that element put in place
    /// (``floydRivest(_:rank:left:right:)``, searching from `from`) and, when the quantile
    /// interpolates, the smallest value above it.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, _ position: Position, rank: Int, from: Int = 0) -> Double {
        floydRivest(values, rank: rank, left: min(from, rank), right: values.count - 1)
        guard position.needsNext else { return values[rank] }
        return position.interpolate(values[rank], smallest(values[(rank + 1)...]))
    }

    /// The smallest of non-empty values.
    static func smallest<Values: Collection<Double>>(_ values: Values) -> Double {
        var least = values[values.startIndex]
        for value in values where value < least { least = value }
        return least
    }

    /// Puts the element of `rank` (0-based, ascending) at `values[rank]`, smaller or equal ones
    /// before it and larger or equal ones after, searching `values[left...right]` only (the
    /// ones before `left` must be at most the rest): Floyd & Rivest's SELECT (CACM 18(3), 1975),
    /// which narrows the range around the rank on a sample first, about n + min(k, n − k)
    /// comparisons.
    static func floydRivest(_ values: UnsafeMutableBufferPointer<Double>, rank: Int, left: Int, right: Int) {
        var left = left, right = right
        while right > left {
            if right - left > 600 {
                let n = Double(right - left + 1)
                let i = Double(rank - left + 1)
                let z = log(n)
                let sample = 0.5 * exp(2 * z / 3)
                let spread = 0.5 * (z * sample * (n - sample) / n).squareRoot() * (i - n / 2 < 0 ? -1 : 1)
                let newLeft = max(left, Int(Double(rank) - i * sample / n + spread))
                let newRight = min(right, Int(Double(rank) + (n - i) * sample / n + spread))
                floydRivest(values, rank: rank, left: newLeft, right: newRight)
            }
            let pivot = values[rank]
            var i = left, j = right
            values.swapAt(left, rank)
            if values[right] > pivot { values.swapAt(right, left) }
            while i < j {
                values.swapAt(i, j)
                i += 1
                j -= 1
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
            }
            if values[left] == pivot {
                values.swapAt(left, j)
            } else {
                j += 1
                values.swapAt(j, right)
            }
            if j <= rank { left = j + 1 }
            if rank <= j { right = j - 1 }
        }
    }
}
