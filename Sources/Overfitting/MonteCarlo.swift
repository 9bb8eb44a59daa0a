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
    /// takes draws p·n ..< (p + 1)·n of the seed's one stream (n trades); each worker jumps to
    /// its first path's draws and from path to path (``SeededGenerator/JumpTable``) without
    /// drawing the ones between.
    ///
    /// The paths move together a run of band steps at a time (about 4 MB of equities, each path
    /// keeping its generator, equity, peak and trough in between), and each run's bands are
    /// taken before the next: memory stays small whatever the paths, trades and band steps.
    ///
    /// A path's maximum drawdown is `max(1 − trough / peak)` over its runs below a peak, each
    /// divided once: rounding is monotone, so that equals the largest `1 − value / peak` over
    /// every trade bit for bit.
    public static func bootstrap(tradeReturns: [Double], paths: Int, seed: UInt64, bandSteps: Int = 500, jobs: Int = 1) -> Result? {
        let count = tradeReturns.count
        guard count > 0, paths > 0, bandSteps > 0 else { return nil }
        let steps: [Int] = count <= bandSteps ? Array(1...count)
            : (1...bandSteps).map { Int((Double($0) * Double(count) / Double(bandSteps)).rounded(.up)) }
        let growth = tradeReturns.map { 1 + $0 }
        let modulus = FastModulo(UInt64(count))
        let workers = max(1, min(jobs, paths / 1_000))
        let share = (paths + workers - 1) / workers
        let ranges = (0..<workers).map { min(paths, $0 * share)..<min(paths, ($0 + 1) * share) }
        func parallel(_ work: @Sendable (Int) -> Void) {
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        }

        let states = SharedBuffer<PathState>(repeating: PathState(generator: SeededGenerator(seed: seed)), count: paths)
        let nextPath = SeededGenerator.JumpTable(SeededGenerator.Jump(draws: UInt64(count)))
        parallel { worker in
            guard let first = ranges[worker].first else { return }
            var generator = SeededGenerator(seed: seed).advanced(by: UInt64(first) * UInt64(count))
            for path in ranges[worker] {
                states[path] = PathState(generator: generator)
                if path + 1 < ranges[worker].upperBound { generator = nextPath.advance(generator) }
            }
        }

        let stepsPerRun = max(1, min(steps.count, 524_288 / paths))
        // equities[(i − runStart) · paths + path]: `path`'s equity after steps[i] trades.
        let equities = SharedBuffer<Double>(repeating: 0, count: stepsPerRun * paths)
        let bands = SharedBuffer<Double>(repeating: 0, count: 3 * steps.count)
        let trackers = SharedBuffer<SuccessiveQuantiles>(
            repeating: SuccessiveQuantiles(count: paths, probabilities: (0.05, 0.5, 0.95)), count: workers)
        var runStart = 0
        while runStart < steps.count {
            let run = runStart..<min(steps.count, runStart + stepsPerRun)
            // The trades before each of the run's steps, from the one after the previous step.
            let stretches = run.map { index in (index == 0 ? 0 : steps[index - 1])..<steps[index] }
            parallel { worker in
                // A tile of consecutive paths is written step by step to `tile`, then each step's
                // values to the equities together: whole cache lines instead of one value per line.
                var tile = [Double](repeating: 0, count: run.count * tileWidth)
                var tileStart = ranges[worker].lowerBound
                while tileStart < ranges[worker].upperBound {
                    let tileEnd = min(ranges[worker].upperBound, tileStart + tileWidth)
                    for path in tileStart..<tileEnd {
                        var state = states[path]
                        growth.withUnsafeBufferPointer { growth in
                            for (index, stretch) in stretches.enumerated() {
                                for _ in stretch { state.add(growth[Int(modulus.remainder(state.generator.next()))]) }
                                tile[index * tileWidth + path - tileStart] = state.equity
                            }
                        }
                        states[path] = state
                    }
                    for index in 0..<run.count {
                        for path in tileStart..<tileEnd {
                            equities[index * paths + path] = tile[index * tileWidth + path - tileStart]
                        }
                    }
                    tileStart = tileEnd
                }
            }
            // Worker w takes the steps i ≡ w (mod workers) of every run, so its quantiles move
            // as little from one of its steps to the next as they do across runs
            // (``SuccessiveQuantiles``).
            parallel { worker in
                var quantiles = trackers[worker]
                for index in run where index % workers == worker {
                    let values = equities.withValues(from: (index - run.lowerBound) * paths, count: paths) { quantiles.next($0) }
                    (bands[3 * index], bands[3 * index + 1], bands[3 * index + 2]) = values
                }
                trackers[worker] = quantiles
            }
            runStart = run.upperBound
        }
        let lower = steps.indices.map { bands[3 * $0] }
        let median = steps.indices.map { bands[3 * $0 + 1] }
        let upper = steps.indices.map { bands[3 * $0 + 2] }
        let sortedFinals = states.values.map { ($0.equity - 1) * 100 }.sorted()
        let sortedDrawdowns = states.values.map { $0.maximumDrawdown * 100 }.sorted()
        return Result(paths: paths, steps: steps, lower: lower, median: median, upper: upper,
                      finalReturn: (quantile(sortedFinals, 0.05), quantile(sortedFinals, 0.5), quantile(sortedFinals, 0.95)),
                      maxDrawdown: (quantile(sortedDrawdowns, 0.05), quantile(sortedDrawdowns, 0.5), quantile(sortedDrawdowns, 0.95)),
                      probabilityOfLoss: Double(sortedFinals.filter { $0 < 0 }.count) / Double(paths),
                      finalReturns: sortedFinals)
    }

    /// Paths simulated together before their equities are stored: 8 doubles, a cache line.
    private static let tileWidth = 8

    /// One path between runs of steps: its draws so far, its equity (from 1), its highest
    /// equity, the lowest since that peak, and the deepest drawdown of the runs before.
    struct PathState {
        var generator: SeededGenerator
        var equity = 1.0
        var peak = 1.0
        var trough = 1.0
        var deepest = 0.0

        init(generator: SeededGenerator) {
            self.generator = generator
        }

        /// One more trade. The trough is kept without a branch: a new low comes too often and
        /// too irregularly to be predicted; a new peak closes the run below the last one.
        @inline(__always)
        mutating func add(_ growth: Double) {
            equity *= growth
            trough = min(trough, equity)
            if equity > peak {
                deepest = max(deepest, 1 - trough / peak)
                peak = equity
                trough = equity
            }
        }

        /// The deepest drawdown over every trade so far, as a fraction.
        var maximumDrawdown: Double { max(deepest, 1 - trough / peak) }
    }

    /// The `p` quantile of sorted values, linear between the two nearest ranks
    /// (`h = (n − 1) p`, NumPy's default).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        OrderStatistics.quantile(sorted, p)
    }
}
