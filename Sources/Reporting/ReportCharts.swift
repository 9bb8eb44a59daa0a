import Backtesting
import Charts
import WalkForward

/// The report's SVG charts, built from the report data.
struct ReportCharts {
    let data: ReportData
    let heatmap: HeatmapChoice

    /// File name → SVG, in the order the report shows them.
    func all() -> [(String, String)] {
        [("equity.svg", equity()), ("degradation.svg", degradation()), ("parameters.svg", parameters()),
         ("heatmap.svg", search()), ("overfitting.svg", logits())]
    }

    /// Stitched out-of-sample equity against buy-and-hold, with the initial capital marked.
    func equity() -> String {
        let symbols = data.run.symbolList.joined(separator: ", ")
        return TimeSeriesChart(
            title: "Stitched out-of-sample equity vs buy-and-hold",
            yAxisTitle: "Equity (quote currency)",
            series: [
                TimeSeries(name: "Out-of-sample (stitched)", times: data.stitched.times, values: data.stitched.values.map { $0 }),
                TimeSeries(name: "Buy and hold \(symbols)", times: data.buyAndHold.times,
                           values: data.buyAndHold.values.map { $0 }, dashed: true),
            ],
            band: monteCarloBand(),
            referenceLine: ReferenceLine(value: data.initialCapital, label: "initial capital")).svg()
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
            return BarGroup(label: label,
                            values: [inSample.roi / window.trainingDays, outOfSample.roi / window.testingDays],
                            annotation: BarGroup.percentAnnotation(record.performanceDropPct))
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
