import MarketData

/// How candle files are read beyond their format: what a study's `data:` says of its CSV.
public struct CandleReadingOptions: Sendable, Equatable {
    /// Times written without a zone (`2024-01-02 09:30:00`) are local times of this zone
    /// (`data.timezone`); nil: UTC. Times with an offset or `Z` are exact either way.
    public var timeZone: UTCOffsets?
    /// `data.adjusted`: open, high, low and close are scaled by `Adj Close / Close` (splits and
    /// dividends), so the series has no jump at an ex-date; the file must have the column.
    public var adjusted: Bool
    /// Whether open times must sit on the timeframe's UTC grid (multiples since 1970). A
    /// calendar other than `24/7` checks its own session grid after loading instead.
    public var checksGrid: Bool

    public init(timeZone: UTCOffsets? = nil, adjusted: Bool = false, checksGrid: Bool = true) {
        self.timeZone = timeZone
        self.adjusted = adjusted
        self.checksGrid = checksGrid
    }
}
