/// A Binance candle interval.
///
/// The raw value is Binance's own spelling (`5m`, `1h`, `1d`, ...). Every interval is a
/// fixed number of seconds; `1w` candles open on Mondays 00:00 UTC as Binance's do.
public enum Timeframe: String, CaseIterable, Sendable, Codable, Hashable {
    case oneMinute = "1m"
    case threeMinutes = "3m"
    case fiveMinutes = "5m"
    case fifteenMinutes = "15m"
    case thirtyMinutes = "30m"
    case oneHour = "1h"
    case twoHours = "2h"
    case fourHours = "4h"
    case sixHours = "6h"
    case eightHours = "8h"
    case twelveHours = "12h"
    case oneDay = "1d"
    case threeDays = "3d"
    case oneWeek = "1w"

    /// The interval's length in seconds.
    public var seconds: Int64 {
        switch self {
        case .oneMinute: 60
        case .threeMinutes: 180
        case .fiveMinutes: 300
        case .fifteenMinutes: 900
        case .thirtyMinutes: 1_800
        case .oneHour: 3_600
        case .twoHours: 7_200
        case .fourHours: 14_400
        case .sixHours: 21_600
        case .eightHours: 28_800
        case .twelveHours: 43_200
        case .oneDay: 86_400
        case .threeDays: 259_200
        case .oneWeek: 604_800
        }
    }

    /// The interval's length in milliseconds, the unit of `Candle.openTime`.
    public var milliseconds: Int64 { seconds * 1_000 }

    /// The open time of the candle containing `time`: `time` rounded down to a multiple of
    /// the interval (the grid ``CandleSeries/validate()`` checks; 3d and 1w candles are not on it).
    public func openTime(containing time: Int64) -> Int64 {
        UTCTime.floorDivide(time, milliseconds) * milliseconds
    }

    /// The first open time on the grid at or after `time`.
    public func firstOpenTime(atOrAfter time: Int64) -> Int64 {
        openTime(containing: time + milliseconds - 1)
    }

    /// The spellings accepted in study files and on the command line, for error messages.
    public static var allSpellings: String { allCases.map(\.rawValue).joined(separator: " ") }
}
