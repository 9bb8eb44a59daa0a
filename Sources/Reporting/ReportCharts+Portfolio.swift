import Charts

/// The charts of a portfolio run (docs/reports.md): its open positions and cash, the holdings
/// heat strip, and the trades on the prices of every symbol that traded.
extension ReportCharts {
    static let holdingsChart = "holdings.svg"
    static let holdingsStripChart = "holdings-by-window.svg"

    /// The symbols with out-of-sample trades in the contribution table's order (P/L descending:
    /// the page shows the ones that mattered first), with their trade chart's file:
    /// `trades-2-ethusdt.svg` for the second symbol listed (the number keeps two symbols whose
    /// names slug alike apart; the slug keeps any name out of the path).
    static func symbolCharts(_ figures: PortfolioFigures) -> [(symbol: String, file: String)] {
        figures.contributions.map { contribution in
            let position = (figures.symbols.firstIndex(of: contribution.symbol) ?? 0) + 1
            return (contribution.symbol, "trades-\(position)-\(Formatting.slug(contribution.symbol)).svg")
        }
    }

    /// File name → SVG: the holdings (when stored), the heat strip, then each traded symbol's
    /// trades over the stitched span (when prices are stored).
    func portfolioCharts(_ figures: PortfolioFigures) -> [(String, String)] {
        var charts = data.holdings.isEmpty ? [] : [(Self.holdingsChart, holdings())]
        charts.append((Self.holdingsStripChart, holdingsStrip(figures)))
        if !data.priceColumns.isEmpty {
            charts += Self.symbolCharts(figures).map { ($0.file, tradeChart(symbol: $0.symbol, window: nil).svg()) }
        }
        return charts
    }

    /// Open positions above the cash share of equity, at each stitched out-of-sample close. The
    /// limit is drawn too: a line at `max_positions`, or, when it is a searched parameter, each
    /// window's best value of it.
    func holdings() -> String {
        let times = data.holdings.map(\.time)
        var series = [TimeSeries(name: "Open positions", times: times, values: data.holdings.map(\.positions))]
        var limit: ReferenceLine?
        if let written = data.portfolio?.maxPositions {
            if let number = Double(written) {
                limit = ReferenceLine(value: number, label: "max positions \(written)")
            } else {
                series.append(TimeSeries(name: "Max positions (each window's best \(written))", times: times,
                                         values: times.map { bestValue(of: written, at: $0) }, stroke: .dashed))
            }
        }
        let positions = TimeSeriesChart(title: "Open positions at each out-of-sample close", yAxisTitle: "Positions", valueFormat: .plain,
                                        series: series, referenceLine: limit, height: 260)
        let cash = TimeSeriesChart(title: "Cash, share of equity", yAxisTitle: "Cash (% of equity)", valueFormat: .percent,
                                   series: [TimeSeries(name: "Cash / equity", times: times, values: data.holdings.map { $0.cashShare * 100 })],
                                   height: 260)
        return StackedCharts(title: "Open positions and cash share over the stitched out-of-sample span", panels: [positions, cash]).svg()
    }

    /// The best value of a searched parameter in the completed window whose testing period holds `time`.
    private func bestValue(of parameter: String, at time: Int64) -> Double? {
        data.completedWindows.last { $0.record.testingStart <= time && time <= $0.record.testingEnd }?
            .record.bestParameterSet?[parameter]?.number
    }

    /// Symbols (rows, top to bottom as listed) × windows (columns): each cell shaded by the
    /// share of the window's testing period the symbol was held, 0 (white) to 100 % (dark blue);
    /// grey where the symbol was not listed or the window did not complete. Every cell's tooltip
    /// says it in words.
    func holdingsStrip(_ figures: PortfolioFigures) -> String {
        let windows = data.windows
        // Heatmap draws row 0 at the bottom: the last symbol first puts the first on top.
        let rows = Array(figures.symbols.indices.reversed())
        var chart = Heatmap(title: "Share of each out-of-sample window each symbol was held", xName: "Out-of-sample window", yName: "Symbol",
                            xValues: windows.map { "W\($0.record.windowIndex + 1)" }, yValues: rows.map { figures.symbols[$0] },
                            values: rows.map { figures.heldPct[$0] }, valueName: "Share held", valueFormat: .percent,
                            height: max(240, 110 + 22 * Double(rows.count)))
        chart.domain = 0...100
        chart.ramp = .blues
        chart.tooltips = rows.map { row in
            windows.indices.map { column in
                let record = windows[column].record
                let cell = "\(figures.symbols[row]), window \(record.windowIndex + 1) "
                    + "(\(Formatting.date(record.testingStart)) → \(Formatting.date(record.testingEnd)))"
                if figures.unlisted[row][column] { return cell + ": not listed (no candle in the testing period)" }
                guard let held = figures.heldPct[row][column] else { return cell + ": \(record.status.rawValue), no out-of-sample trades" }
                let trades = figures.tradeCounts[row][column]
                return cell + ": held \(Formatting.percent(held, decimals: 1)) of the testing period, \(trades) trade\(trades == 1 ? "" : "s")"
            }
        }
        return chart.svg()
    }

    /// One window's out-of-sample trades, a panel per symbol that traded in it, in the order of
    /// `symbols:`.
    func portfolioTrades(window index: Int, symbols: [String]) -> String {
        let trades = data.completedWindows.first { $0.record.windowIndex == index }?.outOfSampleTrades ?? []
        let traded = symbols.filter { symbol in trades.contains { $0.symbol == symbol } }
        let title = traded.isEmpty ? "Window \(index + 1): no out-of-sample trade"
            : "Window \(index + 1): the out-of-sample trades of \(traded.count) symbol\(traded.count == 1 ? "" : "s"), one panel each"
        return StackedCharts(title: title, panels: traded.map { tradeChart(symbol: $0, window: index, height: 280) }).svg()
    }
}
