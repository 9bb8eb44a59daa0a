import MarketData

/// Buy-and-hold of a market's symbols (equal weights) over a span: the benchmark beside every
/// backtest and every run.
///
/// - ``returnPct(market:range:)``: the figure of a backtest's summary, the mean over the
///   symbols of `close[last] / open[first] − 1`, in percent.
/// - ``init(market:from:to:capital:)``: the curve of a run's stitched span, `capital / n ×
///   Σ close[t] / open[first]` at every close, and its return. Both describe the same holding;
///   they are computed in these two forms so the stored figures stay bit-identical.
///
/// In a universe (``Market/init(universe:)``) each of the `n` symbols with a candle in the
/// span holds `1 / n` of the capital: as cash until its first open in the span, then bought
/// there, marked at its last close at or before each axis close (a hole keeps the last close),
/// and as cash again after its last candle: its factor is `close[last ≤ t] / open[first]`,
/// 1 before it lists.
public struct BuyAndHold: Sendable {
    public var times: [Int64] = []
    public var values: [Double] = []
    /// The return of the curve in percent: `(last value / capital − 1) × 100`.
    public var returnPct: Double

    /// Bought at the first candle's open at or after `from`, marked at every close before `to`.
    public init(market: Market, from: Int64, to: Int64, capital: Double) {
        let range = market.indexRange(fromTime: from, toTime: to)
        let closeOffset = market.timeframe.milliseconds
        guard !range.isEmpty else {
            returnPct = 0
            return
        }
        if market.isAligned {
            let weight = capital / Double(market.contexts.count)
            for index in range {
                times.append(market.openTimes[index] + closeOffset)
                values.append(market.contexts.reduce(0) { total, context in
                    total + weight * context.series.closes[index] / context.series.opens[range.lowerBound]
                })
            }
        } else {
            let factors = Self.universeFactors(market: market, range: range)
            for (offset, index) in range.enumerated() {
                times.append(market.openTimes[index] + closeOffset)
                values.append(capital * factors[offset])
            }
        }
        returnPct = ((values.last ?? capital) / capital - 1) * 100
    }

    /// A universe's value per unit of capital at each axis close of `range`: the mean over the
    /// symbols with a candle in the range of `close[last ≤ t] / open[first in range]` (1 before
    /// the symbol lists; its last close after it delists).
    static func universeFactors(market: Market, range: Range<Int>) -> [Double] {
        var totals = [Double](repeating: 0, count: range.count)
        var held = 0
        for symbol in market.contexts.indices {
            let series = market.contexts[symbol].series
            let own = series.indexRange(fromTime: market.openTimes[range.lowerBound],
                                        toTime: market.openTimes[range.upperBound - 1] + 1)
            guard !own.isEmpty else { continue }
            held += 1
            let entry = series.opens[own.lowerBound]
            var factor = 1.0
            for (offset, index) in range.enumerated() {
                if let candle = market.candleIndex(symbol: symbol, at: index) { factor = series.closes[candle] / entry }
                totals[offset] += factor
            }
        }
        return held == 0 ? totals.map { _ in 1 } : totals.map { $0 / Double(held) }
    }
}

extension BuyAndHold {
    /// The daily returns of holding the market's symbols (equal weights, all the capital)
    /// from the open of `range`'s first candle: the value `Σ close[t] / open[first] / n` at
    /// each day's last close (a session's; the range's last candle ends its day), over the
    /// previous day's (1 before the first) — the day ends a backtest's daily returns use.
    public static func dailyReturns(market: Market, range: Range<Int>) -> [Double] {
        guard !range.isEmpty else { return [] }
        let ends = market.isLastCandleOfSession
        var returns: [Double] = []
        var previous = 1.0
        if !market.isAligned {
            let factors = universeFactors(market: market, range: range)
            for (offset, index) in range.enumerated() where ends[index] || index == range.upperBound - 1 {
                returns.append(factors[offset] / previous - 1)
                previous = factors[offset]
            }
            return returns
        }
        let count = Double(market.contexts.count)
        for index in range where ends[index] || index == range.upperBound - 1 {
            let value = market.contexts.reduce(0.0) { $0 + $1.series.closes[index] / $1.series.opens[range.lowerBound] } / count
            returns.append(value / previous - 1)
            previous = value
        }
        return returns
    }

    /// The mean over the symbols of `close[last] / open[first] − 1`, in percent, over `range`
    /// (in a universe, the mean of `close[last] / open[first]` over each symbol's own candles in
    /// the range: ``universeFactors(market:range:)`` at its last close).
    public static func returnPct(market: Market, range: Range<Int>) -> Double {
        guard market.isAligned else {
            var total = 0.0, held = 0
            for context in market.contexts {
                let own = context.series.indexRange(fromTime: market.openTimes[range.lowerBound],
                                                    toTime: market.openTimes[range.upperBound - 1] + 1)
                guard !own.isEmpty else { continue }
                held += 1
                total += context.series.closes[own.upperBound - 1] / context.series.opens[own.lowerBound]
            }
            return held == 0 ? 0 : (total / Double(held) - 1) * 100
        }
        let lastIndex = range.upperBound - 1
        return market.contexts.reduce(0.0) { total, context in
            total + (context.series.closes[lastIndex] / context.series.opens[range.lowerBound] - 1) * 100
        } / Double(market.contexts.count)
    }
}
