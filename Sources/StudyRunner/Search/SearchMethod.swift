import Backtesting
import MarketData
import RunRecords
import StudyFile
import WalkForward

/// How a window's trials are chosen (SPEC section 6): the one place that tells a list of
/// combinations fixed before the run (grid, random: ``CombinationListSearch``) from one
/// proposed batch by batch from the results so far (TPE: ``TPESearch``).
///
/// Every executor runs a window the same way: ``execute(_:window:market:settings:seeds:cancellation:)``
/// on each of its work units, then ``conclude(_:market:results:settings:seeds:)`` on their
/// results — locally one unit per window, on a cluster the units the tasks ran — so a run's
/// results never depend on where it ran.
protocol SearchMethod: Sendable {
    /// The study whose parameter space is searched.
    var study: Study { get }

    /// Whether a window's trials can be searched in separate units, each independent of the
    /// others (a fixed list can be cut anywhere; a TPE batch depends on every trial before it,
    /// so its window is one unit).
    var splitsWindows: Bool { get }

    /// *Execute* one unit: the in-sample summaries of its trials (and their daily returns when
    /// the study computes overfitting statistics). A window that lacks candles is a `.failed`
    /// result. `seeds` are the warm start's grid indices (ignored by a fixed list).
    /// - Throws: only the cancelled failure.
    func execute(_ unit: WorkUnit, window: Window, market: Market, settings: SearchSettings, seeds: [Int],
                 cancellation: CancellationFlag?) throws(WindowFailure) -> UnitResult

    /// Concludes a window from the results of its search units (permutation units are left
    /// out): the trials ranked in grid order, the best one replayed in sample and tested out of
    /// sample, the overfitting statistics.
    /// - Throws: the failure of a failed unit, or of a result that does not fit the search.
    func conclude(_ window: Window, market: Market, results: [UnitResult], settings: SearchSettings,
                  seeds: [Int]) throws(WindowFailure) -> WindowEvaluation

    /// The best objective of the window's whole search on the training period of another
    /// `market` (a permutation of its training prices, which ends there), −∞ when nothing with
    /// enough trades was found.
    /// - Throws: a failure when a combination cannot be evaluated on that market.
    func bestObjective(_ window: Window, on market: Market, settings: SearchSettings, seeds: [Int]) throws(WindowFailure) -> Double

    /// The backtester of a completed window's selection, to replay it out of sample.
    /// - Throws: ``RunnerError/failed(_:)`` when the stored selection is missing or does not fit.
    func selection(of record: WindowRecord) throws(RunnerError) -> Backtester
}

extension SearchMethod {
    /// Trials per window: the study's ``Study/combinationCount`` (the grid, or a random or TPE
    /// search's budget, at most the grid), the one count of them.
    var trialCount: Int { study.combinationCount }

    /// Whether `unit` (read from a cluster's manifest) fits this search: its trials inside the
    /// window's, and the whole window when the search does not split.
    func fits(_ unit: WorkUnit) -> Bool {
        unit.combinations.upperBound <= trialCount && (splitsWindows || unit.combinations == 0..<trialCount)
    }
}
