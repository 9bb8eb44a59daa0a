import MarketData
import Overfitting

/// How each window's search is tested for data snooping (White's Reality Check and Hansen's
/// SPA, ``SuperiorPredictiveAbility``): the `robustness:` keys `benchmark`, `block_length` and
/// `spa_resamples` of a study file.
public struct DataSnooping: Sendable, Hashable {
    /// What every trial's daily in-sample returns are measured against.
    public enum Benchmark: String, Sendable, Hashable, CaseIterable {
        /// No return: is the best trial better than doing nothing?
        case zero
        /// The study's symbols bought with all the capital at the training period's first open,
        /// equal weights, marked at the same day ends as the trials.
        case buyAndHold = "buy_and_hold"
    }

    public var benchmark: Benchmark
    /// The stationary bootstrap's mean block length in days; nil: chosen from the data
    /// (``SuperiorPredictiveAbility/defaultBlockLength(_:)``).
    public var blockLength: Double?
    /// Bootstrap resamples B (0: the tests are not computed).
    public var resamples: Int
    /// The study's `random_seed`; each window's resamples are drawn from it and the window.
    public var seed: UInt64

    public init(benchmark: Benchmark = .zero, blockLength: Double? = nil, resamples: Int = 1_000, seed: UInt64 = 42) {
        self.benchmark = benchmark
        self.blockLength = blockLength
        self.resamples = resamples
        self.seed = seed
    }

    /// The seed of window `index`'s resamples (SplitMix of the study's seed and the window).
    public func seed(ofWindow index: Int) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x5350_4152_4553_414D, index)   // "SPARESAM"
    }

    /// The tests of one window: each trial's daily returns minus the benchmark's (nil: zero).
    /// nil without resamples, trials or two days, or when the benchmark's days are not the trials'.
    public func test(returns: [[Double]], benchmark benchmarkReturns: [Double]?, window: Int, jobs: Int = 1) -> SuperiorPredictiveAbility.Result? {
        guard resamples > 0, let days = returns.first?.count, days >= 2 else { return nil }
        var differentials = returns
        if let benchmarkReturns {
            guard benchmarkReturns.count == days else { return nil }
            differentials = returns.map { zip($0, benchmarkReturns).map { $0 - $1 } }
        }
        return SuperiorPredictiveAbility.test(differentials: differentials, blockLength: blockLength, resampleCount: resamples,
                                              seed: seed(ofWindow: window), jobs: jobs)
    }
}
