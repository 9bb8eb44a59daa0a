import Backtesting
import MarketData

/// What a portfolio run's out-of-sample trades say symbol by symbol: each symbol's contribution
/// to the P/L, how long it was held over the stitched span and in each window, and the entries
/// cash could not pay (docs/reports.md).
///
/// **Held time.** A trade holds its symbol from its entry fill to its exit (``held(_:candle:)``);
/// a symbol's held time is the union of its trades' (so two trades never count one moment
/// twice), measured inside the testing periods.
struct PortfolioFigures {
    /// One symbol's out-of-sample trades, summed over the completed windows.
    struct Contribution: Equatable {
        var symbol: String
        /// Net P/L of its trades, in the quote currency.
        var profitLoss: Double
        /// `profitLoss / |total P/L| × 100`: the shares add up to 100 % (−100 % when the total is
        /// a loss), each with its symbol's sign; nil when the total is 0.
        var sharePct: Double?
        var trades: Int
        /// Trades with a net P/L above 0, percent of its trades; nil without a trade.
        var winRatePct: Double?
        /// Its held time over the stitched span (the completed windows' testing periods),
        /// percent; nil when the span is empty. For the total: time with a position open.
        var exposurePct: Double?
    }

    /// The symbols that traded out of sample, by P/L descending (ties in the order of `symbols:`).
    var contributions: [Contribution]
    /// Every symbol together.
    var total: Contribution
    /// The symbols listed that never traded out of sample, in the order of `symbols:`.
    var neverHeld: [String]
    /// The symbols in the order of `symbols:` (then any other a trade names).
    var symbols: [String]
    /// `heldPct[s][w]`: the share of window `w`'s testing period symbol `s` was held, percent;
    /// nil for a window that did not complete, or one the symbol was not listed in. Windows in
    /// the order of ``ReportData/windows``.
    var heldPct: [[Double?]]
    /// `unlisted[s][w]`: symbol `s` had no candle in window `w`'s testing period (listed after
    /// it, or delisted before it): the run stored no prices of it there, while it did of others.
    var unlisted: [[Bool]]
    /// `tradeCounts[s][w]`: symbol `s`'s out-of-sample trades in window `w`.
    var tradeCounts: [[Int]]
    /// The entries cash could not pay, summed over the windows (``WindowRecord/oosSkippedEntries``).
    var skippedEntries: Int

    init(_ data: ReportData) {
        let candle = data.run.timeframe.milliseconds
        let windows = data.windows
        let completed = data.completedWindows
        var symbols = data.run.symbolList
        for trade in completed.flatMap(\.outOfSampleTrades) where !symbols.contains(trade.symbol) { symbols.append(trade.symbol) }
        let span = completed.map { $0.record.testingStart..<$0.record.testingEnd }
        let spanLength = Self.measure(span, within: span)
        func exposure(_ trades: [Trade]) -> Double? {
            spanLength > 0 ? Double(Self.measure(trades.map { Self.held($0, candle: candle) }, within: span)) / Double(spanLength) * 100 : nil
        }
        func contribution(_ symbol: String, _ trades: [Trade], totalProfitLoss: Double) -> Contribution {
            let profitLoss = trades.reduce(0) { $0 + $1.profitLoss }
            return Contribution(symbol: symbol, profitLoss: profitLoss,
                                sharePct: totalProfitLoss != 0 ? profitLoss / abs(totalProfitLoss) * 100 : nil, trades: trades.count,
                                winRatePct: trades.isEmpty ? nil : Double(trades.filter { $0.profitLoss > 0 }.count) / Double(trades.count) * 100,
                                exposurePct: exposure(trades))
        }
        let allTrades = completed.flatMap(\.outOfSampleTrades)
        let totalProfitLoss = allTrades.reduce(0) { $0 + $1.profitLoss }
        let bySymbol = Dictionary(grouping: allTrades, by: \.symbol)
        let order = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })
        contributions = symbols.compactMap { symbol in bySymbol[symbol].map { contribution(symbol, $0, totalProfitLoss: totalProfitLoss) } }
            .sorted { $0.profitLoss != $1.profitLoss ? $0.profitLoss > $1.profitLoss : order[$0.symbol, default: 0] < order[$1.symbol, default: 0] }
        total = contribution("all symbols", allTrades, totalProfitLoss: totalProfitLoss)
        neverHeld = symbols.filter { bySymbol[$0] == nil }
        self.symbols = symbols
        // A run stores each symbol's prices per window where it has candles (none before report series were stored).
        let priced = Set(data.priceColumns.compactMap { column in column.windowIndex.map { "\(column.symbol)|\($0)" } })
        unlisted = symbols.map { symbol in
            windows.map { !priced.isEmpty && $0.record.status == .completed && !priced.contains("\(symbol)|\($0.record.windowIndex)") }
        }
        heldPct = zip(symbols, unlisted).map { symbol, unlisted in
            zip(windows, unlisted).map { window, unlisted -> Double? in
                let record = window.record
                guard record.status == .completed, record.testingEnd > record.testingStart, !unlisted else { return nil }
                let held = window.outOfSampleTrades.filter { $0.symbol == symbol }.map { Self.held($0, candle: candle) }
                return Double(Self.measure(held, within: [record.testingStart..<record.testingEnd]))
                    / Double(record.testingEnd - record.testingStart) * 100
            }
        }
        tradeCounts = symbols.map { symbol in windows.map { $0.outOfSampleTrades.filter { $0.symbol == symbol }.count } }
        skippedEntries = windows.compactMap(\.record.oosSkippedEntries).reduce(0, +)
    }

    /// The time a trade holds its symbol, in epoch milliseconds: from its entry fill to its
    /// exit — the exit's time when it filled at an open or inside a candle (signal, rotation,
    /// stop-loss, take-profit, trailing stop), the end of its candle (`candle` milliseconds
    /// later) when it filled at the close (end, delisted, time limit, session close). Empty
    /// when the exit is not after the entry.
    static func held(_ trade: Trade, candle: Int64) -> Range<Int64> {
        let end: Int64
        switch trade.exitReason {
        case .signal, .rotation, .stopLoss, .takeProfit, .trailingStop: end = trade.exitTime
        case .end, .delisted, .timeLimit, .sessionClose: end = trade.exitTime + candle
        }
        return trade.entryTime..<max(trade.entryTime, end)
    }

    /// The length of the union of `intervals` inside the union of `spans`: time counted once
    /// however many intervals (or spans) cover it.
    static func measure(_ intervals: [Range<Int64>], within spans: [Range<Int64>]) -> Int64 {
        let spans = merged(spans)
        return merged(intervals).reduce(0) { sum, interval in
            sum + spans.reduce(0) { $0 + max(0, min(interval.upperBound, $1.upperBound) - max(interval.lowerBound, $1.lowerBound)) }
        }
    }

    /// Disjoint ranges covering what `ranges` cover, in order; empty ranges dropped.
    static func merged(_ ranges: [Range<Int64>]) -> [Range<Int64>] {
        var result: [Range<Int64>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
