/// The layouts of candle CSV files that ``CandleImporter`` reads.
public enum CandleFileFormat: Sendable, Equatable, CustomStringConvertible {
    /// Binance's kline dumps: 12 numeric columns (`open_time, open, high, low, close, volume,
    /// close_time, quote_volume, trades, taker_base, taker_quote, ignore`), with or without
    /// Binance's header row; times in epoch milliseconds or, from 2025 on, microseconds.
    case binanceKlines
    /// Any CSV whose header names a time column (`timestamp`, `date`, `datetime`, `time` or
    /// `open_time`) and `open`, `high`, `low`, `close`, `volume`, in any order and case.
    case genericCSV

    public var description: String {
        switch self {
        case .binanceKlines: "Binance klines"
        case .genericCSV: "generic CSV"
        }
    }
}
