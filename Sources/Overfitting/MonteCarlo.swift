import Dispatch
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

    /// Nil when there is no trade. Deterministic for a given `seed`, whatever `jobs`: path p
    /// takes draws p·n ..< (p + 1)·n of the seed's one stream (n trades), so a worker starting
    /// at a later path first skips the draws before it. Bands are kept at no more than
    /// `bandSteps` trade counts, so memory stays `paths × bandSteps` whatever the trades.
    public static func bootstrap(tradeReturns: [Double], paths: Int, seed: UInt64, bandSteps: Int = 500, jobs: Int = 1) -> Result? {
        let count = tradeReturns.count
        guard count > 0, paths > 0, bandSteps > 0 else { return nil }
        let steps: [Int] = count <= bandSteps ? Array(1...count)
            : (1...bandSteps).map { Int((Double($0) * Double(count) / Double(bandSteps)).rounded(.up)) }
        // snapshots[i * paths + path]: equity of `path` after steps[i] trades.
        let snapshots = SharedBuffer(count: steps.count * paths)
        let finals = SharedBuffer(count: paths)
        let drawdowns = SharedBuffer(count: paths)
        let growth = tradeReturns.map { 1 + $0 }
        let modulus = FastModulo(UInt64(count))
        let workers = max(1, min(jobs, paths / 1_000))
        let share = (paths + workers - 1) / workers
        let work: @Sendable (Int) -> Void = { worker in
            let first = worker * share, last = min(paths, first + share)
            guard first < last else { return }
            var generator = SeededGenerator(seed: seed)
            for _ in 0..<(first * count) { _ = generator.next() }
            for path in first..<last {
                var value = 1.0, peak = 1.0, deepest = 0.0
                var next = 0
                for step in 1...count {
                    value *= growth[Int(modulus.remainder(generator.next()))]
                    if value > peak { peak = value } else if peak > 0 { deepest = max(deepest, 1 - value / peak) }
                    if next < steps.count, steps[next] == step {
                        snapshots[next * paths + path] = value
                        next += 1
                    }
                }
                finals[path] = (value - 1) * 100
                drawdowns[path] = deepest * 100
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        // The three bands of each step, the steps shared among the workers.
        let bands = SharedBuffer(count: 3 * steps.count)
        let bandWork: @Sendable (Int) -> Void = { worker in
            var column = [Double](repeating: 0, count: paths)
            var index = worker
            while index < steps.count {
                for path in 0..<paths { column[path] = snapshots[index * paths + path] }
                let quantiles = selectQuantiles(&column, 0.05, 0.5, 0.95)
                bands[3 * index] = quantiles.0
                bands[3 * index + 1] = quantiles.1
                bands[3 * index + 2] = quantiles.2
                index += workers
            }
        }
        if workers == 1 { bandWork(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: bandWork) }
        let lower = steps.indices.map { bands[3 * $0] }
        let median = steps.indices.map { bands[3 * $0 + 1] }
        let upper = steps.indices.map { bands[3 * $0 + 2] }
        let sortedFinals = finals.values.sorted()
        let sortedDrawdowns = drawdowns.values.sorted()
        return Result(paths: paths, steps: steps, lower: lower, median: median, upper: upper,
                      finalReturn: (quantile(sortedFinals, 0.05), quantile(sortedFinals, 0.5), quantile(sortedFinals, 0.95)),
                      maxDrawdown: (quantile(sortedDrawdowns, 0.05), quantile(sortedDrawdowns, 0.5), quantile(sortedDrawdowns, 0.95)),
                      probabilityOfLoss: Double(sortedFinals.filter { $0 < 0 }.count) / Double(paths),
                      finalReturns: sortedFinals)
    }

    /// Three ``quantile(_:_:)``s (p1 ≤ p2 ≤ p3) of unsorted `values`, each selected
    /// (``floydRivest(_:rank:from:)``) in the part left above the previous one, its upper
    /// neighbour the smallest value above it (`values` is reordered).
    static func selectQuantiles(_ values: inout [Double], _ p1: Double, _ p2: Double, _ p3: Double) -> (Double, Double, Double) {
        var from = 0
        func next(_ p: Double) -> Double {
            guard !values.isEmpty else { return .nan }
            let h = Double(values.count - 1) * p
            let below = Int(h.rounded(.down))
            floydRivest(&values, rank: below, from: from)
            let low = values[below]
            from = below + 1
            guard below + 1 < values.count, h > Double(below) else { return low }
            var high = values[below + 1]
            for index in (below + 2)..<values.count where values[index] < high { high = values[index] }
            return low + (h - Double(below)) * (high - low)
        }
        let first = next(p1), second = next(p2), third = next(p3)
        return (first, second, third)
    }

    /// Puts the element of `rank` (0-based, ascending) at `values[rank]`, smaller or equal ones
    /// before it and larger or equal ones after, searching `values[from...]` only (the ones
    /// before `from` must be at most the rest): Floyd & Rivest's SELECT (CACM 18(3), 1975),
    /// which narrows the range around the rank on a sample first, about n + min(k, n − k)
    /// comparisons.
    static func floydRivest(_ values: inout [Double], rank: Int, from: Int) {
        values.withUnsafeMutableBufferPointer { buffer in
            floydRivest(buffer, rank: rank, left: min(from, rank), right: buffer.count - 1)
        }
    }

    private static func floydRivest(_ values: UnsafeMutableBufferPointer<Double>, rank: Int, left: Int, right: Int) {
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

/// `a % d` without a division (Lemire, Kaser, Kurz, "Faster Remainder by Direct Computation",
/// 2019): with `M = ⌊(2¹²⁸ − 1) / d⌋ + 1`, `a % d = ((M · a) mod 2¹²⁸ · d) >> 128`, exact for
/// every 64-bit `a` and `d ≥ 1`. The Monte Carlo draws one index per trade of every path.
struct FastModulo {
    let divisor: UInt64
    let multiplier: UInt128

    init(_ divisor: UInt64) {
        precondition(divisor > 0)
        self.divisor = divisor
        multiplier = UInt128.max / UInt128(divisor) &+ 1
    }

    @inline(__always)
    func remainder(_ value: UInt64) -> UInt64 {
        guard divisor > 1 else { return 0 }
        let low = multiplier &* UInt128(value)
        return UInt64(low.multipliedFullWidth(by: UInt128(divisor)).high)
    }
}

/// Doubles written from several threads, each index by one thread only, read after they join.
final class SharedBuffer: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Double>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    subscript(index: Int) -> Double {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    var values: [Double] { Array(storage.prefix(count)) }
}
