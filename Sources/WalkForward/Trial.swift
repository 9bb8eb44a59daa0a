import Backtesting

/// One parameter combination evaluated on a window's training period.
public struct Trial: Sendable, Hashable {
    /// Position of the combination in the window's search, in grid order (a random or TPE
    /// search's combinations are sorted back into the grid, so ties break by grid order).
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
    /// When the search proposed it, 0 first: grid order for grid, draw order for random,
    /// proposal order for TPE (what a convergence chart plots against).
    public var proposalOrder: Int

    public init(combinationIndex: Int, parameters: ParameterSet, summary: PerformanceSummary, objectiveValue: Double?,
                score: Double, rank: Int, belowMinimumTrades: Bool, proposalOrder: Int? = nil) {
        self.combinationIndex = combinationIndex
        self.proposalOrder = proposalOrder ?? combinationIndex
        self.parameters = parameters
        self.summary = summary
        self.objectiveValue = objectiveValue
        self.score = score
        self.rank = rank
        self.belowMinimumTrades = belowMinimumTrades
    }
}
