/// A column per symbol of a universe (a rank, a filter, a volatility), each on its symbol's own
/// candles. The columns are shared, not copied: a rank that is an indicator is the indicator
/// cache's array, and a search keeps a bound portfolio per combination alive (a copy per
/// combination once took 1.1 KB per candle-symbol of a 100-symbol walk-forward).
struct SymbolColumns: Sendable {
    private let columns: [[Double]]

    /// Symbol s's column is `columns[s]`.
    init(_ columns: [[Double]]) {
        self.columns = columns
    }

    /// The value of `symbol` at its candle `index` (`0 ≤ index <` its column's count).
    @inline(__always)
    subscript(symbol: Int, index: Int) -> Double { columns[symbol][index] }
}
