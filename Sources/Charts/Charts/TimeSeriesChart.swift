/// Lines over time with a date axis: stitched out-of-sample equity against buy-and-hold,
/// optionally over a shaded band and with a reference line at the initial capital.
///
/// The value axis uses ``NiceTicks`` and includes the band and the reference line; the
/// time axis uses ``DateAxis``. Each line carries a `<title>`, and up to 60 invisible
/// hover points per line show the date and value. A legend appears when there is more
/// than one line or band. Without any finite value the plot says "No data".
///
/// ```swift
/// let chart = TimeSeriesChart(
///     title: "Stitched out-of-sample equity",
///     yAxisTitle: "Equity (USDT)",
///     series: [
///         TimeSeries(name: "Walk-forward (out-of-sample)", times: times, values: equity),
///         TimeSeries(name: "Buy and hold", times: times, values: hold, dashed: true),
///     ],
///     referenceLine: ReferenceLine(value: 10_000, label: "Initial capital 10,000"))
/// let svg = chart.svg()
/// ```
public struct TimeSeriesChart: Sendable {
    /// The heading written at the top of the chart (also the SVG's accessible `<title>`).
    public var title: String
    /// The value axis title with its unit, e.g. `Equity (USDT)`.
    public var yAxisTitle: String
    /// The time axis title.
    public var xAxisTitle: String
    /// How values are written on the axis and in tooltips.
    public var valueFormat: ValueFormat
    /// The lines, drawn in order (the last on top).
    public var series: [TimeSeries]
    /// An optional shaded band drawn under the lines.
    public var band: TimeBand?
    /// An optional dashed horizontal line.
    public var referenceLine: ReferenceLine?
    /// Width of the drawing in pixels (also its `viewBox`); it scales with CSS `max-width: 100%`.
    public var width: Double
    /// Height of the drawing in pixels (also its `viewBox`).
    public var height: Double

    /// At most this many hover points per line.
    static let maxHoverPoints = 60

    public init(title: String, yAxisTitle: String, xAxisTitle: String = "Date (UTC)",
                valueFormat: ValueFormat = .money, series: [TimeSeries], band: TimeBand? = nil,
                referenceLine: ReferenceLine? = nil, width: Double = 720, height: Double = 320) {
        self.title = title
        self.yAxisTitle = yAxisTitle
        self.xAxisTitle = xAxisTitle
        self.valueFormat = valueFormat
        self.series = series
        self.band = band
        self.referenceLine = referenceLine
        self.width = width
        self.height = height
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        // Times outside years 1…9999 are clamped, so calendar arithmetic cannot overflow.
        var series = series, band = band
        for index in series.indices where series[index].times.contains(where: { $0 != TimeText.clamped($0) }) {
            series[index].times = series[index].times.map(TimeText.clamped)
        }
        if let times = band?.times, times.contains(where: { $0 != TimeText.clamped($0) }) {
            band?.times = times.map(TimeText.clamped)
        }
        let width = Swift.max(width, 200), height = Swift.max(height, 150)
        let pointCount = series.reduce(0) { $0 + $1.times.count } + (band?.times.count ?? 0)
        var svg = ChartFrame.begin(width: width, height: height, title: title, estimatedSize: 8_192 + pointCount * 24)

        // Domains over the finite data.
        var timeLow = Int64.max, timeHigh = Int64.min
        var valueLow = Double.infinity, valueHigh = -Double.infinity
        func include(_ time: Int64, _ value: Double) {
            timeLow = Swift.min(timeLow, time)
            timeHigh = Swift.max(timeHigh, time)
            valueLow = Swift.min(valueLow, value)
            valueHigh = Swift.max(valueHigh, value)
        }
        for line in series {
            for (time, value) in zip(line.times, line.values) {
                if let value, value.isFinite { include(time, value) }
            }
        }
        if let band {
            for (time, (lower, upper)) in zip(band.times, zip(band.lower, band.upper)) {
                if let lower, let upper, lower.isFinite, upper.isFinite {
                    include(time, lower)
                    include(time, upper)
                }
            }
        }
        let hasData = timeLow <= timeHigh
        if hasData, let reference = referenceLine, reference.value.isFinite {
            valueLow = Swift.min(valueLow, reference.value)
            valueHigh = Swift.max(valueHigh, reference.value)
        }

        // Legend.
        var entries: [Legend.Entry] = []
        if let band { entries.append(.init(name: band.name, swatch: .area(color: band.color ?? Palette.skyBlue, opacity: 0.3))) }
        for (index, line) in series.enumerated() {
            entries.append(.init(name: line.name, swatch: .line(color: color(index), stroke: line.stroke)))
        }
        let legend = Legend(entries: entries.count > 1 ? entries : [], maxWidth: width - 2 * ChartFrame.padding)
        let top = ChartFrame.titleBlock + (legend.rowCount > 0 ? legend.height + 6 : 0)
        legend.draw(into: &svg, x: ChartFrame.padding, top: ChartFrame.titleBlock)

        guard hasData else {
            let area = PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                height: Swift.max(20, height - top - ChartFrame.padding))
            ChartFrame.noData(into: &svg, area: area)
            return svg.finish()
        }

        // Axes.
        let valueTicks = NiceTicks.ticks(lower: valueLow, upper: valueHigh)
        let valueLabels = valueTicks.labels(valueFormat)
        var timeStart = timeLow, timeEnd = timeHigh
        if timeStart == timeEnd { // one instant: show half a day either side
            timeStart -= 43_200_000
            timeEnd += 43_200_000
        }
        let left = ChartFrame.leftMargin(labels: valueLabels, hasAxisTitle: !yAxisTitle.isEmpty)
        let plot = PlotArea(x: left, y: top + 6, width: width - left - 24,
                            height: Swift.max(20, height - top - 6 - 46))
        let y = LinearScale(domain: (valueTicks.lower, valueTicks.upper), range: (plot.bottom, plot.y))
        let x = TimeScale(from: timeStart, to: timeEnd, range: (plot.x, plot.right))
        let maxTimeTicks = Swift.max(2, Swift.min(8, Int(plot.width / 80)))
        let timeTicks = DateAxis.ticksLabellingStart(from: timeStart, to: timeEnd, maxCount: maxTimeTicks)

        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: valueTicks.values, labels: valueLabels,
                             title: yAxisTitle)
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: timeTicks.ticks.map { (x($0.time), $0.label) },
                               canvasWidth: width, gridLines: true, dropsCrowdedStart: true)
        ChartFrame.drawBaseline(into: &svg, plot: plot)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: xAxisTitle, y: plot.bottom + 36)
        ChartFrame.drawZeroLine(into: &svg, plot: plot, scale: y)

        if let band { drawBand(band, into: &svg, x: x, y: y) }
        if let reference = referenceLine, reference.value.isFinite {
            let ry = y(reference.value)
            svg.line(x1: plot.x, y1: ry, x2: plot.right, y2: ry, stroke: Palette.reference, width: 1.2,
                     dash: "2 3", kind: "reference")
        }
        for (index, line) in series.enumerated() {
            drawLine(line, color: color(index), into: &svg, x: x, y: y)
        }
        // The reference line's label over the lines, on a white halo: where many lines cross
        // it (a batch's cells at break-even) none can be avoided, and none may hide it.
        if let reference = referenceLine, reference.value.isFinite, !reference.label.isEmpty {
            let ry = y(reference.value)
            let shown = TextMetrics.truncated(reference.label, maxWidth: plot.width / 2, size: ChartFrame.tickSize)
            let placement = labelPlacement(width: TextMetrics.width(shown, size: ChartFrame.tickSize) + 8,
                                           lineY: ry, plot: plot, series: series, x: x, y: y)
            svg.text(shown, x: placement.atRight ? plot.right - 4 : plot.x + 4, y: placement.baseline,
                     size: ChartFrame.tickSize, anchor: placement.atRight ? .end : .start, fill: Palette.mutedText, halo: true,
                     kind: "reference-label")
        }
        for line in series {
            drawHoverPoints(line, into: &svg, x: x, y: y)
        }
        return svg.finish()
    }

    private func color(_ index: Int) -> String {
        series[index].color ?? Palette.series(index)
    }

    private func drawLine(_ line: TimeSeries, color: String, into svg: inout SVGWriter, x: TimeScale, y: LinearScale) {
        let count = Swift.min(line.times.count, line.values.count)
        var isolated: [Int] = []
        svg.beginPath(stroke: color, width: 2, dash: line.stroke.pattern, kind: "series")
        var previousFinite = false
        for i in 0..<count {
            guard let value = line.values[i], value.isFinite else {
                previousFinite = false
                continue
            }
            if previousFinite {
                svg.lineTo(x(line.times[i]), y(value))
            } else {
                svg.moveTo(x(line.times[i]), y(value))
                let nextFinite = i + 1 < count && (line.values[i + 1].map { $0.isFinite } ?? false)
                if !nextFinite { isolated.append(i) }
            }
            previousFinite = true
        }
        svg.endPath(tooltip: line.name)
        // A point with gaps on both sides is invisible as a path: draw it as a dot.
        for i in isolated {
            svg.circle(cx: x(line.times[i]), cy: y(line.values[i] ?? 0), r: 3, fill: color)
        }
    }

    private func drawHoverPoints(_ line: TimeSeries, into svg: inout SVGWriter, x: TimeScale, y: LinearScale) {
        let count = Swift.min(line.times.count, line.values.count)
        var finite: [Int] = []
        finite.reserveCapacity(count)
        for i in 0..<count where line.values[i].map({ $0.isFinite }) ?? false { finite.append(i) }
        guard !finite.isEmpty else { return }
        svg.beginGroup(kind: "hover", fill: "#000000", fillOpacity: 0)
        for sample in ChartFrame.sampleIndices(count: finite.count, maxCount: TimeSeriesChart.maxHoverPoints) {
            let i = finite[sample]
            let value = line.values[i] ?? 0
            let tip = line.name + " — " + TimeText.instant(line.times[i]) + ": " + valueFormat.format(value)
            svg.circle(cx: x(line.times[i]), cy: y(value), r: 6, tooltip: tip)
        }
        svg.endGroup()
    }

    private func drawBand(_ band: TimeBand, into svg: inout SVGWriter, x: TimeScale, y: LinearScale) {
        let count = Swift.min(band.times.count, band.lower.count, band.upper.count)
        var segments: [Range<Int>] = []
        var start: Int?
        for i in 0...count {
            let valid = i < count && (band.lower[i].map { $0.isFinite } ?? false) && (band.upper[i].map { $0.isFinite } ?? false)
            if valid, start == nil { start = i }
            if !valid, let s = start {
                segments.append(s..<i)
                start = nil
            }
        }
        guard !segments.isEmpty else { return }
        svg.beginPath(stroke: nil, fill: band.color ?? Palette.skyBlue, fillOpacity: 0.3, kind: "band")
        for segment in segments {
            for i in segment {
                let px = x(band.times[i]), py = y(band.upper[i] ?? 0)
                if i == segment.lowerBound { svg.moveTo(px, py) } else { svg.lineTo(px, py) }
            }
            for i in segment.reversed() {
                svg.lineTo(x(band.times[i]), y(band.lower[i] ?? 0))
            }
            svg.closePath()
        }
        svg.endPath(tooltip: band.name)
    }
}
