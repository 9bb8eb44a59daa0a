/// The metrics of one backtest (SPEC section 6). Percentages are in percent (12.5 means
/// 12.5 %), money in quote currency. A metric that is undefined is `nil`, never 0 or ∞.
public struct PerformanceSummary: Sendable, Hashable, Codable {
    /// Closed round trips.
    public var totalTrades: Int
    /// Trades with net P/L > 0.
    public var winningTrades: Int
    /// Trades with net P/L <= 0, so that winning + losing = total.
    public var losingTrades: Int
    /// `winning / total × 100`; nil without trades.
    public var winRate: Double?
    /// `(final equity / initial − 1) × 100`, net of fees.
    public var roi: Double
    /// `final equity − initial`.
    public var totalProfitLoss: Double
    public var initialEquity: Double
    public var finalEquity: Double
    /// `max over t of (1 − Eₜ / max_{s<=t} Eₛ) × 100` on close-marked equity, the initial
    /// capital counting as the first peak.
    public var maxDrawdown: Double
    /// Daily returns rᵢ of equity at each trading day's last close (a session's; a UTC day's on
    /// `24/7`; the first from the initial capital): `mean(r) / std(r, n−1) × √D` with D the
    /// calendar's trading days a year (365 on `24/7`, 251.4 on XNYS); nil with fewer than 2 days or std 0.
    public var sharpeRatio: Double?
    /// `mean(r) / √(mean(min(r, 0)²)) × √D`; nil with fewer than 2 days or no down day.
    public var sortinoRatio: Double?
    /// `annualized return / max drawdown`, annualized = `((final/initial)^(365/days) − 1) × 100`
    /// over the span's calendar days; nil when the drawdown is 0.
    public var calmarRatio: Double?
    /// `gross profit / gross loss` in cash; nil when no trade lost money.
    public var profitFactor: Double?
    /// Mean net P/L per trade; nil without trades.
    public var expectancy: Double?
    /// System quality number `√n × mean(P/L) / std(P/L, n−1)`; nil with fewer than 2 trades or std 0.
    public var sqn: Double?
    /// Candles that closed with a position open `/ candles × 100`.
    public var exposure: Double
    /// `(last close / first open − 1) × 100` over the same span (mean over symbols).
    public var buyAndHold: Double
    /// Candles in the span.
    public var candles: Int
    /// UTC days with a daily return.
    public var days: Int
    /// Sum of winning trades' P/L, and of losing trades' |P/L|.
    public var grossProfit: Double
    public var grossLoss: Double

    public init(totalTrades: Int, winningTrades: Int, losingTrades: Int, winRate: Double?, roi: Double, totalProfitLoss: Double, initialEquity: Double, finalEquity: Double, maxDrawdown: Double, sharpeRatio: Double?, sortinoRatio: Double?, calmarRatio: Double?, profitFactor: Double?, expectancy: Double?, sqn: Double?, exposure: Double, buyAndHold: Double, candles: Int, days: Int, grossProfit: Double, grossLoss: Double) {
        self.totalTrades = totalTrades
        self.winningTrades = winningTrades
        self.losingTrades = losingTrades
        self.winRate = winRate
        self.roi = roi
        self.totalProfitLoss = totalProfitLoss
        self.initialEquity = initialEquity
        self.finalEquity = finalEquity
        self.maxDrawdown = maxDrawdown
        self.sharpeRatio = sharpeRatio
        self.sortinoRatio = sortinoRatio
        self.calmarRatio = calmarRatio
        self.profitFactor = profitFactor
        self.expectancy = expectancy
        self.sqn = sqn
        self.exposure = exposure
        self.buyAndHold = buyAndHold
        self.candles = candles
        self.days = days
        self.grossProfit = grossProfit
        self.grossLoss = grossLoss
    }
}
