import Backtesting
import MarketData
import RunRecords
import StudyFile
import WalkForward

/// A TPE search (``TPESampler``): each window's combinations are proposed batch by batch
/// from its results so far and bound as they are proposed, so a window is one unit. Its
/// conclusion rebuilds the proposals from the summaries alone (``TPESampler/replay(_:)``),
/// which is what lets a cluster task search a window the client concludes.
struct TPESearch: SearchMethod {
    let study: Study
    let market: Market
    /// Binds a proposal (a grid index) on the run's market.
    let binder: WindowEvaluator.Binder

    /// Every value of every parameter is bound once here, so a bad value is bad input before
    /// anything runs.
    /// - Throws: ``RunnerError/badInput(_:)`` naming the value that cannot be bound.
    init(study: Study, market: Market) throws(RunnerError) {
        let space = study.parameterSpace
        for dimension in space.dimensions {
            for value in dimension.values {
                var searched = space.combination(at: 0)
                searched[dimension.name] = value
                do { _ = try Plan.bind(searched, study: study, market: market) } catch {
                    throw .badInput("\(study.sourcePath): parameter_ranges: \(error.description)")
                }
            }
        }
        self.study = study
        self.market = market
        binder = Self.binder(study: study, market: market) { "combination \($0) cannot be evaluated: \($1)" }
    }

    /// Binds the combination at a grid index on `market`; a combination that cannot be bound
    /// fails with `failure`'s sentence (of the combination and the error).
    static func binder(study: Study, market: Market,
                       failure: @escaping @Sendable (ParameterSet, BacktestError) -> String) -> WindowEvaluator.Binder {
        let space = study.parameterSpace
        return { index throws(WindowFailure) in
            do throws(BacktestError) { return try Plan.bind(space.combination(at: index), study: study, market: market) } catch {
                throw WindowFailure(failure(space.combination(at: index), error))
            }
        }
    }

    var splitsWindows: Bool { false }

    func execute(_ unit: WorkUnit, window: Window, market: Market, settings: SearchSettings, seeds: [Int],
                 cancellation: CancellationFlag?) throws(WindowFailure) -> UnitResult {
        try WindowEvaluator.executeTPE(unit, sampler: study.tpeSampler(window: window.index, seeds: seeds), window: window, market: market,
                                       bind: binder, settings: settings, cancellation: cancellation)
    }

    func conclude(_ window: Window, market: Market, results: [UnitResult], settings: SearchSettings,
                  seeds: [Int]) throws(WindowFailure) -> WindowEvaluation {
        let searches = results.filter { $0.unit.permutations == nil }
        guard searches.count == 1, let result = searches.first else {
            throw WindowFailure("a TPE search is one unit per window; window \(window.index + 1) has \(searches.count)")
        }
        return try WindowEvaluator.concludeTPE(window, market: market, sampler: study.tpeSampler(window: window.index, seeds: seeds),
                                               bind: binder, result: result, settings: settings)
    }

    func bestObjective(_ window: Window, on market: Market, settings: SearchSettings, seeds: [Int]) throws(WindowFailure) -> Double {
        // The caller names the permutation and says that a combination cannot be evaluated on it.
        let bind = Self.binder(study: study, market: market) { "\($1)" }
        // The permuted market ends with the training period: there is nothing to test on.
        let training = market.indexRange(fromTime: window.trainingStart, toTime: window.trainingEnd)
        let searched = try WindowEvaluator.searchTPE(study.tpeSampler(window: window.index, seeds: seeds), training: training,
                                                     bind: bind, settings: settings)
        return PermutationTest.bestValue(of: Optimizer.rank(searched.summaries, of: searched.combinations, settings: settings))
    }

    func selection(of record: WindowRecord) throws(RunnerError) -> Backtester {
        guard let searched = record.bestParameterSet else {
            throw .failed("window \(record.windowIndex + 1) of run \(record.runId) is COMPLETED but its best parameters are missing")
        }
        do { return try Plan.bind(searched, study: study, market: market).backtester } catch {
            throw .failed("window \(record.windowIndex + 1): its best parameters \(searched) cannot be bound: \(error)")
        }
    }
}
