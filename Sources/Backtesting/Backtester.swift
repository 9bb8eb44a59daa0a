import MarketData

/// One parameter combination of one strategy, bound to a market.
///
/// Building a backtester computes (or takes from the shared cache) the indicators the
/// combination needs; each ``summarize(range:)`` or ``run(range:)`` is then one pass
/// over the candles in `range`. Indicators are computed over the whole series, so a
/// range that starts after the first candle is already warmed up.
///
/// ```swift
/// let market = try Market(series)
/// let backtester = try Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet([("rsi_period", .number(14))]),
///                                 market: market, settings: SimulationSettings())
/// let result = backtester.run(range: 500..<market.count)
/// ```
public struct Backtester: Sendable {
    public let strategy: StrategyDefinition
    /// Every parameter the strategy reads, defaults included.
    public let parameters: ParameterSet
    public let market: Market
    public let settings: SimulationSettings
    private let bound: BoundStrategy

    /// - Throws: ``BacktestError/invalidParameter(_:)`` for unknown names or bad values.
    public init(strategy: StrategyDefinition, parameters: ParameterSet, market: Market,
                settings: SimulationSettings) throws(BacktestError) {
        self.strategy = strategy
        self.parameters = try strategy.resolve(parameters)
        self.market = market
        self.settings = settings
        bound = strategy.bind(self.parameters, market, settings)
    }

    /// The metrics over `range` (candle indices), without keeping trades or equity.
    public func summarize(range: Range<Int>) -> PerformanceSummary {
        bound.summarize(range)
    }

    /// The daily returns over `range`: equity at each trading day's last close (a session's; a UTC day's on `24/7`) over the previous
    /// day's (the initial capital for the first day), as the Sharpe ratio uses them.
    public func dailyReturns(range: Range<Int>) -> [Double] {
        returns(ofDailyCloses: bound.dailyCloses(range))
    }

    /// ``summarize(range:)`` and ``dailyReturns(range:)`` from one simulation: what a search
    /// that computes overfitting statistics needs of each trial.
    public func summarizeWithDailyReturns(range: Range<Int>) -> (summary: PerformanceSummary, dailyReturns: [Double]) {
        let (summary, closes) = bound.summarizeWithDailyCloses(range)
        return (summary, returns(ofDailyCloses: closes))
    }

    private func returns(ofDailyCloses closes: [Double]) -> [Double] {
        var previous = settings.initialCapital
        return closes.map { close in
            defer { previous = close }
            return previous > 0 ? close / previous - 1 : 0
        }
    }

    /// The metrics, trades and close-marked equity over `range`.
    public func run(range: Range<Int>) -> BacktestResult {
        let (summary, recording) = bound.record(range)
        return BacktestResult(summary: summary, trades: recording.trades,
                              equityTimes: recording.equityTimes, equityValues: recording.equityValues,
                              positionCounts: recording.positionCounts, cash: recording.cash, skippedEntries: recording.skippedEntries)
    }
}

/// A backtest's metrics, trades and equity curve.
public struct BacktestResult: Sendable {
    public var summary: PerformanceSummary
    public var trades: [Trade]
    /// Close time (epoch ms) of every candle, and the equity marked there.
    public var equityTimes: [Int64]
    public var equityValues: [Double]
    /// A portfolio's open positions and cash at every close (empty for a plain backtest).
    public var positionCounts: [Int] = []
    public var cash: [Double] = []
    /// A portfolio's entries that cash could not pay (skipped, not shrunk).
    public var skippedEntries = 0
}
