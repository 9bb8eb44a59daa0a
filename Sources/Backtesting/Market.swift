import MarketData

/// The symbols a backtest trades, on one shared time axis and one shared capital.
///
/// A plain market (``init(_:)-(_)``) needs every symbol to have the same candle open times. A
/// **universe** (``init(universe:)``) is what a portfolio trades (docs/portfolio.md): its
/// axis is the union of the symbols' open times, and each symbol keeps its own candles (its
/// indicators are computed on them); ``candleIndex(symbol:at:)`` says which of a symbol's
/// candles opens at an axis time, if any.
public struct Market: Sendable {
    public let contexts: [SeriesContext]
    /// The open times of the axis: every symbol's when aligned, their union in a universe.
    public let openTimes: [Int64]
    public let timeframe: Timeframe
    /// `true` at the axis's last candle of each session (a UTC day on `24/7`).
    public let isLastCandleOfSession: [Bool]
    /// The index of each symbol's candle opening at each axis time, or −1 where it has none,
    /// axis-major (`[index × symbols + symbol]`); nil when every symbol has every axis candle
    /// (the index is the axis's).
    let candleIndices: [Int32]?

    /// - Throws: ``BacktestError/misalignedSymbols(_:)`` when the series do not have the
    ///   same candle open times, ``BacktestError/noCandles`` when there are none.
    public init(_ contexts: [SeriesContext]) throws(BacktestError) {
        guard let first = contexts.first, !first.series.isEmpty else { throw .noCandles }
        try Self.checkCalendars(contexts)
        for context in contexts.dropFirst() where context.series.openTimes != first.series.openTimes {
            throw .misalignedSymbols(
                "\(context.symbol) has \(context.series.count) candles and \(first.symbol) has \(first.series.count), "
                    + "or their open times differ; give every symbol the same timeframe and date range without gaps, "
                    + "or trade them as a portfolio (a portfolio: block, docs/portfolio.md), whose symbols may list, delist and miss candles")
        }
        self.init(contexts: contexts, openTimes: first.series.openTimes, timeframe: first.series.timeframe,
                  isLastCandleOfSession: first.isLastCandleOfSession, candleIndices: nil)
    }

    private init(contexts: [SeriesContext], openTimes: [Int64], timeframe: Timeframe, isLastCandleOfSession: [Bool],
                 candleIndices: [Int32]?) {
        self.contexts = contexts
        self.openTimes = openTimes
        self.timeframe = timeframe
        self.isLastCandleOfSession = isLastCandleOfSession
        self.candleIndices = candleIndices
    }

    /// A universe: the axis is the union of the symbols' open times.
    /// - Throws: ``BacktestError/noCandles`` when no symbol has a candle,
    ///   ``BacktestError/misalignedSymbols(_:)`` for symbols on different calendars or timeframes.
    public init(universe contexts: [SeriesContext]) throws(BacktestError) {
        guard let first = contexts.first(where: { !$0.series.isEmpty }) else { throw .noCandles }
        try Self.checkCalendars(contexts)
        for context in contexts where context.series.timeframe != first.series.timeframe {
            throw .misalignedSymbols("\(context.symbol) has \(context.series.timeframe.rawValue) candles and \(first.symbol) \(first.series.timeframe.rawValue); give every symbol the study's timeframe")
        }
        if contexts.allSatisfy({ $0.series.openTimes == first.series.openTimes }) {
            try self.init(contexts)
            return
        }
        var times = Set<Int64>()
        for context in contexts { times.formUnion(context.series.openTimes) }
        let axis = times.sorted()
        var indices = [Int32](repeating: -1, count: axis.count * contexts.count)
        for (symbol, context) in contexts.enumerated() {
            var position = 0
            for (index, time) in context.series.openTimes.enumerated() {
                while axis[position] < time { position += 1 }
                indices[position * contexts.count + symbol] = Int32(index)
            }
        }
        self.init(contexts: contexts, openTimes: axis, timeframe: first.series.timeframe,
                  isLastCandleOfSession: first.calendar.sessionEndFlags(openTimes: axis, timeframe: first.series.timeframe),
                  candleIndices: indices)
    }

    private static func checkCalendars(_ contexts: [SeriesContext]) throws(BacktestError) {
        guard let first = contexts.first else { return }
        for context in contexts.dropFirst() where context.calendar != first.calendar {
            throw .misalignedSymbols("\(context.symbol) trades on the \(context.calendar.name) calendar and \(first.symbol) on \(first.calendar.name)")
        }
    }

    public init(_ series: CandleSeries, calendar: TradingCalendar = .alwaysOpen) throws(BacktestError) {
        try self.init([SeriesContext(series: series, calendar: calendar)])
    }

    /// When the market trades (every symbol's context has the same).
    public var calendar: TradingCalendar { contexts[0].calendar }
    public var symbols: [String] { contexts.map(\.symbol) }
    /// Candles on the axis.
    public var count: Int { openTimes.count }
    /// Trading days a year of the market's calendar.
    public var tradingDaysPerYear: Double { contexts[0].tradingDaysPerYear }
    /// Whether every symbol has a candle at every axis time.
    public var isAligned: Bool { candleIndices == nil }

    /// The axis indices of candles opening in `[from, to)`.
    public func indexRange(fromTime from: Int64, toTime to: Int64) -> Range<Int> {
        let lower = firstIndex(openingAtOrAfter: from)
        return lower..<max(lower, firstIndex(openingAtOrAfter: to))
    }

    /// The first axis index opening at or after `time` (`count` when none).
    public func firstIndex(openingAtOrAfter time: Int64) -> Int {
        var low = 0, high = openTimes.count
        while low < high {
            let middle = (low + high) / 2
            if openTimes[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The holes of the axis over `range` by the calendar (``CandleSeries/gaps(calendar:)``).
    public func axisGaps(in range: Range<Int>) -> GapReport {
        if isAligned { return contexts[0].series.slice(range).gaps(calendar: calendar) }
        let times = Array(openTimes[range])
        let none = [Double](repeating: 0, count: times.count)
        return CandleSeries(symbol: "", timeframe: timeframe, openTimes: times, opens: none, highs: none, lows: none,
                            closes: none, volumes: none).gaps(calendar: calendar)
    }

    /// The index in symbol `symbol`'s own series of its candle at axis index `index`, or nil
    /// when it has none there (not listed yet, delisted, or a hole).
    @inline(__always)
    public func candleIndex(symbol: Int, at index: Int) -> Int? {
        guard let candleIndices else { return index }
        let own = candleIndices[index * contexts.count + symbol]
        return own < 0 ? nil : Int(own)
    }

    /// The index of symbol `symbol`'s last candle at or before axis index `index`, or nil
    /// before it lists.
    public func lastCandleIndex(symbol: Int, atOrBefore index: Int) -> Int? {
        guard candleIndices != nil else { return index }
        let times = contexts[symbol].series.openTimes
        var low = 0, high = times.count
        let time = openTimes[index]
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
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
