/// How orders are sized and what they cost (SPEC section 5).
public struct SimulationSettings: Sendable, Hashable {
    /// How much each entry buys or sells.
    public enum Sizing: Sendable, Hashable {
        /// A fixed notional in quote currency: quantity = amount / fill price. The entry is
        /// skipped when cash cannot pay the notional plus the entry fee.
        case fixedQuote(Double)
        /// A percentage of equity (marked at the previous close): notional = equity × pct / 100,
        /// capped at what cash can pay with the entry fee, so 100 means "all in".
        case percentOfEquity(Double)
    }

    public var initialCapital: Double
    public var sizing: Sizing
    /// Fee per side, percent of notional (0.1 = 0.1 %).
    public var feePct: Double
    /// Slippage per side, percent of price, always against the trader.
    public var slippagePct: Double
    /// `flat_at_session_close`: every position closes at the close of its session's last candle
    /// (intraday strategies hold nothing overnight); an entry decided there fills at the next
    /// session's open.
    public var flatAtSessionClose: Bool

    public init(initialCapital: Double = 10_000, sizing: Sizing = .fixedQuote(100),
                feePct: Double = 0.1, slippagePct: Double = 0, flatAtSessionClose: Bool = false) {
        self.initialCapital = initialCapital
        self.sizing = sizing
        self.feePct = feePct
        self.slippagePct = slippagePct
        self.flatAtSessionClose = flatAtSessionClose
    }
}
