/// What can be wrong with candles, with a message a user can act on.
public enum MarketDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A candle breaks one of the series rules; `index` is its position in the series.
    case invalidCandle(symbol: String, index: Int, openTime: Int64, reason: String)
    /// Two candles are out of order or share an open time.
    case notIncreasing(symbol: String, index: Int, openTime: Int64, previousOpenTime: Int64)
    /// A candle's open time is not on the timeframe's grid.
    case offGrid(symbol: String, index: Int, openTime: Int64, timeframe: Timeframe)
    /// A candle inside a session of `calendar` opens between its expected times.
    case offSessionGrid(symbol: String, index: Int, openTime: Int64, timeframe: Timeframe, calendar: String)

    /// The position in the series of the candle at fault.
    public var index: Int? {
        switch self {
        case let .invalidCandle(_, index, _, _), let .notIncreasing(_, index, _, _), let .offGrid(_, index, _, _),
             let .offSessionGrid(_, index, _, _, _): index
        }
    }

    public var description: String {
        switch self {
        case let .invalidCandle(symbol, index, openTime, reason):
            "\(symbol) candle \(index) (\(UTCTime.format(milliseconds: openTime))): \(reason); correct or remove this candle in the source data"
        case let .notIncreasing(symbol, index, openTime, previousOpenTime):
            openTime == previousOpenTime
                ? "\(symbol) candle \(index): duplicate open time \(UTCTime.format(milliseconds: openTime)); remove the repeated row"
                : "\(symbol) candle \(index): open time \(UTCTime.format(milliseconds: openTime)) is before the previous candle's \(UTCTime.format(milliseconds: previousOpenTime)); sort the rows by time"
        case let .offGrid(symbol, index, openTime, timeframe):
            "\(symbol) candle \(index): open time \(UTCTime.format(milliseconds: openTime)) is not a multiple of \(timeframe.rawValue); is the timeframe right?"
        case let .offSessionGrid(symbol, index, openTime, timeframe, calendar):
            "\(symbol) candle \(index): open time \(UTCTime.format(milliseconds: openTime)) is not where a \(timeframe.rawValue) candle of a "
                + "\(calendar) session opens (its open, then every \(timeframe.rawValue)); is the timeframe right, are the times in the right zone (data.timezone)?"
        }
    }
}
