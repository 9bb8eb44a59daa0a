import MarketData
/// Receives what a simulation produces beyond its summary statistics.
///
/// Optimization trials use ``NoRecording`` (nothing stored, no allocation); a selected
/// combination is replayed with ``FullRecording`` to keep its trades and equity curve.
public protocol SimulationRecorder {
    mutating func record(_ trade: Trade)
    /// Equity marked at the close of a candle; `time` is the candle's close time (epoch ms);
    /// `dayEnds` when the candle is the last of its trading day (its session; a UTC day on `24/7`).
    mutating func recordEquity(time: Int64, equity: Double, dayEnds: Bool)
    /// A portfolio's open positions and cash at the close just marked (``recordEquity(time:equity:dayEnds:)``).
    mutating func recordHoldings(positions: Int, cash: Double)
    /// How many of a portfolio's entries cash could not pay (skipped, not shrunk), at the end.
    mutating func recordSkippedEntries(_ count: Int)
}

extension SimulationRecorder {
    @inline(__always) public mutating func recordHoldings(positions: Int, cash: Double) {}
    @inline(__always) public mutating func recordSkippedEntries(_ count: Int) {}
}

/// Records nothing: the simulator only accumulates statistics.
public struct NoRecording: SimulationRecorder {
    public init() {}
    @inline(__always) public mutating func record(_ trade: Trade) {}
    @inline(__always) public mutating func recordEquity(time: Int64, equity: Double, dayEnds: Bool) {}
}

/// Keeps every trade and the equity at every close.
public struct FullRecording: SimulationRecorder, Sendable {
    public var trades: [Trade] = []
    public var equityTimes: [Int64] = []
    public var equityValues: [Double] = []
    /// A portfolio's open positions and cash at each close (empty for a plain backtest).
    public var positionCounts: [Int] = []
    public var cash: [Double] = []
    public var skippedEntries = 0

    public init() {}

    public mutating func record(_ trade: Trade) { trades.append(trade) }

    public mutating func recordHoldings(positions: Int, cash: Double) {
        positionCounts.append(positions)
        self.cash.append(cash)
    }

    public mutating func recordSkippedEntries(_ count: Int) { skippedEntries = count }

    public mutating func recordEquity(time: Int64, equity: Double, dayEnds: Bool) {
        equityTimes.append(time)
        equityValues.append(equity)
    }
}

/// Keeps the equity at the last close of each trading day (a session; a UTC day on `24/7`),
/// for daily returns (the overfitting statistics): `closes[d]` is the equity when day `d` of
/// the range ended — the same day ends the summary's Sharpe ratio uses.
public struct DailyCloseRecording: SimulationRecorder, Sendable {
    public private(set) var closes: [Double] = []

    public init() {}

    public mutating func record(_ trade: Trade) {}

    public mutating func recordEquity(time: Int64, equity: Double, dayEnds: Bool) {
        if dayEnds { closes.append(equity) }
    }

    /// The closes of every day of the range (the simulator ends the range's last day at its last candle).
    public var finished: [Double] { closes }
}
