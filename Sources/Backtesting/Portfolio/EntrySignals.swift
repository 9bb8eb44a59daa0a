/// The entries a signals portfolio may take over one range, by axis candle: at each close a
/// bit per symbol (in name order) for a long entry and one for a short, with the symbol's
/// rank. A bit is set where the symbol has a candle that is not its last, its rule enters
/// when flat (`decision(at:position: nil)`, which reads no position) and the portfolio admits
/// it (``BoundPortfolio/admits(symbol:at:)``).
///
/// Built symbol by symbol, each reading its own columns in order, then read a row per close:
/// the simulator's choice among a hundred symbols reads two words and the ranks of those that
/// signal, instead of a column of every symbol at every close (which missed the cache for
/// each). Every input is a pure function of the candle, so computing them for closes the
/// simulator then skips (no free slot, symbol busy) changes nothing.
struct EntrySignals {
    /// `UInt64` words in a row: one bit per symbol.
    let wordsPerRow: Int
    private let symbolCount: Int
    private let long: UnsafeMutableBufferPointer<UInt64>
    private let short: UnsafeMutableBufferPointer<UInt64>
    /// `ranks[row * symbolCount + s]`, written where a bit is set.
    private let ranks: UnsafeMutableBufferPointer<Double>

    /// - Parameters:
    ///   - rules: per symbol in name order; `listed[s]` is its position in the market and the portfolio.
    init<Rule: SignalRule>(market: Market, range: Range<Int>, rules: [Rule], listed: [Int], portfolio: BoundPortfolio) {
        symbolCount = rules.count
        wordsPerRow = (symbolCount + 63) / 64
        long = .allocate(capacity: range.count * wordsPerRow)
        short = .allocate(capacity: range.count * wordsPerRow)
        ranks = .allocate(capacity: range.count * symbolCount)
        long.initialize(repeating: 0)
        short.initialize(repeating: 0)
        ranks.initialize(repeating: 0)
        for symbol in 0..<symbolCount {
            let rule = rules[symbol]   // a local copy: its columns stay in registers across the candles
            let marketSymbol = listed[symbol]
            let series = market.contexts[marketSymbol].series
            let times = series.openTimes
            let last = times.count - 1
            let word = symbol >> 6, bit = UInt64(1) << UInt64(symbol & 63)
            var own = series.firstIndex(openingAtOrAfter: market.openTimes[range.lowerBound])
            var axis = range.lowerBound
            while own <= last, axis < range.upperBound {
                // The axis index of this own candle: the axis holds every symbol's times, in order.
                while market.openTimes[axis] < times[own] { axis += 1 }
                guard axis < range.upperBound else { break }
                if own != last, case let .enter(side) = rule.decision(at: own, position: nil),
                   portfolio.admits(symbol: marketSymbol, at: own) {
                    let row = axis - range.lowerBound
                    (side == .long ? long : short)[row * wordsPerRow + word] |= bit
                    ranks[row * symbolCount + symbol] = portfolio.rank(symbol: marketSymbol, at: own)
                }
                own += 1
            }
        }
    }

    func deallocate() {
        long.deallocate()
        short.deallocate()
        ranks.deallocate()
    }

    /// The symbols entering long (or short) at the close of row `row` (axis index − the
    /// range's lower bound), word `word` of the row.
    @inline(__always)
    func entering(_ side: Side, row: Int, word: Int) -> UInt64 {
        (side == .long ? long : short)[row * wordsPerRow + word]
    }

    @inline(__always)
    func rank(row: Int, symbol: Int) -> Double { ranks[row * symbolCount + symbol] }
}
