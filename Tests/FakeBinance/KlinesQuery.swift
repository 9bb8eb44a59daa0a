import MarketData

/// Binance's rules for `GET /api/v3/klines`, apart from HTTP.
///
/// - `symbol` and `interval` are mandatory; an unknown symbol is `-1121 Invalid symbol.`,
///   an interval Binance does not have is `-1120 Invalid interval.`. The fake holds one
///   timeframe per symbol, so another valid interval is `-1120` too, with a message saying so.
/// - `startTime` and `endTime` (epoch milliseconds) are inclusive bounds on the open time;
///   `startTime > endTime` is `-1023`.
/// - `limit` defaults to 500; above 1,000 it is taken as 1,000; below 1 it is `-1130`.
/// - Rows are ascending. With `startTime` the page is the first `limit` candles from it;
///   with only `endTime` the last `limit` up to it; with neither the latest `limit`.
struct KlinesQuery: Sendable {
    /// What the query comes to: a range of candles, or Binance's error.
    enum Answer: Sendable, Equatable {
        case candles(Range<Int>)
        case error(status: Int, code: Int, message: String)
    }

    static let defaultLimit = 500
    static let maxLimit = 1000

    var symbol: String?
    var interval: String?
    var startTime: String?
    var endTime: String?
    var limit: String?

    init(_ query: [String: String]) {
        symbol = query["symbol"]
        interval = query["interval"]
        startTime = query["startTime"]
        endTime = query["endTime"]
        limit = query["limit"]
    }

    /// The candles of `store` the query selects, or the error Binance would give.
    func answer(from store: [String: CandleSeries]) -> (series: CandleSeries?, answer: Answer) {
        guard let symbol, !symbol.isEmpty else { return (nil, Self.mandatory("symbol")) }
        guard let interval, !interval.isEmpty else { return (nil, Self.mandatory("interval")) }
        guard let series = store[symbol] else {
            return (nil, .error(status: 400, code: -1121, message: "Invalid symbol."))
        }
        guard let timeframe = Timeframe(rawValue: interval) else {
            return (nil, .error(status: 400, code: -1120, message: "Invalid interval."))
        }
        guard timeframe == series.timeframe else {
            return (nil, .error(status: 400, code: -1120,
                                message: "Invalid interval. (the fake server has only \(series.timeframe.rawValue) candles for \(symbol))"))
        }
        var start: Int64?
        var end: Int64?
        var count = Self.defaultLimit
        if let startTime {
            guard let value = Int64(startTime), value >= 0 else { return (nil, Self.illegal("startTime")) }
            start = value
        }
        if let endTime {
            guard let value = Int64(endTime), value >= 0 else { return (nil, Self.illegal("endTime")) }
            end = value
        }
        if let limit {
            guard let value = Int(limit) else { return (nil, Self.illegal("limit")) }
            guard value >= 1 else {
                return (nil, .error(status: 400, code: -1130, message: "Invalid data sent for a parameter."))
            }
            count = min(value, Self.maxLimit)
        }
        if let start, let end, start > end {
            return (nil, .error(status: 400, code: -1023, message: "Start time is greater than end time."))
        }
        let upper = end.map { series.firstIndex(openingAtOrAfter: $0 == .max ? $0 : $0 + 1) } ?? series.count
        let range: Range<Int>
        if let start {
            let lower = min(series.firstIndex(openingAtOrAfter: start), upper)
            range = lower..<min(upper, lower + count)
        } else {
            range = max(0, upper - count)..<upper
        }
        return (series, .candles(range))
    }

    static func mandatory(_ name: String) -> Answer {
        .error(status: 400, code: -1102,
               message: "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }

    static func illegal(_ name: String) -> Answer {
        .error(status: 400, code: -1100,
               message: "Illegal characters found in parameter '\(name)'; legal range is '^[0-9]{1,20}$'.")
    }
}
