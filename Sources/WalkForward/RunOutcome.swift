import Backtesting
import MarketData
import Overfitting

/// A window that completed, as the run's *finish* stage needs it: its periods, its in-sample
/// and out-of-sample figures, the combination it selected, and its search's overfitting counts.
public struct CompletedWindow: Sendable {
    public var window: Window
    public var inSample: PerformanceSummary
    public var outOfSample: PerformanceSummary
    /// The selected (rank-1) combination, replayed on the testing period for the stitched
    /// curve and trades (deterministic).
    public var selection: Backtester
    /// CSCV splits whose in-sample winner fell below the out-of-sample median, and all splits
    /// (0 and 0 when not computed).
    public var overfitCount: Int
    public var logitCount: Int
    /// The deflated Sharpe ratio of the window's selection, when computed.
    public var deflatedSharpe: Double?
    /// The window's data-snooping tests, when computed (pooled over the windows).
    public var snooping: SuperiorPredictiveAbility.Result?

    public init(window: Window, inSample: PerformanceSummary, outOfSample: PerformanceSummary, selection: Backtester,
                overfitCount: Int = 0, logitCount: Int = 0, deflatedSharpe: Double? = nil,
                snooping: SuperiorPredictiveAbility.Result? = nil) {
        self.window = window
        self.inSample = inSample
        self.outOfSample = outOfSample
        self.selection = selection
        self.overfitCount = overfitCount
        self.logitCount = logitCount
        self.deflatedSharpe = deflatedSharpe
        self.snooping = snooping
    }
}

/// What a run adds up to once its windows are done (SPEC sections 8, 9): the aggregates and
/// verdict, the stitched out-of-sample equity and its statistics, buy-and-hold over the same
/// span, the pooled probability of backtest overfitting, the median deflated Sharpe ratio and
/// the Monte Carlo of the stitched trades. A pure function of the completed windows, the
/// market and the selections: the same windows always give the same outcome, whoever ran them.
///
/// - Pooled PBO = Σ overfit splits / Σ splits over the windows; nil when no window has splits.
/// - Median DSR: the middle value (mean of the two middle ones) of the windows' DSRs; nil when none.
/// - SPA: the windows' tests pooled (``SuperiorPredictiveAbility/pooled(_:)``); nil when none has them.
/// - Each stitched trade's return is its profit over the window's equity before it, trades
///   ordered by exit then entry time, each window starting from the initial capital.
public struct RunOutcome: Sendable {
    public var aggregates: Aggregates
    public var stitched: StitchedEquity
    public var buyAndHold: BuyAndHold
    public var pooledPBO: Double?
    public var medianDSR: Double?
    /// Each stitched out-of-sample trade's return and exit time, in stitched order: what
    /// ``monteCarlo(paths:seed:jobs:)`` resamples.
    public var stitchedTrades: (returns: [Double], exitTimes: [Int64])
    /// A portfolio's open positions and the share of its equity in cash at every stitched
    /// out-of-sample close (scale-free, so windows join as they are); nil for a plain study.
    public var holdings: (times: [Int64], positions: [Double], cashShare: [Double])?

    /// - Parameters:
    ///   - windows: the completed windows, in window order (at least one).
    ///   - thresholds: the verdict's thresholds; the PBO and DSR checks apply only where set.
    /// - Returns: nil when there is no window or the aggregates cannot be formed.
    public init?(windows: [CompletedWindow], market: Market, initialCapital: Double, thresholds: RobustnessThresholds) {
        guard let first = windows.first, let last = windows.last else { return nil }
        var figures: [WindowFigures] = []
        var segments: [StitchedEquity.Segment] = []
        var tradeReturns: [Double] = [], tradeTimes: [Int64] = []
        var held: (times: [Int64], positions: [Double], cashShare: [Double]) = ([], [], [])
        for completed in windows {
            let window = completed.window
            figures.append(WindowFigures(trainingDays: window.trainingDays, testingDays: window.testingDays,
                                         inSampleROI: completed.inSample.roi, outOfSampleROI: completed.outOfSample.roi,
                                         inSampleWinRate: completed.inSample.winRate, outOfSampleWinRate: completed.outOfSample.winRate))
            let testing = market.indexRange(fromTime: window.testingStart, toTime: window.testingEnd)
            let replay = completed.selection.run(range: testing)
            segments.append(.init(testingStart: window.testingStart, times: replay.equityTimes, values: replay.equityValues))
            if !replay.positionCounts.isEmpty {
                held.times += replay.equityTimes
                held.positions += replay.positionCounts.map(Double.init)
                held.cashShare += zip(replay.cash, replay.equityValues).map { $1 > 0 ? $0 / $1 : 0 }
            }
            var equity = initialCapital
            for trade in replay.trades.sorted(by: { ($0.exitTime, $0.entryTime) < ($1.exitTime, $1.entryTime) }) where equity > 0 {
                tradeReturns.append(trade.profitLoss / equity)
                tradeTimes.append(trade.exitTime)
                equity += trade.profitLoss
            }
        }
        let logits = windows.reduce(0) { $0 + $1.logitCount }
        pooledPBO = logits > 0 ? Double(windows.reduce(0) { $0 + $1.overfitCount }) / Double(logits) : nil
        let deflated = windows.compactMap(\.deflatedSharpe).sorted()
        medianDSR = deflated.isEmpty ? nil
            : deflated.count % 2 == 1 ? deflated[deflated.count / 2] : (deflated[deflated.count / 2 - 1] + deflated[deflated.count / 2]) / 2
        let spa = SuperiorPredictiveAbility.pooled(windows.compactMap(\.snooping)).map {
            PooledSPA(lower: $0.lower, consistent: $0.consistent, upper: $0.upper)
        }
        guard let aggregates = Aggregates(windows: figures, thresholds: thresholds, pbo: pooledPBO, medianDSR: medianDSR, spa: spa) else {
            return nil
        }
        self.aggregates = aggregates
        stitchedTrades = (tradeReturns, tradeTimes)
        holdings = held.times.isEmpty ? nil : held
        stitched = StitchedEquity(segments: segments, initial: initialCapital)
        buyAndHold = BuyAndHold(market: market, from: first.window.testingStart, to: last.window.testingEnd, capital: initialCapital)
    }

    /// The bootstrap of the stitched out-of-sample trades with their exit times, on `jobs`
    /// threads (the result does not depend on them); nil when `paths` is 0 or there is no trade.
    public func monteCarlo(paths: Int, seed: UInt64, jobs: Int) -> (result: MonteCarlo.Result, tradeTimes: [Int64])? {
        guard paths > 0 else { return nil }
        return MonteCarlo.bootstrap(tradeReturns: stitchedTrades.returns, paths: paths, seed: seed, jobs: jobs)
            .map { ($0, stitchedTrades.exitTimes) }
    }
}
