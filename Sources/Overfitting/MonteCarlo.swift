import Foundation
import MarketData

/// A bootstrap of a trade sequence: `paths` sequences of the same length drawn with
/// replacement from the trades' returns, each compounded from 1.
///
/// A trade's return is its profit or loss over the equity before it. From the paths come
/// the 5 / 50 / 95 % bands of equity after each trade, the distributions of the final return
/// and of the maximum drawdown, and the probability of ending with a loss.
public enum MonteCarlo {
    public struct Result: Sendable, Equatable {
        public var paths: Int
        /// The trade counts the bands are given at (1-based; every trade when there are at most
        /// `bandSteps`, else evenly spaced, always with the last).
        public var steps: [Int]
        /// 5 %, 50 % and 95 % of equity (starting at 1) after `steps[i]` trades.
        public var lower: [Double]
        public var median: [Double]
        public var upper: [Double]
        /// Quantiles 5 / 50 / 95 % of the final return, in percent.
        public var finalReturn: (p5: Double, p50: Double, p95: Double)
        /// Quantiles 5 / 50 / 95 % of the maximum drawdown, in percent.
        public var maxDrawdown: (p5: Double, p50: Double, p95: Double)
        /// Share of paths ending below where they started.
        public var probabilityOfLoss: Double
        /// Every path's final return (percent), sorted, for histograms.
        public var finalReturns: [Double]

        public static func == (a: Result, b: Result) -> Bool {
            a.paths == b.paths && a.steps == b.steps && a.lower == b.lower && a.median == b.median && a.upper == b.upper
                && a.finalReturns == b.finalReturns && a.probabilityOfLoss == b.probabilityOfLoss
        }
    }

    /// Nil when there is no trade. Deterministic for a given `seed`. Bands are kept at no more
    /// than `bandSteps` trade counts, so memory stays `paths × bandSteps` whatever the trades.
    public static func bootstrap(tradeReturns: [Double], paths: Int, seed: UInt64, bandSteps: Int = 500) -> Result? {
        let count = tradeReturns.count
        guard count > 0, paths > 0, bandSteps > 0 else { return nil }
        let steps: [Int] = count <= bandSteps ? Array(1...count)
            : (1...bandSteps).map { Int((Double($0) * Double(count) / Double(bandSteps)).rounded(.up)) }
        var generator = SeededGenerator(seed: seed)
        // snapshots[i * paths + path]: equity of `path` after steps[i] trades.
        var snapshots = [Double](repeating: 0, count: steps.count * paths)
        var finals = [Double](repeating: 0, count: paths)
        var drawdowns = [Double](repeating: 0, count: paths)
        for path in 0..<paths {
            var value = 1.0, peak = 1.0, deepest = 0.0
            var next = 0
            for step in 1...count {
                value *= 1 + tradeReturns[Int(generator.next() % UInt64(count))]
                if value > peak { peak = value } else if peak > 0 { deepest = max(deepest, 1 - value / peak) }
                if next < steps.count, steps[next] == step {
                    snapshots[next * paths + path] = value
                    next += 1
                }
            }
            finals[path] = (value - 1) * 100
            drawdowns[path] = deepest * 100
        }
        var lower: [Double] = [], median: [Double] = [], upper: [Double] = []
        var column = [Double](repeating: 0, count: paths)
        for index in steps.indices {
            column.replaceSubrange(0..<paths, with: snapshots[(index * paths)..<((index + 1) * paths)])
            lower.append(selectQuantile(&column, 0.05))
            median.append(selectQuantile(&column, 0.5))
            upper.append(selectQuantile(&column, 0.95))
        }
        finals.sort()
        drawdowns.sort()
        return Result(paths: paths, steps: steps, lower: lower, median: median, upper: upper,
                      finalReturn: (quantile(finals, 0.05), quantile(finals, 0.5), quantile(finals, 0.95)),
                      maxDrawdown: (quantile(drawdowns, 0.05), quantile(drawdowns, 0.5), quantile(drawdowns, 0.95)),
                      probabilityOfLoss: Double(finals.filter { $0 < 0 }.count) / Double(paths),
                      finalReturns: finals)
    }

    /// ``quantile(_:_:)`` of unsorted `values` by selection (average linear time; `values` is
    /// reordered): the element of rank ⌊h⌋ and the smallest one above it.
    static func selectQuantile(_ values: inout [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let h = Double(values.count - 1) * p
        let below = Int(h.rounded(.down))
        let low = select(&values, rank: below)
        guard below + 1 < values.count, h > Double(below) else { return low }
        let high = values[(below + 1)...].min()!
        return low + (h - Double(below)) * (high - low)
    }

    /// Puts the element of `rank` (0-based, ascending) at `values[rank]`, smaller ones before
    /// it and larger ones after (Hoare's selection with a middle pivot), and returns it.
    static func select(_ values: inout [Double], rank: Int) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { high = j } else if rank >= i { low = i } else { break }
        }
        return values[rank]
    }

    /// The `p` quantile of sorted values, linear between the two nearest ranks
    /// (`h = (n − 1) p`, NumPy's default).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let below = Int(h.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
    }
}
