extension PerformanceSummary {
    /// Every metric under its SPEC name (snake_case), in the SPEC's order; nil where undefined.
    /// Storage, JSON output and reports all read metrics through this one list.
    public var namedValues: [(name: String, value: Double?)] {
        let values: [Double?] = [
            Double(totalTrades), Double(winningTrades), Double(losingTrades), winRate, roi, totalProfitLoss, maxDrawdown,
            sharpeRatio, sortinoRatio, calmarRatio, profitFactor, expectancy, sqn, exposure, buyAndHold,
            initialEquity, finalEquity, Double(candles), Double(days),
        ]
        return Array(zip(Self.metricNames, values)).map { (name: $0.0, value: $0.1) }
    }

    /// The names of ``namedValues``, in the same order.
    public static let metricNames: [String] = [
        "total_trades", "winning_trades", "losing_trades", "win_rate", "roi", "total_profit_loss", "max_drawdown",
        "sharpe_ratio", "sortino_ratio", "calmar_ratio", "profit_factor", "expectancy", "sqn", "exposure",
        "buy_and_hold", "initial_equity", "final_equity", "candles", "days",
    ]

    /// The inverse of ``namedValues``: a summary from the values of ``metricNames`` in that
    /// order and the gross figures (which are not SPEC metrics). Nil when the count is wrong,
    /// a metric that is always defined is missing, or a count is not a whole number.
    public init?(namedValues values: [Double?], grossProfit: Double, grossLoss: Double) {
        guard values.count == Self.metricNames.count,
              let trades = values[0], let won = values[1], let lost = values[2], let roi = values[4],
              let profitLoss = values[5], let drawdown = values[6], let exposure = values[13], let buyAndHold = values[14],
              let initial = values[15], let final = values[16], let candles = values[17], let days = values[18],
              [trades, won, lost, candles, days].allSatisfy({ $0.rounded() == $0 && abs($0) < 1e15 })
        else { return nil }
        self.init(totalTrades: Int(trades), winningTrades: Int(won), losingTrades: Int(lost), winRate: values[3], roi: roi,
                  totalProfitLoss: profitLoss, initialEquity: initial, finalEquity: final, maxDrawdown: drawdown,
                  sharpeRatio: values[7], sortinoRatio: values[8], calmarRatio: values[9], profitFactor: values[10],
                  expectancy: values[11], sqn: values[12], exposure: exposure, buyAndHold: buyAndHold,
                  candles: Int(candles), days: Int(days), grossProfit: grossProfit, grossLoss: grossLoss)
    }
}
