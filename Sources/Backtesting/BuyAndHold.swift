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
    /// The mean over the symbols of `close[last] / open[first] − 1`, in percent, over `range`.
    public static func returnPct(market: Market, range: Range<Int>) -> Double {
        let lastIndex = range.upperBound - 1
        return market.contexts.reduce(0.0) { total, context in
            total + (context.series.closes[lastIndex] / context.series.opens[range.lowerBound] - 1) * 100
        } / Double(market.contexts.count)
    }
}
