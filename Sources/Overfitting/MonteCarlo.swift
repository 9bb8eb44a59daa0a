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
        /// `bands[k]` = (5 %, 50 %, 95 %) of equity (starting at 1) after trade `k + 1`.
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
            a.paths == b.paths && a.lower == b.lower && a.median == b.median && a.upper == b.upper
                && a.finalReturns == b.finalReturns && a.probabilityOfLoss == b.probabilityOfLoss
        }
    }

    /// Nil when there is no trade. Deterministic for a given `seed`.
    public static func bootstrap(tradeReturns: [Double], paths: Int, seed: UInt64) -> Result? {
        let count = tradeReturns.count
        guard count > 0, paths > 0 else { return nil }
        var generator = SeededGenerator(seed: seed)
        // equity[k * paths + path]: after trade k + 1 of `path`.
        var equity = [Double](repeating: 0, count: count * paths)
        var finals = [Double](repeating: 0, count: paths)
        var drawdowns = [Double](repeating: 0, count: paths)
        for path in 0..<paths {
            var value = 1.0, peak = 1.0, deepest = 0.0
            for step in 0..<count {
                value *= 1 + tradeReturns[Int(generator.next() % UInt64(count))]
                equity[step * paths + path] = value
                if value > peak { peak = value } else if peak > 0 { deepest = max(deepest, 1 - value / peak) }
            }
            finals[path] = (value - 1) * 100
            drawdowns[path] = deepest * 100
        }
        var lower: [Double] = [], median: [Double] = [], upper: [Double] = []
        lower.reserveCapacity(count); median.reserveCapacity(count); upper.reserveCapacity(count)
        for step in 0..<count {
            var column = Array(equity[(step * paths)..<((step + 1) * paths)])
            column.sort()
            lower.append(quantile(column, 0.05))
            median.append(quantile(column, 0.5))
            upper.append(quantile(column, 0.95))
        }
        finals.sort()
        drawdowns.sort()
        return Result(paths: paths, lower: lower, median: median, upper: upper,
                      finalReturn: (quantile(finals, 0.05), quantile(finals, 0.5), quantile(finals, 0.95)),
                      maxDrawdown: (quantile(drawdowns, 0.05), quantile(drawdowns, 0.5), quantile(drawdowns, 0.95)),
                      probabilityOfLoss: Double(finals.filter { $0 < 0 }.count) / Double(paths),
                      finalReturns: finals)
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
