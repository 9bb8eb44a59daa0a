import Dispatch
import Foundation
import Synchronization

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
        /// One logit per combination of blocks, in colexicographic order (the halves' bit masks
        /// ascending).
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
        let lanes = TrialLanes(sums, metric: metric)
        let half = blocks / 2
        let count = binomial(blocks, half)
        let slots = SharedBuffer<Double>(repeating: 0, count: count)
        // The logit of every rank: 2·rank = 2·below + equal + 1 runs over 1 … 2N.
        let logits = (0...(2 * trials)).map { twiceRank -> Double in
            let omega = Double(twiceRank) / 2 / Double(trials + 1)
            return log(omega / (1 - omega))
        }
        // The halves start with one of these first two blocks (or first block): the workers take
        // the next start from a shared counter, the ones with the most halves first, so that
        // they finish together.
        let starts: [[Int]] = (half == 1 ? (0..<blocks).map { [$0] }
            : (0...(blocks - half)).flatMap { first in ((first + 1)...(blocks - half + 1)).map { [first, $0] } })
            .sorted { binomial(blocks - 1 - $0.last!, half - $0.count) > binomial(blocks - 1 - $1.last!, half - $1.count) }
        let workers = max(1, min(jobs, count / 500))
        let next = Atomic<Int>(0)
        let work: @Sendable (Int) -> Void = { _ in
            var walk = HalfWalk(lanes: lanes, blocks: blocks, half: half, logits: logits, slots: slots)
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < starts.count else { return }
                walk.start(with: starts[index])
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        let values = slots.values
        let overfit = values.filter { $0 <= 0 }.count
        return Result(logits: values, probability: Double(overfit) / Double(values.count), blocks: blocks, trials: trials,
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

/// Running sums over one block's days of one trial.
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

    mutating func add(_ other: BlockSums) {
        count += other.count
        sum += other.sum
        squares += other.squares
        logGrowth += other.logGrowth
    }
}
