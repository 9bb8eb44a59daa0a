/// The values of a portfolio run's sections (docs/reports.md): `is_portfolio`, the settings
/// with the skipped entries, the holdings chart, the contribution of each symbol, the heat strip
/// and a trade chart per symbol that traded. A plain run gets `is_portfolio` false only.
extension RunReportContext {
    static func portfolio(_ data: ReportData) -> [String: Any] {
        guard let settings = data.portfolio else { return ["is_portfolio": false] }
        let figures = PortfolioFigures(data)
        let skipped = data.windows.compactMap { window in
            window.record.oosSkippedEntries.flatMap { $0 > 0 ? "W\(window.record.windowIndex + 1) \($0)" : nil }
        }
        let skippedRow = (label: "Skipped entries (out of sample)",
                          value: "\(figures.skippedEntries): entries cash could not pay, skipped, not shrunk"
                              + (skipped.isEmpty ? "" : " (by window: " + skipped.joined(separator: ", ") + ")"))
        func row(_ contribution: PortfolioFigures.Contribution) -> [String: String] {
            ["symbol": contribution.symbol, "profit_loss": Formatting.money(contribution.profitLoss),
             "share": Formatting.percent(contribution.sharePct, decimals: 1), "trades": String(contribution.trades),
             "win_rate": Formatting.percent(contribution.winRatePct, decimals: 1),
             "exposure": Formatting.percent(contribution.exposurePct, decimals: 1)]
        }
        let charts = ReportCharts.symbolCharts(figures)
        return [
            "is_portfolio": true,
            "symbol_count": String(figures.symbols.count),
            "portfolio_settings": (settings.rows + [skippedRow]).map { ["label": $0.label, "value": $0.value] },
            "has_holdings": !data.holdings.isEmpty,
            "holdings_chart": ReportCharts.holdingsChart,
            "holdings_strip_chart": ReportCharts.holdingsStripChart,
            "has_contributions": !figures.contributions.isEmpty,
            "contributions": figures.contributions.map(row),
            "contribution_total": row(figures.total),
            "has_never_held": !figures.neverHeld.isEmpty,
            "never_held": figures.neverHeld.joined(separator: ", "),
            "traded_count": String(charts.count),
            "symbol_charts": charts.map { ["title": ReportCharts.stitchedTradesTitle($0.symbol), "chart": $0.file] },
        ]
    }
}
