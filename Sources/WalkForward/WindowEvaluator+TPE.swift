import Backtesting
import MarketData

/// A window's TPE search (``TPESampler``): its combinations are proposed batch by batch from
/// the results so far, so they are bound (a backtester each) as they are proposed.
extension WindowEvaluator {
    /// Binds the combination at a grid index (its backtester on the market).
    public typealias Binder = @Sendable (Int) throws(WindowFailure) -> Combination

    /// What a TPE search of one window evaluated, in proposal order.
    public struct ProposedSearch: Sendable {
        public var gridIndices: [Int]
        public var combinations: [Combination]
        public var summaries: [PerformanceSummary]
        /// Each trial's daily returns, when the study computes overfitting statistics.
        public var dailyReturns: [[Double]]?

        public init(gridIndices: [Int], combinations: [Combination], summaries: [PerformanceSummary], dailyReturns: [[Double]]? = nil) {
            self.gridIndices = gridIndices
            self.combinations = combinations
            self.summaries = summaries
            self.dailyReturns = dailyReturns
        }

        /// The trials sorted into grid order, as every search's are (ties break by grid order,
        /// SPEC section 6), with each one's position in the proposal order and their daily returns.
        func inGridOrder()
            -> (combinations: [Combination], summaries: [PerformanceSummary], proposalOrder: [Int], dailyReturns: [[Double]]?) {
            let order = gridIndices.indices.sorted { gridIndices[$0] < gridIndices[$1] }
            return (order.map { combinations[$0] }, order.map { summaries[$0] }, order, dailyReturns.map { returns in order.map { returns[$0] } })
        }
    }

    /// *Execute* a window's TPE search: each batch the sampler proposes is bound and summarised
    /// on the training period on `settings.jobs` threads, then the next batch is proposed. A
    /// pure function of its arguments.
    /// - Throws: a failure when the window lacks candles or a combination cannot be bound, or the cancelled failure.
    public static func searchTPE(_ sampler: TPESampler, window: Window, market: Market, bind: Binder, settings: SearchSettings,
                                 cancellation: CancellationFlag? = nil) throws(WindowFailure) -> ProposedSearch {
        let training = try range(of: "training", from: window.trainingStart, to: window.trainingEnd, in: market)
        _ = try range(of: "testing", from: window.testingStart, to: window.testingEnd, in: market)
        return try searchTPE(sampler, training: training, bind: bind, settings: settings, cancellation: cancellation)
    }

    /// The TPE search on the candles `training` alone, whatever follows them: what the
    /// permutation test runs on a market that ends with the permuted training period.
    /// - Throws: a failure when a combination cannot be bound, or the cancelled failure.
    public static func searchTPE(_ sampler: TPESampler, training: Range<Int>, bind: Binder, settings: SearchSettings,
                                 cancellation: CancellationFlag? = nil) throws(WindowFailure) -> ProposedSearch {
        var search = ProposedSearch(gridIndices: [], combinations: [], summaries: [], dailyReturns: settings.cscvBlocks == nil ? nil : [])
        do {
            _ = try sampler.run { batch in
                let bound = try batch.map { index throws(WindowFailure) in try bind(index) }
                let (summaries, returns) = Optimizer.summarize(bound.map(\.backtester), range: training, jobs: settings.jobs,
                                                               keepingDailyReturns: settings.cscvBlocks != nil, cancellation: cancellation)
                if cancellation?.isCancelled == true || summaries.count != batch.count { throw WindowFailure.cancelled }
                search.gridIndices += batch
                search.combinations += bound
                search.summaries += summaries
                if let returns { search.dailyReturns? += returns }
                return zip(batch, summaries).map { observation($0, $1, settings: settings) }
            }
        } catch let failure as WindowFailure {
            throw failure
        } catch {
            throw WindowFailure("\(error)")
        }
        return search
    }

    /// How the sampler sees a trial: its objective and whether it had enough trades.
    public static func observation(_ gridIndex: Int, _ summary: PerformanceSummary, settings: SearchSettings) -> TPESampler.Observation {
        .init(gridIndex: gridIndex, objectiveValue: settings.objective.value(of: summary),
              belowMinimumTrades: summary.totalTrades < settings.minimumTrades, tradeCount: summary.totalTrades)
    }

    /// Searches a window with TPE and concludes it, as ``evaluate(_:market:combinations:settings:cancellation:willTest:)``
    /// does for a fixed list of combinations.
    public static func evaluateTPE(_ sampler: TPESampler, window: Window, market: Market, bind: Binder, settings: SearchSettings,
                                   cancellation: CancellationFlag? = nil, willTest: () -> Void = {}) throws(WindowFailure) -> WindowEvaluation {
        let search = try searchTPE(sampler, window: window, market: market, bind: bind, settings: settings, cancellation: cancellation)
        willTest()
        let sorted = search.inGridOrder()
        return try conclude(window, market: market, combinations: sorted.combinations, summaries: sorted.summaries, settings: settings,
                            dailyReturns: sorted.dailyReturns, proposalOrder: sorted.proposalOrder)
    }

    /// *Execute* a window's TPE search for a cluster task (its unit is the whole window): the
    /// summaries, and the daily returns when the study computes overfitting statistics, in
    /// proposal order. A window that lacks candles is a `.failed` result.
    /// - Throws: only the cancelled failure.
    public static func executeTPE(_ unit: WorkUnit, sampler: TPESampler, window: Window, market: Market, bind: Binder,
                                  settings: SearchSettings, cancellation: CancellationFlag? = nil) throws(WindowFailure) -> UnitResult {
        do throws(WindowFailure) {
            let search = try searchTPE(sampler, window: window, market: market, bind: bind, settings: settings, cancellation: cancellation)
            return UnitResult(unit: unit, outcome: .searched(summaries: search.summaries, dailyReturns: search.dailyReturns))
        } catch where error.wasCancelled {
            throw error
        } catch {
            return UnitResult(unit: unit, outcome: .failed(error.message))
        }
    }

    /// Concludes a window a cluster task searched with TPE: the proposals are rebuilt from the
    /// summaries alone (``TPESampler/replay(_:)``), bound, put in grid order and concluded as
    /// the local search would have.
    /// - Precondition: `result` is the window's one search unit.
    public static func concludeTPE(_ window: Window, market: Market, sampler: TPESampler, bind: Binder, result: UnitResult,
                                   settings: SearchSettings) throws(WindowFailure) -> WindowEvaluation {
        switch result.outcome {
        case .failed(let message):
            throw WindowFailure(message)
        case .permuted:
            preconditionFailure("a permutation unit is not a search unit")
        case .searched(let summaries, let returns):
            guard summaries.count == sampler.trialCount else {
                throw WindowFailure("the search's result holds \(summaries.count) trials, not \(sampler.trialCount)")
            }
            let indices = sampler.replay(summaries.map { observation(0, $0, settings: settings) })
            let combinations = try indices.map { index throws(WindowFailure) in try bind(index) }
            let sorted = ProposedSearch(gridIndices: indices, combinations: combinations, summaries: summaries, dailyReturns: returns).inGridOrder()
            return try conclude(window, market: market, combinations: sorted.combinations, summaries: sorted.summaries, settings: settings,
                                dailyReturns: sorted.dailyReturns, proposalOrder: sorted.proposalOrder)
        }
    }
}
