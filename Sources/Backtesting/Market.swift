import MarketData

/// The symbols a backtest trades, on one shared time axis and one shared capital.
public struct Market: Sendable {
    public let contexts: [SeriesContext]

    /// - Throws: ``BacktestError/misalignedSymbols(_:)`` when the series do not have the
    ///   same candle open times, ``BacktestError/noCandles`` when there are none.
    public init(_ contexts: [SeriesContext]) throws(BacktestError) {
        guard let first = contexts.first, !first.series.isEmpty else { throw .noCandles }
        for context in contexts.dropFirst() where context.calendar != first.calendar {
            throw .misalignedSymbols("\(context.symbol) trades on the \(context.calendar.name) calendar and \(first.symbol) on \(first.calendar.name)")
        }
        for context in contexts.dropFirst() where context.series.openTimes != first.series.openTimes {
            throw .misalignedSymbols(
                "\(context.symbol) has \(context.series.count) candles and \(first.symbol) has \(first.series.count), "
                    + "or their open times differ; give every symbol the same timeframe and date range without gaps")
        }
        self.contexts = contexts
    }

    public init(_ series: CandleSeries, calendar: TradingCalendar = .alwaysOpen) throws(BacktestError) {
        try self.init([SeriesContext(series: series, calendar: calendar)])
    }

    /// The first symbol's series: all symbols share its open times.
    public var leadSeries: CandleSeries { contexts[0].series }
    /// When the market trades (every symbol's context has the same).
    public var calendar: TradingCalendar { contexts[0].calendar }
    public var symbols: [String] { contexts.map(\.symbol) }
    public var count: Int { leadSeries.count }
}

/// What can stop a backtest before it starts.
public enum BacktestError: Error, Sendable, Equatable, CustomStringConvertible {
    case noCandles
    case misalignedSymbols(String)
    case emptyRange(String)
    case invalidParameter(String)
    case unknownStrategy(String)

    public var description: String {
        switch self {
        case .noCandles: "there are no candles to backtest; check the data source and the date range"
        case let .misalignedSymbols(message): "symbols are not aligned: \(message)"
        case let .emptyRange(message): message
        case let .invalidParameter(message): message
        case let .unknownStrategy(message): message
        }
    }
}
