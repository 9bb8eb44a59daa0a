import MarketData
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

/// Keeps the equity at the last close of each UTC day, for daily returns (the overfitting
/// statistics): `closes[d]` is the equity when day `d` of the range ended.
public struct DailyCloseRecording: SimulationRecorder, Sendable {
    public private(set) var closes: [Double] = []
    private var day: Int64 = .min
    private var last = 0.0

    public init() {}

    public mutating func record(_ trade: Trade) {}

    /// `time` is a close time: the candle belongs to the day of `time − 1`.
    public mutating func recordEquity(time: Int64, equity: Double) {
        let candleDay = UTCTime.floorDivide(time - 1, UTCTime.millisecondsPerDay)
        if candleDay != day, day != .min { closes.append(last) }
        day = candleDay
        last = equity
    }

    /// The closes with the last (possibly partial) day included.
    public var finished: [Double] { day == .min ? closes : closes + [last] }
}
