import MarketData

/// What the candle cache holds for one symbol and timeframe.
public struct CacheSummary: Sendable, Equatable {
    public var symbol: String
    public var timeframe: Timeframe
    public var firstOpenTime: Int64
    public var lastOpenTime: Int64
    public var count: Int
    /// Holes between the first and the last candle.
    public var gaps: Int
    public var missingCandles: Int

    public init(symbol: String, timeframe: Timeframe, firstOpenTime: Int64, lastOpenTime: Int64, count: Int, gaps: Int, missingCandles: Int) {
        (self.symbol, self.timeframe, self.firstOpenTime, self.lastOpenTime) = (symbol, timeframe, firstOpenTime, lastOpenTime)
        (self.count, self.gaps, self.missingCandles) = (count, gaps, missingCandles)
    }
}
