import Backtesting

/// What executing one ``WorkUnit`` produced, as a cluster task writes it and the client
/// concludes the window from it (``WindowEvaluator/conclude(_:market:combinations:results:settings:)``).
public struct UnitResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The in-sample summaries of the unit's combinations in their order and, when the study
        /// computes overfitting statistics, each one's daily returns on the training period.
        case searched(summaries: [PerformanceSummary], dailyReturns: [[Double]]?)
        /// A permutation unit's searches: the best objective on each of its permutations, in
        /// order (−∞: none with enough trades).
        case permuted(bests: [Double])
        /// The window lacks candles; every unit of it fails with the same message.
        case failed(String)
    }

    public var unit: WorkUnit
    public var outcome: Outcome

    public init(unit: WorkUnit, outcome: Outcome) {
        self.unit = unit
        self.outcome = outcome
    }
}
