/// A column per symbol of a universe (a rank, a filter, a volatility), each on its symbol's own
/// candles, stored end to end in one array: the portfolio simulator reads the current value of
/// many symbols at every close, and one array keeps those reads clear of a header per symbol.
struct SymbolColumns: Sendable {
    private let values: [Double]
    /// `values[starts[s] ..< starts[s + 1]]` is symbol s's column.
    private let starts: [Int]

    /// Symbol s's column is `columns[s]`.
    init(_ columns: [[Double]]) {
        var starts = [0], values: [Double] = []
        starts.reserveCapacity(columns.count + 1)
        values.reserveCapacity(columns.reduce(0) { $0 + $1.count })
        for column in columns {
            values.append(contentsOf: column)   // a copy of contiguous storage, not element by element
            starts.append(values.count)
        }
        self.values = values
        self.starts = starts
    }

    /// The value of `symbol` at its candle `index` (`0 ≤ index <` its column's count).
    @inline(__always)
    subscript(symbol: Int, index: Int) -> Double {
        assert(index >= 0 && starts[symbol] + index < starts[symbol + 1], "a candle of the symbol")
        return values[starts[symbol] + index]
    }
}
