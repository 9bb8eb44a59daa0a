/// A closed round trip: one entry and its exit.
public struct Trade: Sendable, Hashable {
    public var symbol: String
    public var side: Side
    /// Open time (epoch ms) of the candle whose open filled the entry.
    public var entryTime: Int64
    /// The entry fill price, slippage included.
    public var entryPrice: Double
    /// Open time (epoch ms) of the candle during which the position was closed.
    public var exitTime: Int64
    /// The exit fill price, slippage included.
    public var exitPrice: Double
    public var quantity: Double
    /// Entry plus exit fee, in quote currency.
    public var fees: Double
    /// Net profit or loss in quote currency: `sign × (exit − entry) × quantity − fees`.
    public var profitLoss: Double
    public var exitReason: ExitReason
    /// The strategy's confidence in the entry signal, for strategies that report one.
    public var confidence: Double?
    /// Candles from the entry candle to the exit candle, both included.
    public var candlesHeld: Int

    public init(symbol: String, side: Side, entryTime: Int64, entryPrice: Double, exitTime: Int64,
                exitPrice: Double, quantity: Double, fees: Double, profitLoss: Double,
                exitReason: ExitReason, confidence: Double?, candlesHeld: Int) {
        self.symbol = symbol
        self.side = side
        self.entryTime = entryTime
        self.entryPrice = entryPrice
        self.exitTime = exitTime
        self.exitPrice = exitPrice
        self.quantity = quantity
        self.fees = fees
        self.profitLoss = profitLoss
        self.exitReason = exitReason
        self.confidence = confidence
        self.candlesHeld = candlesHeld
    }

    /// Net return on the entry notional, percent: `profitLoss / (entryPrice × quantity) × 100`.
    public var returnPct: Double { profitLoss / (entryPrice * quantity) * 100 }
}
