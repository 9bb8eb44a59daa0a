/// Values binned into bars of equal, nice width, with an optional vertical marker line
/// (e.g. at 0 for the logits of the probability of backtest overfitting, or at the
/// actual result among Monte Carlo outcomes).
///
/// The bin width is the 1, 2, 2.5 or 5 × 10^k nearest `span / binCount`, and
/// bins start at a multiple of it, so edges are round numbers; a bin holds
/// `[lower, upper)` except the last, which also holds its upper edge (so the maximum
/// never opens a bin of its own). Non-finite values are skipped.
/// Each bar has a `<title>` such as `[−0.5, 0): 12`.
///
/// ```swift
/// let chart = Histogram(title: "PBO logits", xAxisTitle: "Logit λ", values: logits,
///                       marker: ReferenceLine(value: 0, label: "λ = 0"))
/// ```
public struct Histogram: Sendable {
    /// The heading at the top of the chart.
    public var title: String
    /// What the values are, with their unit.
    public var xAxisTitle: String
    /// The count axis title.
    public var yAxisTitle: String
    /// The values to bin.
    public var values: [Double]
    /// How many bins to aim for; `nil` uses Sturges' rule (⌈log₂ n⌉ + 1, within 5…30).
    public var binCount: Int?
    /// An optional dashed vertical line with a label at its top.
    public var marker: ReferenceLine?
    /// How values (bin edges and the x axis) are written.
    public var valueFormat: ValueFormat
    /// Width of the drawing in pixels (also its `viewBox`); it scales with CSS `max-width: 100%`.
    public var width: Double
    /// Height of the drawing in pixels (also its `viewBox`).
    public var height: Double

    public init(title: String, xAxisTitle: String, yAxisTitle: String = "Count", values: [Double],
                binCount: Int? = nil, marker: ReferenceLine? = nil, valueFormat: ValueFormat = .plain,
                width: Double = 720, height: Double = 320) {
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.values = values
        self.binCount = binCount
        self.marker = marker
        self.valueFormat = valueFormat
        self.width = width
        self.height = height
    }

    /// The bins: the first lower edge, the width, the decimals edges need, and the counts.
    struct Bins {
        let start: Double
        let width: Double
        let decimals: Int
        let counts: [Int]

        func edge(_ index: Int) -> Double { start + Double(index) * width }
    }

    func bins(of finite: [Double]) -> Bins? {
        guard let low = finite.min(), let high = finite.max() else { return nil }
        let target = Swift.min(Swift.max(binCount ?? Swift.min(Swift.max(finite.count.bitWidth - finite.count.leadingZeroBitCount + 1, 5), 30), 1), 200)
        var rawWidth = (high - low) / Double(target)
        if !(rawWidth > 0) || !rawWidth.isFinite {
            rawWidth = low == 0 ? 1 : Swift.abs(low) / 10
        }
        let step = NiceTicks.step(near: rawWidth)
        var start = (low / step.value).rounded(.down) * step.value
        if start == 0 { start = 0 } // no negative zero
        let count = Swift.min(Swift.max(Int(((high - start) / step.value).rounded(.up)), 1), 400)
        var counts = Array(repeating: 0, count: count)
        for value in finite {
            let index = Int(((value - start) / step.value).rounded(.down))
            counts[Swift.min(Swift.max(index, 0), count - 1)] += 1
        }
        return Bins(start: start, width: step.value, decimals: step.decimals, counts: counts)
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let width = Swift.max(width, 200), height = Swift.max(height, 150)
        var svg = ChartFrame.begin(width: width, height: height, title: title)
        let finite = values.filter { $0.isFinite && Swift.abs($0) < 1e300 }
        let top = ChartFrame.titleBlock + 6
        guard let bins = bins(of: finite) else {
            let area = PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                height: Swift.max(20, height - top - ChartFrame.padding))
            ChartFrame.noData(into: &svg, area: area)
            return svg.finish()
        }
        var xLow = bins.start, xHigh = bins.edge(bins.counts.count)
        if bins.counts.count == 1 { // a single bin would fill the axis: show it as the middle fifth
            xLow -= 2 * bins.width
            xHigh += 2 * bins.width
        }
        if let marker, marker.value.isFinite {
            xLow = Swift.min(xLow, marker.value)
            xHigh = Swift.max(xHigh, marker.value)
        }
        let xTicks = NiceTicks.ticks(lower: xLow, upper: xHigh)
        let yTicks = NiceTicks.ticks(lower: 0, upper: Double(bins.counts.max() ?? 1), integers: true)
        let yLabels = yTicks.labels(.money) // counts: grouped integers
        let left = ChartFrame.leftMargin(labels: yLabels, hasAxisTitle: !yAxisTitle.isEmpty)
        let markerRoom = marker.map { $0.label.isEmpty ? 0.0 : 16.0 } ?? 0
        let plot = PlotArea(x: left, y: top + 6 + markerRoom, width: width - left - 24,
                            height: Swift.max(20, height - top - 6 - markerRoom - 46))
        let x = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (plot.x, plot.right))
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (plot.bottom, plot.y))

        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: yTicks.values, labels: yLabels, title: yAxisTitle)
        let xLabels = xTicks.labels(valueFormat)
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: zip(xTicks.values, xLabels).map { (x($0.0), $0.1) },
                               canvasWidth: width, gridLines: false)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: xAxisTitle, y: plot.bottom + 36)

        svg.beginGroup(kind: "bars", fill: Palette.series(0))
        for (index, count) in bins.counts.enumerated() where count > 0 {
            let x0 = x(bins.edge(index)), x1 = x(bins.edge(index + 1))
            let tip = "[" + valueFormat.format(bins.edge(index), decimals: bins.decimals) + ", "
                + valueFormat.format(bins.edge(index + 1), decimals: bins.decimals)
                + (index == bins.counts.count - 1 ? "]: " : "): ") + String(count)
            svg.rect(x: x0 + 0.5, y: y(Double(count)), width: Swift.max(1, x1 - x0 - 1),
                     height: plot.bottom - y(Double(count)), fill: Palette.series(0), tooltip: tip, kind: "bar")
        }
        svg.endGroup()
        ChartFrame.drawBaseline(into: &svg, plot: plot)

        if let marker, marker.value.isFinite {
            let mx = x(marker.value)
            svg.line(x1: mx, y1: plot.y, x2: mx, y2: plot.bottom, stroke: Palette.vermillion, width: 1.5,
                     dash: "5 4", kind: "marker")
            if !marker.label.isEmpty {
                let shown = TextMetrics.truncated(marker.label, maxWidth: plot.width / 2, size: ChartFrame.tickSize)
                let half = TextMetrics.width(shown, size: ChartFrame.tickSize) / 2
                svg.text(shown, x: Swift.min(Swift.max(mx, half + 2), width - half - 2), y: plot.y - 5,
                         size: ChartFrame.tickSize, anchor: .middle, fill: Palette.vermillion)
            }
        }
        return svg.finish()
    }
}
