import MarketData

/// Buy-and-hold of a market's symbols (equal weights) over a span: the benchmark beside every
/// backtest and every run.
///
/// - ``returnPct(market:range:)``: the figure of a backtest's summary, the mean over the
///   symbols of `close[last] / open[first] − 1`, in percent.
/// - ``init(market:from:to:capital:)``: the curve of a run's stitched span, `capital / n ×
///   Σ close[t] / open[first]` at every close, and its return. Both describe the same holding;
///   they are computed in these two forms so the stored figures stay bit-identical.
public struct BuyAndHold: Sendable {
    public var times: [Int64] = []
    public var values: [Double] = []
    /// The return of the curve in percent: `(last value / capital − 1) × 100`.
    public var returnPct: Double

    /// Bought at the first candle's open at or after `from`, marked at every close before `to`.
    public init(market: Market, from: Int64, to: Int64, capital: Double) {
        let range = market.leadSeries.indexRange(fromTime: from, toTime: to)
        let closeOffset = market.leadSeries.timeframe.milliseconds
        guard !range.isEmpty else {
            returnPct = 0
            return
        }
        let weight = capital / Double(market.contexts.count)
        for index in range {
            times.append(market.leadSeries.openTimes[index] + closeOffset)
            values.append(market.contexts.reduce(0) { total, context in
                total + weight * context.series.closes[index] / context.series.opens[range.lowerBound]
            })
        }
        returnPct = ((values.last ?? capital) / capital - 1) * 100
    }
}

extension BuyAndHold {
    /// The daily returns of holding the market's symbols (equal weights, all the capital)
    /// from the open of `range`'s first candle: the value `Σ close[t] / open[first] / n` at
    /// each day's last close (a session's; the range's last candle ends its day), over the
    /// previous day's (1 before the first) — the day ends a backtest's daily returns use.
    public static func dailyReturns(market: Market, range: Range<Int>) -> [Double] {
        guard !range.isEmpty else { return [] }
        let ends = market.contexts[0].isLastCandleOfSession
        let count = Double(market.contexts.count)
        var returns: [Double] = []
        var previous = 1.0
        for index in range where ends[index] || index == range.upperBound - 1 {
            let value = market.contexts.reduce(0.0) { $0 + $1.series.closes[index] / $1.series.opens[range.lowerBound] } / count
            returns.append(value / previous - 1)
            previous = value
        }
        return returns
    }

    /// The mean over the symbols of `close[last] / open[first] − 1`, in percent, over `range`.
    public static func returnPct(market: Market, range: Range<Int>) -> Double {
        let lastIndex = range.upperBound - 1
        return market.contexts.reduce(0.0) { total, context in
            total + (context.series.closes[lastIndex] / context.series.opens[range.lowerBound] - 1) * 100
        } / Double(market.contexts.count)
    }
}
