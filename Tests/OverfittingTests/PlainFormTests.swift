import Foundation
import MarketData
@testable import Overfitting
import Testing

/// The statistics are computed in fast forms (jumped streams, runs of band steps, quantiles
/// tracked from column to column, CSCV's halves walked depth-first on vectors). Each must equal
/// the plain form it replaced bit for bit, since stored results may not move: the plain forms
/// are written out here once more, as they were, and compared on inputs chosen to reach the
/// edges (ties, NaN, one path, one trade, halves of two blocks, trial counts off the vector width).
@Suite struct PlainFormTests {
    // MARK: Monte Carlo

    /// The bootstrap as first written: one stream drawn path after path, every equity kept,
    /// each step's bands selected on the whole column, the drawdown divided at every trade.
    static func plainBootstrap(_ tradeReturns: [Double], paths: Int, seed: UInt64, bandSteps: Int) -> MonteCarlo.Result {
        let count = tradeReturns.count
        let steps: [Int] = count <= bandSteps ? Array(1...count)
            : (1...bandSteps).map { Int((Double($0) * Double(count) / Double(bandSteps)).rounded(.up)) }
        var columns = [[Double]](repeating: [Double](repeating: 0, count: paths), count: steps.count)
        var finals: [Double] = [], drawdowns: [Double] = []
        var generator = SeededGenerator(seed: seed)
        for path in 0..<paths {
            var value = 1.0, peak = 1.0, deepest = 0.0, next = 0
            for step in 1...count {
                value *= 1 + tradeReturns[Int(generator.next() % UInt64(count))]
                if value > peak { peak = value } else if peak > 0 { deepest = max(deepest, 1 - value / peak) }
                if next < steps.count, steps[next] == step {
                    columns[next][path] = value
                    next += 1
                }
            }
            finals.append((value - 1) * 100)
            drawdowns.append(deepest * 100)
        }
        let sortedColumns = columns.map { $0.sorted() }
        let sortedFinals = finals.sorted(), sortedDrawdowns = drawdowns.sorted()
        let quantile = OrderStatistics.quantile
        return MonteCarlo.Result(
            paths: paths, steps: steps, lower: sortedColumns.map { quantile($0, 0.05) }, median: sortedColumns.map { quantile($0, 0.5) },
            upper: sortedColumns.map { quantile($0, 0.95) },
            finalReturn: (quantile(sortedFinals, 0.05), quantile(sortedFinals, 0.5), quantile(sortedFinals, 0.95)),
            maxDrawdown: (quantile(sortedDrawdowns, 0.05), quantile(sortedDrawdowns, 0.5), quantile(sortedDrawdowns, 0.95)),
            probabilityOfLoss: Double(sortedFinals.filter { $0 < 0 }.count) / Double(paths), finalReturns: sortedFinals)
    }

    static func trades(_ count: Int, seed: UInt64, ties: Bool = false) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            ties ? [0.02, -0.01, 0.0][generator.nextIndex(below: 3)] : Double.random(in: -0.04...0.045, using: &generator)
        }
    }

    /// Paths 2,200 make runs of 238 steps, so the 333-trade cases cross two runs; 1 and 7
    /// paths stay under the tiles' width; 1 trade and tied returns give tied columns.
    @Test(arguments: [(333, 2_200, 500), (333, 2_200, 40), (1, 1_000, 500), (5, 7, 500), (120, 1, 500), (90, 1_500, 500)])
    func theBootstrapEqualsThePlainOneWhateverTheThreads(trades count: Int, paths: Int, bandSteps: Int) {
        for ties in [false, true] {
            let trades = Self.trades(count, seed: UInt64(count), ties: ties)
            let plain = Self.plainBootstrap(trades, paths: paths, seed: 4, bandSteps: bandSteps)
            for jobs in [1, 2, 3] {
                let fast = MonteCarlo.bootstrap(tradeReturns: trades, paths: paths, seed: 4, bandSteps: bandSteps, jobs: jobs)
                #expect(fast == plain, "\(count) trades, \(paths) paths, ties \(ties), jobs \(jobs)")
                #expect(fast?.maxDrawdown.p5 == plain.maxDrawdown.p5 && fast?.maxDrawdown.p50 == plain.maxDrawdown.p50
                        && fast?.maxDrawdown.p95 == plain.maxDrawdown.p95 && fast?.finalReturn.p50 == plain.finalReturn.p50)
            }
        }
    }

    // MARK: Successive quantiles

    /// Columns of a random walk (10,000 values each moving a little), then a jump, a column of
    /// one repeated value, a NaN, infinities, and back: every column's three quantiles equal
    /// selection on the whole column.
    @Test(arguments: [1, 2, 3, 20, 10_000])
    func trackedQuantilesEqualSelectionOnEveryColumn(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        var column = (0..<count).map { _ in 1 + 0.01 * generator.nextGaussian() }
        var quantiles = SuccessiveQuantiles(count: count, probabilities: (0.05, 0.5, 0.95))
        for step in 0..<120 {
            switch step {
            case 40: column = column.map { $0 * 3 + 5 }                     // a jump far from every window
            case 60: column = [Double](repeating: 2, count: count)          // all tied
            case 61: column = column.enumerated().map { $0.offset % 3 == 0 ? 2 : 2.5 }
            case 70: column[count / 2] = .nan
            case 71: column[count / 2] = 1
            case 80: column[0] = .infinity; column[count - 1] = -.infinity
            default: column = column.map { $0 * (1 + 0.003 * generator.nextGaussian()) + 0.0005 }
            }
            let tracked = column.withUnsafeBufferPointer { quantiles.next($0) }
            var scratch = column
            let selected = OrderStatistics.selectQuantiles(&scratch, 0.05, 0.5, 0.95)
            #expect(Self.same(tracked.0, selected.0) && Self.same(tracked.1, selected.1) && Self.same(tracked.2, selected.2),
                    "count \(count), step \(step): \(tracked) against \(selected)")
        }
    }

    /// Equal, or both NaN.
    static func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    // MARK: CSCV

    /// CSCV as first written: every half as a bit mask in ascending order, each trial's sums
    /// added block by block, the metric and ranks computed one trial at a time.
    static func plainLogits(_ returns: [[Double]], blocks: Int, metric: CombinatoriallySymmetricCrossValidation.Metric) -> [Double] {
        let trials = returns.count, size = returns[0].count / blocks, skipped = returns[0].count - size * blocks
        let sums = returns.map { series in
            (0..<blocks).map { BlockSums(series[(skipped + $0 * size)..<(skipped + ($0 + 1) * size)]) }
        }
        let totals = sums.map { $0.reduce(into: BlockSums()) { $0.add($1) } }
        func value(_ sums: BlockSums) -> Double {
            switch metric {
            case .totalReturn: return expm1(sums.logGrowth)
            case .sharpe:
                let n = Double(sums.count), mean = sums.sum / n
                let variance = max(0, (sums.squares - sums.sum * sums.sum / n) / (n - 1))
                guard variance > 1e-30 else { return mean > 0 ? .infinity : mean < 0 ? -.infinity : 0 }
                return mean / variance.squareRoot()
            }
        }
        var logits: [Double] = []
        for mask in 0..<(1 << blocks) where mask.nonzeroBitCount == blocks / 2 {
            var training: [Double] = [], testing: [Double] = []
            for trial in 0..<trials {
                var inside = BlockSums()
                for block in 0..<blocks where mask & (1 << block) != 0 { inside.add(sums[trial][block]) }
                var rest = totals[trial]
                rest.count -= inside.count
                rest.sum -= inside.sum
                rest.squares -= inside.squares
                rest.logGrowth -= inside.logGrowth
                training.append(value(inside))
                testing.append(value(rest))
            }
            var best = 0
            for trial in 1..<trials where training[trial] > training[best] { best = trial }
            let below = testing.filter { $0 < testing[best] }.count, equal = testing.filter { $0 == testing[best] }.count
            let omega = (Double(below) + Double(equal + 1) / 2) / Double(trials + 1)
            logits.append(log(omega / (1 - omega)))
        }
        return logits
    }

    /// Trial counts below, at and off the vector width of 4; blocks 2 (halves of one block) to
    /// 12; returns with ties (identical trials, flat blocks) and without; both metrics.
    @Test(arguments: [(2, 2), (3, 4), (4, 6), (5, 8), (9, 10), (27, 12)])
    func theWalkEqualsThePlainMasks(trials: Int, blocks: Int) throws {
        var generator = SeededGenerator(seed: UInt64(100 * trials + blocks))
        var returns = (0..<trials).map { _ in (0..<(blocks * 5 + 3)).map { _ in 0.01 * generator.nextGaussian() } }
        if trials > 2 {
            returns[1] = returns[0]                                             // a tie at every half
            for day in 0..<10 { returns[2][3 + day] = 0 }                       // flat blocks: ±∞ and 0
        }
        for metric in CombinatoriallySymmetricCrossValidation.Metric.allCases {
            let plain = Self.plainLogits(returns, blocks: blocks, metric: metric)
            for jobs in [1, 2] {
                let walked = try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: blocks, metric: metric, jobs: jobs)
                #expect(walked.logits == plain, "\(trials) trials, \(blocks) blocks, \(metric), jobs \(jobs)")
            }
        }
    }

    /// 16 blocks as the studies use them, with enough halves (12,870) for two workers.
    @Test func sixteenBlocksOnTwoWorkersEqualThePlainMasks() throws {
        var generator = SeededGenerator(seed: 16)
        let returns = (0..<27).map { _ in (0..<90).map { _ in 0.01 * generator.nextGaussian() } }
        let walked = try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: 16, jobs: 2)
        #expect(walked.logits == Self.plainLogits(returns, blocks: 16, metric: .sharpe))
    }
}
