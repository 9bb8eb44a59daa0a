import Backtesting
import MarketData

/// What one window produced.
public struct WindowEvaluation: Sendable {
    public var window: Window
    /// Every combination, in combination order, ranked.
    public var trials: [Trial]
    /// The rank-1 trial: its parameters are tested out-of-sample.
    public var best: Trial
    /// The best combination replayed on the training period, with trades and equity.
    public var inSample: BacktestResult
    /// The best combination on the testing period.
    public var outOfSample: BacktestResult
    public var performanceDropPct: Double?
    /// PBO and DSR of the search; nil when the study does not ask for them.
    public var overfitting: WindowOverfitting?
    /// The permutation test's p-value and its M (``PermutationTest``); nil when off.
    public var permutation: (pValue: Double, permutations: Int)?
}

/// Why a window could not be evaluated; the run goes on without it.
public struct WindowFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    /// True when the window stopped because the run was interrupted, not because of its data.
    public var wasCancelled = false

    public init(_ message: String) {
        self.message = message
    }

    /// The failure of a window stopped by an interrupt: nothing of it is kept.
    public static let cancelled: WindowFailure = {
        var failure = WindowFailure("interrupted")
        failure.wasCancelled = true
        return failure
    }()

    public var description: String { message }
}

/// Optimizes a window in-sample and tests the winner out-of-sample (SPEC sections 3, 8).
public enum WindowEvaluator {
    /// A period may miss at most this share of its candles (exchange outages are normal;
    /// a hole that swallows a window is not).
    public static let maximumMissingShare = 0.1

    /// - Parameters:
    ///   - cancellation: checked between combinations; when set, the window stops with a
    ///     failure whose `wasCancelled` is true and nothing of it should be kept.
    ///   - willTest: called after the search, before the out-of-sample test.
    public static func evaluate(_ window: Window, market: Market, combinations: [Combination], settings: SearchSettings,
                                cancellation: CancellationFlag? = nil,
                                willTest: () -> Void = {}) throws(WindowFailure) -> WindowEvaluation {
        let unit = WorkUnit(windowIndex: window.index, combinations: combinations.indices)
        let searched = try search(unit, window: window, market: market, combinations: combinations, settings: settings,
                                  cancellation: cancellation)
        willTest()
        return try conclude(window, market: market, combinations: combinations, summaries: searched.summaries, settings: settings,
                            dailyReturns: searched.dailyReturns)
    }

    /// *Execute* one unit: the in-sample summaries of the unit's combinations, in their order,
    /// and — when the study computes overfitting statistics (`settings.cscvBlocks`) — their daily
    /// returns from the same simulations, so no trial is simulated twice. A pure function of its
    /// arguments, on `settings.jobs` threads.
    ///
    /// - Throws: a failure when the training or testing period lacks candles (every unit of
    ///   the window fails alike), or the cancelled failure.
    public static func search(_ unit: WorkUnit, window: Window, market: Market, combinations: [Combination],
                              settings: SearchSettings, cancellation: CancellationFlag? = nil)
        throws(WindowFailure) -> (summaries: [PerformanceSummary], dailyReturns: [[Double]]?) {
        precondition(!unit.combinations.isEmpty, "a unit has at least one combination")
        let training = try range(of: "training", from: window.trainingStart, to: window.trainingEnd, in: market)
        _ = try range(of: "testing", from: window.testingStart, to: window.testingEnd, in: market)
        let searched = Optimizer.summarize(combinations[unit.combinations].map(\.backtester), range: training, jobs: settings.jobs,
                                           keepingDailyReturns: settings.cscvBlocks != nil, cancellation: cancellation)
        if cancellation?.isCancelled == true || searched.summaries.count != unit.combinations.count { throw .cancelled }
        return searched
    }

    /// *Execute* one unit for a cluster task: the search (``search(_:window:market:combinations:settings:cancellation:)``)
    /// with, when the study asks for overfitting statistics, the daily returns of the unit's
    /// combinations on the training period, so that concluding the window costs the client
    /// two backtests and the statistics' arithmetic. A window that lacks candles is a `.failed`
    /// result (every unit of it fails alike), not an error.
    /// - Throws: only the cancelled failure.
    public static func execute(_ unit: WorkUnit, window: Window, market: Market, combinations: [Combination],
                               settings: SearchSettings, cancellation: CancellationFlag? = nil) throws(WindowFailure) -> UnitResult {
        do throws(WindowFailure) {
            let searched = try search(unit, window: window, market: market, combinations: combinations, settings: settings,
                                      cancellation: cancellation)
            return UnitResult(unit: unit, outcome: .searched(summaries: searched.summaries, dailyReturns: searched.dailyReturns))
        } catch where error.wasCancelled {
            throw error
        } catch {
            return UnitResult(unit: unit, outcome: .failed(error.message))
        }
    }

    /// Concludes a window from the results of all its units, as a cluster's tasks wrote them:
    /// like ``conclude(_:market:combinations:summaries:settings:dailyReturns:)`` with the
    /// units' summaries (and daily returns) put back in combination order.
    /// - Precondition: `results` are the window's search units, covering its combinations once
    ///   each (its permutation units, if any, are left out here).
    public static func conclude(_ window: Window, market: Market, combinations: [Combination], results: [UnitResult],
                                settings: SearchSettings, proposalOrder: [Int]? = nil) throws(WindowFailure) -> WindowEvaluation {
        let ordered = results.filter { $0.unit.permutations == nil }.sorted { $0.unit.combinations.lowerBound < $1.unit.combinations.lowerBound }
        precondition(ordered.map(\.unit.combinations.count).reduce(0, +) == combinations.count, "the units cover the window's combinations")
        var summaries: [PerformanceSummary] = []
        var returns: [[Double]]? = settings.cscvBlocks == nil ? nil : []
        for result in ordered {
            switch result.outcome {
            case .failed(let message): throw WindowFailure(message)
            case .permuted: preconditionFailure("a permutation unit is not a search unit")
            case .searched(let unitSummaries, let unitReturns):
                summaries += unitSummaries
                if let unitReturns { returns? += unitReturns } else { returns = nil }
            }
        }
        return try conclude(window, market: market, combinations: combinations, summaries: summaries, settings: settings,
                            dailyReturns: returns, proposalOrder: proposalOrder)
    }

    /// Concludes a window from the summaries of all its combinations (its units' results in
    /// combination order): ranks them, replays the rank-1 combination in-sample and tests it
    /// out-of-sample, and computes the search's overfitting statistics when asked, from
    /// `dailyReturns` when given (every combination's, in order) or computing them.
    /// - Parameter proposalOrder: when each combination was proposed (default: combination order).
    public static func conclude(_ window: Window, market: Market, combinations: [Combination], summaries: [PerformanceSummary],
                                settings: SearchSettings, dailyReturns: [[Double]]? = nil,
                                proposalOrder: [Int]? = nil) throws(WindowFailure) -> WindowEvaluation {
        precondition(!combinations.isEmpty, "a search has at least one combination")
        let training = try range(of: "training", from: window.trainingStart, to: window.trainingEnd, in: market)
        let testing = try range(of: "testing", from: window.testingStart, to: window.testingEnd, in: market)
        let trials = Optimizer.rank(summaries, of: combinations, settings: settings, proposalOrder: proposalOrder)
        guard let best = trials.first(where: { $0.rank == 1 }) else { throw WindowFailure("no combination was evaluated") }
        let backtester = combinations[best.combinationIndex].backtester
        let inSample = backtester.run(range: training)
        let outOfSample = backtester.run(range: testing)
        let overfitting = settings.cscvBlocks.map { blocks in
            let benchmark = settings.snooping?.benchmark == .buyAndHold ? BuyAndHold.dailyReturns(market: market, range: training) : nil
            if let dailyReturns, dailyReturns.count == combinations.count {
                return WindowOverfitting.evaluate(returns: dailyReturns, selected: best.combinationIndex, settings: settings,
                                                  blocks: blocks, benchmark: benchmark, window: window.index)
            }
            return WindowOverfitting.compute(combinations: combinations, training: training, selected: best.combinationIndex,
                                             settings: settings, blocks: blocks, benchmark: benchmark, window: window.index)
        }
        return WindowEvaluation(
            window: window, trials: trials, best: best, inSample: inSample, outOfSample: outOfSample,
            performanceDropPct: performanceDrop(
                inSampleROI: inSample.summary.roi, inSampleDays: window.trainingDays,
                outOfSampleROI: outOfSample.summary.roi, outOfSampleDays: window.testingDays),
            overfitting: overfitting)
    }

    /// `(IS_rate − OOS_rate) / IS_rate × 100` with rate = ROI per day of the period; nil unless
    /// IS_rate is positive. Training and testing periods differ in length, so raw ROIs are not
    /// compared. A drop from a loss is no drop at all: with IS −1 %/day and OOS −0.5 %/day the
    /// SPEC's `/ |IS_rate|` gave −50 %, an "improvement" that passed the degradation check, so a
    /// drop is defined only for a profitable in-sample, as walk-forward efficiency is (issue 18).
    public static func performanceDrop(inSampleROI: Double, inSampleDays: Double,
                                       outOfSampleROI: Double, outOfSampleDays: Double) -> Double? {
        let inSampleRate = inSampleROI / inSampleDays
        let outOfSampleRate = outOfSampleROI / outOfSampleDays
        guard inSampleRate > 0, inSampleRate.isFinite, outOfSampleRate.isFinite else { return nil }
        return (inSampleRate - outOfSampleRate) / inSampleRate * 100
    }

    /// The candle indices of `[from, to)`, or a failure when too many candles are missing.
    static func range(of name: String, from: Int64, to: Int64, in market: Market) throws(WindowFailure) -> Range<Int> {
        let range = market.indexRange(fromTime: from, toTime: to)
        let expected = market.calendar.expectedCount(timeframe: market.timeframe, from: from, to: to)
        let missing = expected - range.count
        let period = "\(name) period \(UTCTime.format(milliseconds: from)) .. \(UTCTime.format(milliseconds: to))"
        guard range.count >= 2 else {
            throw WindowFailure("the \(period) has no candles (\(expected) expected); the data has a hole here")
        }
        if Double(missing) > Double(expected) * maximumMissingShare {
            let largest = market.axisGaps(in: range).largest.map { "; the largest gap is \($0.missingCandles) candles after \(UTCTime.format(milliseconds: $0.afterOpenTime))" } ?? ""
            throw WindowFailure("the \(period) has \(range.count) of \(expected) candles (\(missing) missing, more than \(Int(maximumMissingShare * 100)) %)\(largest)")
        }
        return range
    }
}
