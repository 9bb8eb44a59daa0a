import Backtesting

/// One parameter combination evaluated on a window's training period.
public struct Trial: Sendable, Hashable {
    /// Position of the combination in the search (grid order, or draw order for random).
    public var combinationIndex: Int
    /// The searched values of this combination (fixed strategy parameters are not repeated).
    public var parameters: ParameterSet
    public var summary: PerformanceSummary
    /// The objective's value; nil when its metric is undefined.
    public var objectiveValue: Double?
    /// The original composite score, kept for every objective so reports can compare.
    public var score: Double
    /// 1 is the best. Combinations with fewer than `min_trades` trades rank below all others,
    /// then higher objective first (undefined last), then earlier combination first.
    public var rank: Int

    /// Fewer in-sample trades than `min_trades`.
    public var belowMinimumTrades: Bool

    public init(combinationIndex: Int, parameters: ParameterSet, summary: PerformanceSummary, objectiveValue: Double?,
                score: Double, rank: Int, belowMinimumTrades: Bool) {
        self.combinationIndex = combinationIndex
        self.parameters = parameters
        self.summary = summary
        self.objectiveValue = objectiveValue
        self.score = score
        self.rank = rank
        self.belowMinimumTrades = belowMinimumTrades
    }
}
