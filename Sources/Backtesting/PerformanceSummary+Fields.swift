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
}
