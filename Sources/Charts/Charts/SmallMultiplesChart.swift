/// One panel of a ``SmallMultiplesChart``: the value a parameter took in each window.
public struct ParameterSeries: Sendable {
    /// The parameter's name, the panel's heading (e.g. `rsi_period`).
    public var name: String
    /// The chosen value per window: `values[0]` is window 1. `nil` (a failed window),
    /// NaN and infinite values are skipped and break the line.
    public var values: [Double?]
    /// The range that was searched; the y axis covers it, so a value at the edge of the
    /// search space is visible as such.
    public var searchedRange: ClosedRange<Double>?

    public init(name: String, values: [Double?], searchedRange: ClosedRange<Double>? = nil) {
        self.name = name
        self.values = values
        self.searchedRange = searchedRange
    }
}

/// Small multiples of parameter stability: one panel per parameter, x = window number,
/// y = the chosen value, dots joined by a line.
///
/// Panels sit in a grid of `columns` (default: up to 3) and the drawing grows in height
/// with the rows. Every dot has a `<title>` such as `W3: rsi_period = 14`.
///
/// ```swift
/// let chart = SmallMultiplesChart(
///     title: "Parameter stability",
///     panels: [ParameterSeries(name: "rsi_period", values: [14, 14, 21, nil, 7], searchedRange: 7...21)])
/// ```
public struct SmallMultiplesChart: Sendable {
    /// The heading at the top of the chart.
    public var title: String
    /// The panels, filled row by row.
    public var panels: [ParameterSeries]
    /// The x axis title of every panel.
    public var xAxisTitle: String
    /// Panels per row; `nil` chooses `min(panels, 3)`.
    public var columns: Int?
    /// Width of the drawing; the height is `panelHeight` per row plus the title.
    public var width: Double
    /// Height of one row of panels.
    public var panelHeight: Double

    public init(title: String, panels: [ParameterSeries], xAxisTitle: String = "Window",
                columns: Int? = nil, width: Double = 720, panelHeight: Double = 180) {
        self.title = title
        self.panels = panels
        self.xAxisTitle = xAxisTitle
        self.columns = columns
        self.width = width
        self.panelHeight = panelHeight
    }

    /// The chart's total height for its panel count.
    public var height: Double {
        let columnCount = Swift.max(1, Swift.min(columns ?? 3, Swift.max(1, panels.count)))
        let rows = Swift.max(1, (panels.count + columnCount - 1) / columnCount)
        return ChartFrame.titleBlock + Double(rows) * Swift.max(panelHeight, 100) + 4
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let width = Swift.max(width, 200), height = height
        let panelHeight = Swift.max(panelHeight, 100)
        let totalPoints = panels.reduce(0) { $0 + $1.values.count }
        var svg = ChartFrame.begin(width: width, height: height, title: title, estimatedSize: 8_192 + totalPoints * 200)
        guard !panels.isEmpty else {
            let area = PlotArea(x: ChartFrame.padding, y: ChartFrame.titleBlock, width: width - 2 * ChartFrame.padding,
                                height: panelHeight - ChartFrame.padding)
            ChartFrame.noData(into: &svg, area: area)
            return svg.finish()
        }
        let columnCount = Swift.max(1, Swift.min(columns ?? 3, panels.count))
        let panelWidth = (width - ChartFrame.padding) / Double(columnCount)
        for (index, panel) in panels.enumerated() {
            let frame = PlotArea(x: ChartFrame.padding / 2 + Double(index % columnCount) * panelWidth,
                                 y: ChartFrame.titleBlock + Double(index / columnCount) * panelHeight,
                                 width: panelWidth, height: panelHeight)
            drawPanel(panel, frame: frame, color: Palette.series(0), into: &svg)
        }
        return svg.finish()
    }

    private func drawPanel(_ panel: ParameterSeries, frame: PlotArea, color: String, into svg: inout SVGWriter) {
        svg.beginGroup(kind: "panel")
        let heading = TextMetrics.truncated(panel.name, maxWidth: frame.width - 20, size: 13, bold: true)
        svg.text(heading, x: frame.x + 8, y: frame.y + 14, size: 13, fill: Palette.text, weight: "600")

        var low = Double.infinity, high = -Double.infinity
        for case let value? in panel.values where value.isFinite {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        let hasData = low <= high
        if let range = panel.searchedRange, range.lowerBound.isFinite, range.upperBound.isFinite {
            low = Swift.min(low, range.lowerBound)
            high = Swift.max(high, range.upperBound)
        }
        guard hasData else {
            let area = PlotArea(x: frame.x + 8, y: frame.y + 24, width: frame.width - 16, height: frame.height - 34)
            ChartFrame.noData(into: &svg, area: area)
            svg.endGroup()
            return
        }
        let ticks = NiceTicks.ticks(lower: low, upper: high, count: 3...6)
        let labels = ticks.labels(.plain)
        let widest = labels.map { TextMetrics.width($0, size: ChartFrame.tickSize) }.max() ?? 0
        let plot = PlotArea(x: frame.x + widest + 14, y: frame.y + 26,
                            width: frame.width - widest - 14 - 14, height: frame.height - 26 - 46)
        let y = LinearScale(domain: (ticks.lower, ticks.upper), range: (plot.bottom, plot.y))
        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: ticks.values, labels: labels, title: nil)
        ChartFrame.drawZeroLine(into: &svg, plot: plot, scale: y)

        // Window n sits at the middle of the n-th of `count` equal slots.
        let count = Swift.max(1, panel.values.count)
        let slot = plot.width / Double(count)
        func x(_ index: Int) -> Double { plot.x + (Double(index) + 0.5) * slot }
        let labelWidth = TextMetrics.width(String(count), size: ChartFrame.tickSize) + 8
        let stride = Swift.max(1, Int((labelWidth / slot).rounded(.up)))
        let nice = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].first { $0 >= stride } ?? stride
        var xTicks: [(x: Double, label: String)] = []
        for index in 0..<count where (index + 1) % nice == 0 || (nice > 1 && index == 0) {
            xTicks.append((x(index), String(index + 1)))
        }
        ChartFrame.drawBaseline(into: &svg, plot: plot)
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: xTicks, canvasWidth: width, gridLines: false)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: xAxisTitle, y: plot.bottom + 34)

        svg.beginPath(stroke: color, width: 1.5, kind: "series")
        var previous = false
        for (index, value) in panel.values.enumerated() {
            guard let value, value.isFinite else {
                previous = false
                continue
            }
            if previous { svg.lineTo(x(index), y(value)) } else { svg.moveTo(x(index), y(value)) }
            previous = true
        }
        svg.endPath(tooltip: panel.name)
        let radius = Swift.min(3.5, Swift.max(1.5, slot / 4))
        for (index, value) in panel.values.enumerated() {
            guard let value, value.isFinite else { continue }
            let tip = "W\(index + 1): " + panel.name + " = " + ValueFormat.plain.format(value, decimals: 6)
            svg.circle(cx: x(index), cy: y(value), r: radius, fill: color, stroke: "#ffffff", tooltip: tip)
        }
        svg.endGroup()
    }
}
