import Dispatch
import Foundation

/// The Probability of Backtest Overfitting by combinatorially symmetric cross-validation
/// (Bailey, Borwein, López de Prado, Zhu, "The Probability of Backtest Overfitting",
/// Journal of Computational Finance 20(4), 2017; working paper 2014).
///
/// The returns of `N` trials over `T` days are cut into `S` blocks of `T / S` consecutive
/// days (the earliest `T mod S` days are left out so the blocks are equal). For each of the
/// `C(S, S/2)` ways of choosing half the blocks as the training set:
/// 1. the trial with the best metric on the training days is selected (the earliest on a tie);
/// 2. its relative rank on the other half is `ω = rank / (N + 1)`, `rank` from 1 (worst) to `N`
///    (best), tied trials sharing their average rank;
/// 3. its logit is `λ = ln(ω / (1 − ω))`.
///
/// PBO is the share of logits `<= 0`: how often the in-sample winner is at or below the
/// median out of sample.
public enum CombinatoriallySymmetricCrossValidation {
    /// What a block's days are judged by.
    public enum Metric: String, Sendable, CaseIterable {
        /// Mean daily return over its sample standard deviation (−∞ when it has no spread and
        /// loses, +∞ when none and gains, 0 when flat).
        case sharpe
        /// Compounded return `∏(1 + r) − 1`.
        case totalReturn
    }

    public struct Result: Sendable, Equatable {
        /// One logit per combination of blocks, in the order the combinations are enumerated.
        public var logits: [Double]
        /// Share of logits `<= 0`.
        public var probability: Double
        public var blocks: Int
        public var trials: Int
        public var daysPerBlock: Int
    }

    /// The largest number of blocks accepted: C(20, 10) = 184,756 combinations.
    public static let largestBlockCount = 20

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case blocks(Int)
        case tooFewDays(days: Int, blocks: Int)
        case tooFewTrials
        case unevenTrials

        public var description: String {
            switch self {
            case let .blocks(count): "cscv_blocks must be even and between 2 and \(largestBlockCount), not \(count)"
            case let .tooFewDays(days, blocks): "\(days) days cannot be cut into \(blocks) blocks of at least 2 days"
            case .tooFewTrials: "PBO needs at least 2 trials"
            case .unevenTrials: "every trial must have the same days"
            }
        }
    }

    /// - Parameter returns: `returns[trial][day]`, the same days for every trial.
    public static func evaluate(returns: [[Double]], blocks: Int, metric: Metric = .sharpe, jobs: Int = 1) throws(Problem) -> Result {
        guard blocks >= 2, blocks <= largestBlockCount, blocks % 2 == 0 else { throw .blocks(blocks) }
        guard returns.count >= 2 else { throw .tooFewTrials }
        let days = returns[0].count
        guard returns.allSatisfy({ $0.count == days }) else { throw .unevenTrials }
        let size = days / blocks
        guard size >= 2 else { throw .tooFewDays(days: days, blocks: blocks) }
        let skipped = days - size * blocks
        let trials = returns.count

        // Per trial and block: count, sum, sum of squares, sum of log growth.
        var sums = [[BlockSums]](repeating: [], count: trials)
        for trial in 0..<trials {
            sums[trial] = (0..<blocks).map { block in
                BlockSums(returns[trial][(skipped + block * size)..<(skipped + (block + 1) * size)])
            }
        }
        let totals = sums.map { $0.reduce(into: BlockSums()) { $0.add($1) } }
        // Every half as a bit mask of its blocks, in Gosper's order (the next mask with the same
        // number of bits); the halves are shared among the workers, each logit in its slot.
        var masks: [Int] = []
        masks.reserveCapacity(binomial(blocks, blocks / 2))
        let all = (1 << blocks) - 1
        var mask = (1 << (blocks / 2)) - 1
        while mask <= all {
            masks.append(mask)
            let lowest = mask & -mask
            let ripple = mask + lowest
            mask = (((ripple ^ mask) >> 2) / lowest) | ripple
        }
        let slots = SharedBuffer(count: masks.count)
        // Trial t's block b at flat[t * blocks + b]: one contiguous buffer for the inner loop.
        let flat = sums.flatMap { $0 }, halves = masks
        let workers = max(1, min(jobs, masks.count / 500))
        let work: @Sendable (Int) -> Void = { worker in
            var training = [Double](repeating: 0, count: trials)
            var testing = [Double](repeating: 0, count: trials)
            flat.withUnsafeBufferPointer { blockSums in
                var index = worker
                while index < halves.count {
                    let mask = halves[index]
                    for trial in 0..<trials {
                        var inside = BlockSums()
                        var bits = mask
                        let first = trial * blocks
                        while bits != 0 {
                            inside.add(blockSums[first + bits.trailingZeroBitCount])
                            bits &= bits - 1
                        }
                        training[trial] = inside.value(metric)
                        testing[trial] = totals[trial].subtracting(inside).value(metric)
                    }
                    var best = 0
                    for trial in 1..<trials where training[trial] > training[best] { best = trial }
                    let target = testing[best]
                    var below = 0, equal = 0
                    for value in testing {
                        if value < target { below += 1 } else if value == target { equal += 1 }
                    }
                    let rank = Double(below) + Double(equal + 1) / 2
                    let omega = rank / Double(trials + 1)
                    slots[index] = log(omega / (1 - omega))
                    index += workers
                }
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        let logits = slots.values
        let overfit = logits.filter { $0 <= 0 }.count
        return Result(logits: logits, probability: Double(overfit) / Double(logits.count), blocks: blocks, trials: trials,
                      daysPerBlock: size)
    }

    /// C(n, k).
    public static func binomial(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        var result = 1
        for i in 0..<min(k, n - k) { result = result * (n - i) / (i + 1) }
        return result
    }
}

/// Running sums over some days of one trial.
struct BlockSums {
    var count = 0
    var sum = 0.0
    var squares = 0.0
    var logGrowth = 0.0

    init() {}

    init(_ returns: ArraySlice<Double>) {
        for value in returns {
            count += 1
            sum += value
            squares += value * value
            logGrowth += log1p(value)
        }
    }

    /// These sums without `part`'s (the days of the other half).
    func subtracting(_ part: BlockSums) -> BlockSums {
        var rest = self
        rest.count -= part.count
        rest.sum -= part.sum
        rest.squares -= part.squares
        rest.logGrowth -= part.logGrowth
        return rest
    }

    mutating func add(_ other: BlockSums) {
        count += other.count
        sum += other.sum
        squares += other.squares
        logGrowth += other.logGrowth
    }

    func value(_ metric: CombinatoriallySymmetricCrossValidation.Metric) -> Double {
        switch metric {
        case .totalReturn:
            return expm1(logGrowth)
        case .sharpe:
            let n = Double(count)
            let mean = sum / n
            let variance = max(0, (squares - sum * sum / n) / (n - 1))
            guard variance > 1e-30 else { return mean > 0 ? .infinity : mean < 0 ? -.infinity : 0 }
            return mean / variance.squareRoot()
        }
    }
}
