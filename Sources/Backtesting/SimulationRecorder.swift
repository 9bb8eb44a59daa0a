/// Receives what a simulation produces beyond its summary statistics.
///
/// Optimization trials use ``NoRecording`` (nothing stored, no allocation); a selected
/// combination is replayed with ``FullRecording`` to keep its trades and equity curve.
public protocol SimulationRecorder {
    mutating func record(_ trade: Trade)
    /// Equity marked at the close of a candle; `time` is the candle's close time (epoch ms).
    mutating func recordEquity(time: Int64, equity: Double)
}

/// Records nothing: the simulator only accumulates statistics.
public struct NoRecording: SimulationRecorder {
    public init() {}
    @inline(__always) public mutating func record(_ trade: Trade) {}
    @inline(__always) public mutating func recordEquity(time: Int64, equity: Double) {}
}

/// Keeps every trade and the equity at every close.
public struct FullRecording: SimulationRecorder, Sendable {
    public var trades: [Trade] = []
    public var equityTimes: [Int64] = []
    public var equityValues: [Double] = []

    public init() {}

    public mutating func record(_ trade: Trade) { trades.append(trade) }

    public mutating func recordEquity(time: Int64, equity: Double) {
        equityTimes.append(time)
        equityValues.append(equity)
    }
}
