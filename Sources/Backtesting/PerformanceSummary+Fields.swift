extension PerformanceSummary {
    /// Every metric under its SPEC name (snake_case), in the SPEC's order; nil where undefined.
    /// Storage, JSON output and reports all read metrics through this one list.
    public var namedValues: [(name: String, value: Double?)] {
        [
            ("total_trades", Double(totalTrades)),
            ("winning_trades", Double(winningTrades)),
            ("losing_trades", Double(losingTrades)),
            ("win_rate", winRate),
            ("roi", roi),
            ("total_profit_loss", totalProfitLoss),
            ("max_drawdown", maxDrawdown),
            ("sharpe_ratio", sharpeRatio),
            ("sortino_ratio", sortinoRatio),
            ("calmar_ratio", calmarRatio),
            ("profit_factor", profitFactor),
            ("expectancy", expectancy),
            ("sqn", sqn),
            ("exposure", exposure),
            ("buy_and_hold", buyAndHold),
            ("initial_equity", initialEquity),
            ("final_equity", finalEquity),
            ("candles", Double(candles)),
            ("days", Double(days)),
        ]
    }
}
