import Backtesting
import MarketData
import RunRecords
import StudyFile
import WalkForward

/// A grid or random search: the combinations are fixed before the run (a random search's
/// draws put back in grid order, with when each was drawn), bound once and shared by every
/// window; a window's units are any blocks of them.
struct CombinationListSearch: SearchMethod {
    let study: Study
    /// Every window's combinations, bound on the run's market.
    let combinations: [Combination]
    /// When each of ``combinations`` was drawn, for a random search; nil for a grid.
    let proposalOrder: [Int]?

    /// - Throws: ``RunnerError/badInput(_:)`` when a combination cannot be bound or there is none.
    init(study: Study, market: Market) throws(RunnerError) {
        var combinations: [Combination] = []
        for searched in study.combinations {
            do { combinations.append(try Plan.bind(searched, study: study, market: market)) } catch {
                throw .badInput("\(study.sourcePath): parameter_ranges: \(error.description)")
            }
        }
        guard !combinations.isEmpty else { throw .badInput("\(study.sourcePath): parameter_ranges: no combination to search") }
        precondition(combinations.count == study.combinationCount, "the study draws as many combinations as it counts")
        self.study = study
        self.combinations = combinations
        proposalOrder = study.proposalOrder
    }

    var splitsWindows: Bool { true }

    func execute(_ unit: WorkUnit, window: Window, market: Market, settings: SearchSettings, seeds: [Int],
                 cancellation: CancellationFlag?) throws(WindowFailure) -> UnitResult {
        try WindowEvaluator.execute(unit, window: window, market: market, combinations: combinations, settings: settings,
                                    cancellation: cancellation)
    }

    func conclude(_ window: Window, market: Market, results: [UnitResult], settings: SearchSettings,
                  seeds: [Int]) throws(WindowFailure) -> WindowEvaluation {
        try WindowEvaluator.conclude(window, market: market, combinations: combinations, results: results, settings: settings,
                                     proposalOrder: proposalOrder)
    }

    func bestObjective(_ window: Window, on market: Market, settings: SearchSettings, seeds: [Int]) throws(WindowFailure) -> Double {
        let training = market.indexRange(fromTime: window.trainingStart, toTime: window.trainingEnd)
        let rebound: [Combination]
        do {
            rebound = try combinations.map { combination throws(BacktestError) in
                try Plan.bind(combination.searched, study: study, market: market)
            }
        } catch {
            throw WindowFailure("\(error)")
        }
        return PermutationTest.bestValue(of: Optimizer.evaluate(rebound, range: training, settings: settings))
    }

    func selection(of record: WindowRecord) throws(RunnerError) -> Backtester {
        guard let best = record.bestCombination, best < combinations.count else {
            throw .failed("window \(record.windowIndex + 1) of run \(record.runId) is COMPLETED but its selection is missing")
        }
        return combinations[best].backtester
    }
}
