/// The objective over the values of one searched parameter: dots joined by a line, used
/// instead of a ``Heatmap`` when only one parameter was searched.
///
/// Points are drawn in ascending x; `nil`, NaN or infinite objectives are skipped (the
/// line breaks there). Each dot has a `<title>` such as `rsi_period=14: 61.2`. An optional
/// `highlight` draws a dashed vertical line at a chosen value (for example the parameter
/// the run picked most often).
///
/// ```swift
/// let chart = LinePlot(title: "Score by rsi_period", xName: "rsi_period", yAxisTitle: "Score",
///                      xValues: [7, 14, 21], yValues: [40, 61.2, 52], highlight: 14)
/// ```
public struct LinePlot: Sendable {
    /// The heading at the top of the chart.
    public var title: String
    /// The parameter's name: the x axis title and the tooltips' prefix.
    public var xName: String
    /// The objective's name (and unit) on the y axis.
    public var yAxisTitle: String
    /// Parameter values; pairs with `yValues` by index.
    public var xValues: [Double]
    /// Objective per parameter value; `nil` = no data.
    public var yValues: [Double?]
    /// Where to draw a dashed marker line, if anywhere.
    public var highlight: Double?
    /// How objective values are written.
    public var valueFormat: ValueFormat
    /// Width of the drawing in pixels (also its `viewBox`); it scales with CSS `max-width: 100%`.
    public var width: Double
    /// Height of the drawing in pixels (also its `viewBox`).
    public var height: Double

    public init(title: String, xName: String, yAxisTitle: String, xValues: [Double], yValues: [Double?],
                highlight: Double? = nil, valueFormat: ValueFormat = .plain,
                width: Double = 720, height: Double = 320) {
        self.title = title
        self.xName = xName
        self.yAxisTitle = yAxisTitle
        self.xValues = xValues
        self.yValues = yValues
        self.highlight = highlight
        self.valueFormat = valueFormat
        self.width = width
        self.height = height
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let width = Swift.max(width, 200), height = Swift.max(height, 150)
        var svg = ChartFrame.begin(width: width, height: height, title: title, estimatedSize: 8_192 + xValues.count * 200)
        // Finite x with their objective (nil kept as a gap), sorted by x; the sort is stable.
        let points = zip(xValues, yValues).enumerated()
            .filter { $0.element.0.isFinite }
            .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            .map { (x: $0.element.0, y: $0.element.1.flatMap { $0.isFinite ? $0 : nil }) }
        let finite = points.compactMap { p in p.y.map { (x: p.x, y: $0) } }
        let top = ChartFrame.titleBlock + 6
        guard !finite.isEmpty else {
            let area = PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                height: Swift.max(20, height - top - ChartFrame.padding))
            ChartFrame.noData(into: &svg, area: area)
            return svg.finish()
        }
        var xLow = finite.map(\.x).min() ?? 0, xHigh = finite.map(\.x).max() ?? 1
        if let highlight, highlight.isFinite {
            xLow = Swift.min(xLow, highlight)
            xHigh = Swift.max(xHigh, highlight)
        }
        let yTicks = NiceTicks.ticks(lower: finite.map(\.y).min() ?? 0, upper: finite.map(\.y).max() ?? 1)
        let xTicks = NiceTicks.ticks(lower: xLow, upper: xHigh)
        let yLabels = yTicks.labels(valueFormat)
        let left = ChartFrame.leftMargin(labels: yLabels, hasAxisTitle: !yAxisTitle.isEmpty)
        let plot = PlotArea(x: left, y: top + 6, width: width - left - 24, height: Swift.max(20, height - top - 6 - 46))
        let x = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (plot.x, plot.right))
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (plot.bottom, plot.y))

        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: yTicks.values, labels: yLabels, title: yAxisTitle)
        let xLabels = xTicks.labels(.plain)
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: zip(xTicks.values, xLabels).map { (x($0.0), $0.1) },
                               canvasWidth: width, gridLines: true)
        ChartFrame.drawBaseline(into: &svg, plot: plot)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: xName, y: plot.bottom + 36)
        ChartFrame.drawZeroLine(into: &svg, plot: plot, scale: y)

        if let highlight, highlight.isFinite {
            svg.line(x1: x(highlight), y1: plot.y, x2: x(highlight), y2: plot.bottom, stroke: Palette.vermillion,
                     width: 1.5, dash: "5 4", kind: "marker")
        }
        let color = Palette.series(0)
        svg.beginPath(stroke: color, width: 2, kind: "series")
        var previous = false
        for point in points {
            guard let value = point.y else {
                previous = false
                continue
            }
            if previous { svg.lineTo(x(point.x), y(value)) } else { svg.moveTo(x(point.x), y(value)) }
            previous = true
        }
        svg.endPath(tooltip: yAxisTitle)
        for point in finite {
            let tip = xName + "=" + ValueFormat.plain.format(point.x, decimals: 6) + ": " + valueFormat.format(point.y)
            svg.circle(cx: x(point.x), cy: y(point.y), r: 3.5, fill: color, stroke: "#ffffff", tooltip: tip)
        }
        return svg.finish()
    }
}
