import Backtesting
import Charts
import WalkForward

/// The report's SVG charts, built from the report data.
struct ReportCharts {
    let data: ReportData
    let heatmap: HeatmapChoice

    /// File name → SVG, in the order the report shows them: the report's charts, then one
    /// trade chart per completed window (`window-3.svg`), linked from the windows table.
    /// A portfolio run's add its holdings and draw the trades of every symbol that traded, its
    /// windows' charts a panel per symbol (``portfolioCharts(_:)``).
    func all(perWindow: Bool = true) -> [(String, String)] {
        let portfolio = data.portfolio.map { _ in PortfolioFigures(data) }
        // Runs completed before `addReportSeries` have no prices, drawdowns or months to draw.
        let series = data.priceColumns.isEmpty ? [] : [("underwater.svg", underwater())]
            + (portfolio == nil ? [("trades.svg", trades(window: nil))] : [])
        var charts = [("equity.svg", equity())] + series + (portfolio.map(portfolioCharts) ?? [])
            + [("degradation.svg", degradation()), ("parameters.svg", parameters()), ("heatmap.svg", search()), ("overfitting.svg", logits())]
        if let monteCarlo = monteCarlo() { charts.append(("monte-carlo.svg", monteCarlo)) }
        if Self.hasConvergence(data) { charts.append(("convergence.svg", convergence())) }
        for window in data.completedWindows where perWindow && window.hasPrices {
            let index = window.record.windowIndex
            charts.append((Self.windowChart(index), portfolio.map { portfolioTrades(window: index, symbols: $0.symbols) } ?? trades(window: index)))
        }
        return charts
    }

    /// Whether the report shows how the search converged: for searches that chose their
    /// combinations (random, TPE), whose order of proposal means something.
    static func hasConvergence(_ data: ReportData) -> Bool {
        ["random", "tpe"].contains(data.run.optimizationMethod ?? "") && !data.completedWindows.isEmpty
    }

    /// Each completed window's best in-sample objective so far, trial by trial in proposal
    /// order (trials below `min_trades` or without an objective do not count).
    func convergence() -> String {
        let lines = data.completedWindows.map { window -> ConvergenceChart.Line in
            let ordered = window.trials.sorted { $0.proposalOrder < $1.proposalOrder }
            return .init(name: "W\(window.record.windowIndex + 1)",
                         bestSoFar: ConvergenceChart.Line.runningBest(ordered.map { $0.belowMinimumTrades ? nil : $0.objectiveValue }))
        }
        return ConvergenceChart(title: "Best in-sample \(data.objective.rawValue) so far, per window",
                                yAxisTitle: "Best \(data.objective.rawValue)", lines: lines).svg()
    }

    /// The title of a symbol's trade chart over the stitched span (also its image's text).
    static func stitchedTradesTitle(_ symbol: String) -> String { "\(symbol) over the stitched out-of-sample span, with every trade" }

    /// `window-3.svg` for window index 2.
    static func windowChart(_ index: Int) -> String { "window-\(index + 1).svg" }

    /// The first symbol's prices with its out-of-sample trades: over one window's testing
    /// period, or over the stitched span (every window's trades) when `window` is nil.
    func trades(window: Int?) -> String {
        tradeChart(symbol: data.run.symbolList.first ?? "", window: window).svg()
    }

    /// A symbol's prices with its out-of-sample trades, over one window's testing period or
    /// the stitched span (nil).
    func tradeChart(symbol: String, window: Int?, height: Double = 340) -> TradeChart {
        let columns = data.prices(symbol: symbol, window: window)
        let windows = window.map { index in data.completedWindows.filter { $0.record.windowIndex == index } } ?? data.completedWindows
        let markers = windows.flatMap(\.outOfSampleTrades).filter { $0.symbol == symbol }.map(Self.marker)
        let title = window.map { "Window \($0 + 1): \(symbol) out of sample, with its trades" } ?? Self.stitchedTradesTitle(symbol)
        return TradeChart(title: title, yAxisTitle: "Price (quote currency)",
                          prices: TradeChart.PriceColumns(times: columns.map(\.time), lows: columns.map(\.low), highs: columns.map(\.high),
                                                          closes: columns.map(\.close)),
                          trades: markers, height: height)
    }

    static func marker(_ trade: Trade) -> TradeChart.Marker {
        TradeChart.Marker(isLong: trade.side == .long, entryTime: trade.entryTime, entryPrice: trade.entryPrice, exitTime: trade.exitTime,
                          exitPrice: trade.exitPrice, exitReason: trade.exitReason.rawValue, profitLoss: trade.profitLoss)
    }

    /// How far below its running peak the stitched out-of-sample equity and buy-and-hold were.
    func underwater() -> String {
        let stitched = data.drawdowns.filter { $0.series == .stitched }, hold = data.drawdowns.filter { $0.series == .buyAndHold }
        return TimeSeriesChart(
            title: "Underwater: drawdown from the running peak", yAxisTitle: "Below the peak (%)", valueFormat: .percent,
            series: [TimeSeries(name: "Out-of-sample (stitched)", times: stitched.map(\.time), values: stitched.map(\.value)),
                     TimeSeries(name: "Buy and hold", times: hold.map(\.time), values: hold.map(\.value), stroke: .dashed)]).svg()
    }

    /// The Monte Carlo bands as returns of their own, scaled to them: visible whatever the
    /// exposure (at 1 % of capital a trade they are too narrow to see on the equity chart).
    func monteCarlo() -> String? {
        guard !data.monteCarloBands.isEmpty else { return nil }
        let bands = data.monteCarloBands
        return TimeSeriesChart(
            title: "Monte Carlo of the out-of-sample trades: return after each trade", yAxisTitle: "Return (%)", valueFormat: .percent,
            series: [TimeSeries(name: "Median path", times: bands.map(\.time), values: bands.map { ($0.median - 1) * 100 })],
            band: TimeBand(name: "5–95 % of the paths", times: bands.map(\.time), lower: bands.map { ($0.lower - 1) * 100 },
                           upper: bands.map { ($0.upper - 1) * 100 }),
            referenceLine: ReferenceLine(value: 0, label: "break-even")).svg()
    }

    /// Stitched out-of-sample equity against buy-and-hold, with the initial capital marked.
    func equity() -> String {
        let symbols = data.run.symbolList.joined(separator: ", ")
        let holding = data.portfolio == nil ? "Buy and hold \(symbols)" : "Buy and hold, equal parts of the \(data.run.symbolList.count) symbols"
        let strategy = TimeSeries(name: "Out-of-sample (stitched)", times: data.stitched.times, values: data.stitched.values.map { $0 })
        let band = monteCarloBand()
        let capital = ReferenceLine(value: data.initialCapital, label: "initial capital")
        let comparison = TimeSeriesChart(
            title: "Stitched out-of-sample equity vs buy-and-hold",
            yAxisTitle: "Equity (quote currency)",
            series: [strategy, TimeSeries(name: holding, times: data.buyAndHold.times,
                                          values: data.buyAndHold.values.map { $0 }, stroke: .dashed)],
            band: band, referenceLine: capital)
        guard strategyIsDwarfed(band: band) else { return comparison.svg() }
        let own = TimeSeriesChart(title: "Stitched out-of-sample equity on its own scale", yAxisTitle: "Equity (quote currency)",
                                  series: [strategy], band: band, referenceLine: capital, height: 280)
        return StackedCharts(title: "Stitched out-of-sample equity, on its own scale and vs buy-and-hold", panels: [own, comparison]).svg()
    }

    /// Whether the strategy's equity (with its Monte Carlo band) spans less than an eighth of
    /// the scale buy-and-hold sets: then it would sit flat on the shared axis (a strategy that
    /// risks 1 % of its capital per trade beside a market that doubled), so the chart gets a
    /// first panel of the strategy alone on its own scale. A flat curve (no trade) gets none.
    func strategyIsDwarfed(band: TimeBand?) -> Bool {
        let own = data.stitched.values + (band.map { $0.lower.compactMap { $0 } + $0.upper.compactMap { $0 } } ?? []) + [data.initialCapital]
        let all = own + data.buyAndHold.values
        let finiteOwn = own.filter(\.isFinite), finiteAll = all.filter(\.isFinite)
        guard let ownLow = finiteOwn.min(), let ownHigh = finiteOwn.max(),
              let low = finiteAll.min(), let high = finiteAll.max(), high > low, ownHigh > ownLow else { return false }
        return (ownHigh - ownLow) * 8 < high - low
    }

    /// The 5–95 % band of the Monte Carlo paths, in money, at each trade's exit time.
    func monteCarloBand() -> TimeBand? {
        guard !data.monteCarloBands.isEmpty else { return nil }
        let capital = data.initialCapital
        return TimeBand(name: "Monte Carlo 5–95 % (bootstrap of the out-of-sample trades)", times: data.monteCarloBands.map(\.time),
                        lower: data.monteCarloBands.map { $0.lower * capital }, upper: data.monteCarloBands.map { $0.upper * capital })
    }

    /// The distribution of the CSCV logits pooled over the windows; PBO is the share left of 0.
    func logits() -> String {
        Histogram(title: "CSCV logits of the in-sample winner's out-of-sample rank (pooled)", xAxisTitle: "logit λ = ln(ω / (1 − ω))",
                  values: data.pooledLogits, binCount: 40, marker: ReferenceLine(value: 0, label: "λ = 0")).svg()
    }

    /// In-sample vs out-of-sample return rate (% per day) per window, labelled with the drop.
    func degradation() -> String {
        let groups = data.windows.map { window -> BarGroup in
            let record = window.record
            let label = "W\(record.windowIndex + 1)"
            guard record.status == .completed, let inSample = window.inSample, let outOfSample = window.outOfSample else {
                return BarGroup.failed(label: label, reason: record.error ?? record.status.rawValue)
            }
            let window = record.window
            var group = BarGroup(label: label,
                                 values: [inSample.roi / window.trainingDays, outOfSample.roi / window.testingDays],
                                 annotation: BarGroup.percentAnnotation(record.performanceDropPct))
            group.details = ["\(Formatting.date(record.trainingStart)) → \(Formatting.date(record.trainingEnd))",
                             "\(Formatting.date(record.testingStart)) → \(Formatting.date(record.testingEnd))"]
            return group
        }
        return BarChart(title: "Return rate per window: in-sample vs out-of-sample", yAxisTitle: "Return rate (% per day)",
                        valueFormat: .percent, seriesNames: ["In-sample", "Out-of-sample"], groups: groups,
                        annotationCaption: "labels: performance drop").svg()
    }

    /// The best value of each searched parameter, window by window.
    func parameters() -> String {
        let ranges = data.parameterRanges
        let panels = data.searchedParameters.map { name -> ParameterSeries in
            let values = data.windows.map { window -> Double? in
                guard window.record.status == .completed else { return nil }
                return window.record.bestParameterSet?[name]?.number
            }
            let searched = ranges.first { $0.name == name }?.values.compactMap(\.number) ?? []
            let range = searched.isEmpty ? nil : searched.min()!...searched.max()!
            return ParameterSeries(name: name, values: values, searchedRange: range)
        }
        return SmallMultiplesChart(title: "Best parameters per window", panels: panels).svg()
    }

    /// The in-sample heatmap of the first two searched parameters; a line for one numeric parameter.
    func search() -> String {
        let numbers = heatmap.xValues.compactMap(\.number)
        if heatmap.yName == nil, numbers.count == heatmap.xValues.count, !numbers.isEmpty {
            return LinePlot(title: heatmap.title, xName: heatmap.xName, yAxisTitle: "Mean in-sample \(heatmap.objective.rawValue)",
                            xValues: numbers, yValues: heatmap.cells.first ?? []).svg()
        }
        return Heatmap(title: heatmap.title, xName: heatmap.xName, yName: heatmap.yName ?? "",
                xValues: heatmap.xValues.map(\.description), yValues: heatmap.yValues.isEmpty ? [""] : heatmap.yValues.map(\.description),
                values: heatmap.cells, valueName: heatmap.objective.rawValue).svg()
    }
}
