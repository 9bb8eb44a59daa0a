/// A grid of two parameters coloured by a value (the objective of each in-sample trial).
///
/// Columns follow `xValues` left to right, rows follow `yValues` bottom to top, and
/// `values[row][column]` is the cell (`nil`, NaN or infinite: no data, drawn light grey).
/// The colour scale is viridis from the smallest value (dark purple) to the largest
/// (yellow), with a legend showing both ends; ``domain`` fixes the ends instead and ``ramp``
/// picks another map. Every cell has a `<title>` such as
/// `rsi_period=14, rsi_oversold=30: 61.2` (or its own, ``tooltips``); grids up to 12 × 12
/// also print the value in the cell.
///
/// ```swift
/// let chart = Heatmap(title: "In-sample score", xName: "rsi_period", yName: "rsi_oversold",
///                     xValues: ["7", "14", "21"], yValues: ["20", "25", "30"],
///                     values: [[40, 52.5, nil], [44, 61.2, 58], [39, 55, 50.1]], valueName: "Score")
/// ```
public struct Heatmap: Sendable {
    /// The heading at the top of the chart.
    public var title: String
    /// The parameter on the x axis (also the axis title).
    public var xName: String
    /// The parameter on the y axis (also the axis title).
    public var yName: String
    /// Column labels, left to right (parameter values as text).
    public var xValues: [String]
    /// Row labels, bottom to top (parameter values as text).
    public var yValues: [String]
    /// `values[row][column]`; missing rows or columns count as no data.
    public var values: [[Double?]]
    /// What the colour means, written over the legend (e.g. `Score`).
    public var valueName: String
    /// How values are written in cells, tooltips and the legend.
    public var valueFormat: ValueFormat
    /// Width of the drawing in pixels (also its `viewBox`); it scales with CSS `max-width: 100%`.
    public var width: Double
    /// Height of the drawing in pixels (also its `viewBox`).
    public var height: Double
    /// `marked[row][column]`: cells drawn with a heavy outline, their tooltip ending in
    /// `(markName)`, and a legend line saying what the outline means (empty: none marked).
    public var marked: [[Bool]] = []
    /// What a marked cell is (`ROBUST`).
    public var markName: String = ""
    /// The tooltip of a cell without a value.
    public var missingLabel: String = "no data"
    /// The values the colours span, its ends written on the legend; nil spans the smallest to the
    /// largest value (`max …`, `min …`). A fixed range (0…100 for shares in percent) makes a
    /// colour mean the same whatever the data.
    public var domain: ClosedRange<Double>?
    /// The colour map.
    public var ramp: SequentialColorScale.Ramp = .viridis
    /// `tooltips[row][column]`: a cell's own tooltip, in place of `x=…, y=…: value` (missing
    /// rows or columns keep theirs).
    public var tooltips: [[String]] = []

    /// Grids up to this many rows and columns print their values in the cells.
    public static let maxLabelledSide = 12

    public init(title: String, xName: String, yName: String, xValues: [String], yValues: [String],
                values: [[Double?]], valueName: String, valueFormat: ValueFormat = .plain,
                width: Double = 720, height: Double = 420) {
        self.title = title
        self.xName = xName
        self.yName = yName
        self.xValues = xValues
        self.yValues = yValues
        self.values = values
        self.valueName = valueName
        self.valueFormat = valueFormat
        self.width = width
        self.height = height
    }

    private func isMarked(row: Int, column: Int) -> Bool {
        row < marked.count && column < marked[row].count && marked[row][column]
    }

    private func value(row: Int, column: Int) -> Double? {
        guard row < values.count, column < values[row].count, let v = values[row][column], v.isFinite else { return nil }
        return v
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let width = Swift.max(width, 200), height = Swift.max(height, 150)
        let columns = xValues.count, rows = yValues.count
        var svg = ChartFrame.begin(width: width, height: height, title: title, estimatedSize: 8_192 + rows * columns * 220)
        let top = ChartFrame.titleBlock + 6
        guard columns > 0, rows > 0 else {
            let area = PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                height: Swift.max(20, height - top - ChartFrame.padding))
            ChartFrame.noData(into: &svg, area: area)
            return svg.finish()
        }

        var low = Double.infinity, high = -Double.infinity
        for row in 0..<rows {
            for column in 0..<columns {
                if let v = value(row: row, column: column) {
                    low = Swift.min(low, v)
                    high = Swift.max(high, v)
                }
            }
        }
        let hasData = low <= high
        if let domain { (low, high) = (domain.lowerBound, domain.upperBound) }
        let decimals = hasData ? ValueFormat.automaticDecimals(forMagnitude: Swift.max(Swift.abs(low), Swift.abs(high))) : 0
        func text(_ v: Double) -> String { valueFormat.format(v, decimals: decimals, trimmingZeros: false) }
        func shade(_ v: Double) -> Double { high > low ? (v - low) / (high - low) : 0.5 }

        // Layout: y labels left, colour legend right, x labels and title below.
        let yLabelWidth = yValues.map { TextMetrics.width($0, size: ChartFrame.tickSize) }.max() ?? 0
        let left = ChartFrame.padding + 20 + Swift.min(yLabelWidth, 120) + 8
        let legendLabels = !hasData ? [] : domain == nil ? ["max " + text(high), "min " + text(low)] : [text(high), text(low)]
        let legendWidth = hasData
            ? 14 + 6 + Swift.max(legendLabels.map { TextMetrics.width($0, size: ChartFrame.tickSize) }.max() ?? 0,
                                 Swift.min(TextMetrics.width(valueName, size: ChartFrame.tickSize) - 20, 80))
            : 0
        let plot = PlotArea(x: left, y: top + 14, width: width - left - 16 - legendWidth - (hasData ? 18 : 0),
                            height: Swift.max(20, height - top - 14 - 48))
        let cellWidth = plot.width / Double(columns), cellHeight = plot.height / Double(rows)

        let showValues = rows <= Heatmap.maxLabelledSide && columns <= Heatmap.maxLabelledSide && hasData
        let widestValue = hasData ? Swift.max(TextMetrics.width(text(low), size: 11), TextMetrics.width(text(high), size: 11)) : 0
        let cellFont = widestValue + 4 <= cellWidth ? 11.0 : 9.0
        let printValues = showValues && cellHeight >= 13 && widestValue * cellFont / 11 + 4 <= cellWidth

        svg.beginGroup(kind: "cells", fontSize: cellFont)
        for row in 0..<rows {
            for column in 0..<columns {
                let x = plot.x + Double(column) * cellWidth
                let y = plot.bottom - Double(row + 1) * cellHeight
                var where_ = xName + "=" + xValues[column] + ", " + yName + "=" + yValues[row]
                if isMarked(row: row, column: column) { where_ += " (\(markName))" }
                let ownTooltip = row < tooltips.count && column < tooltips[row].count ? tooltips[row][column] : nil
                guard let v = value(row: row, column: column) else {
                    svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: Palette.missing,
                             stroke: "#ffffff", tooltip: ownTooltip ?? where_ + ": " + missingLabel, kind: "cell")
                    if printValues {
                        svg.text("—", x: x + cellWidth / 2, y: y + cellHeight / 2 + cellFont * 0.35, anchor: .middle,
                                 fill: Palette.mutedText)
                    }
                    continue
                }
                let t = shade(v)
                svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: SequentialColorScale.color(t, ramp: ramp),
                         stroke: "#ffffff", tooltip: ownTooltip ?? where_ + ": " + valueFormat.format(v), kind: "cell")
                if printValues {
                    svg.text(text(v), x: x + cellWidth / 2, y: y + cellHeight / 2 + cellFont * 0.35, anchor: .middle,
                             fill: SequentialColorScale.needsLightText(t, ramp: ramp) ? "#ffffff" : "#000000")
                }
            }
        }
        svg.endGroup()
        if marked.joined().contains(true) {
            svg.beginGroup(kind: "marks")
            for row in 0..<rows {
                for column in 0..<columns where isMarked(row: row, column: column) {
                    svg.rect(x: plot.x + Double(column) * cellWidth + 2, y: plot.bottom - Double(row + 1) * cellHeight + 2,
                             width: cellWidth - 4, height: cellHeight - 4, fill: "none", stroke: Palette.text, strokeWidth: 3,
                             kind: "mark")
                }
            }
            svg.endGroup()
            svg.rect(x: plot.x, y: top - 2, width: 12, height: 10, fill: "none", stroke: Palette.text, strokeWidth: 2.5)
            svg.text("outlined: \(markName)", x: plot.x + 18, y: top + 7, size: ChartFrame.tickSize, fill: Palette.text)
        }

        // Axis labels, thinned when cells are narrower than labels.
        let xWidest = xValues.map { TextMetrics.width($0, size: ChartFrame.tickSize) }.max() ?? 0
        let xStride = Swift.max(1, Int(((xWidest + 6) / cellWidth).rounded(.up)))
        var xTicks: [(x: Double, label: String)] = []
        for column in Swift.stride(from: 0, to: columns, by: xStride) {
            let label = TextMetrics.truncated(xValues[column], maxWidth: Swift.max(cellWidth * Double(xStride) - 4, 24),
                                              size: ChartFrame.tickSize)
            xTicks.append((plot.x + (Double(column) + 0.5) * cellWidth, label))
        }
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: xTicks, canvasWidth: width, gridLines: false)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: xName, y: plot.bottom + 36)

        let yStride = Swift.max(1, Int((14 / cellHeight).rounded(.up)))
        svg.beginGroup(kind: "y-axis", fill: Palette.tickText, fontSize: ChartFrame.tickSize)
        for row in Swift.stride(from: 0, to: rows, by: yStride) {
            let label = TextMetrics.truncated(yValues[row], maxWidth: 120, size: ChartFrame.tickSize)
            svg.text(label, x: plot.x - 6, y: plot.bottom - (Double(row) + 0.5) * cellHeight + 4, anchor: .end,
                     fill: Palette.tickText)
        }
        svg.endGroup()
        if !yName.isEmpty {
            svg.text(TextMetrics.truncated(yName, maxWidth: plot.height, size: ChartFrame.axisTitleSize),
                     x: ChartFrame.padding + 12, y: plot.centerY, size: ChartFrame.axisTitleSize, anchor: .middle,
                     fill: Palette.text, rotate: -90, kind: "axis-title")
        }

        if hasData {
            drawLegend(into: &svg, x: plot.right + 18, top: plot.y, height: Swift.min(plot.height, 180),
                       maxLabel: legendLabels[0], minLabel: legendLabels[1], canvasWidth: width)
        } else {
            svg.text("No data", x: plot.centerX, y: plot.centerY + 5, size: 14, anchor: .middle,
                     fill: Palette.mutedText, italic: true)
        }
        return svg.finish()
    }

    /// A stepped vertical colour bar, maximum at the top.
    private func drawLegend(into svg: inout SVGWriter, x: Double, top: Double, height: Double,
                            maxLabel: String, minLabel: String, canvasWidth: Double) {
        let steps = 24
        let barTop = top + 14, barHeight = Swift.max(40, height - 14)
        let stepHeight = barHeight / Double(steps)
        svg.beginGroup(kind: "color-legend")
        let caption = TextMetrics.truncated(valueName, maxWidth: canvasWidth - x - 4, size: ChartFrame.tickSize)
        svg.text(caption, x: x, y: top + 4, size: ChartFrame.tickSize, fill: Palette.text, weight: "600")
        for step in 0..<steps {
            let t = 1 - (Double(step) + 0.5) / Double(steps)
            svg.rect(x: x, y: barTop + Double(step) * stepHeight, width: 14, height: stepHeight + 0.5,
                     fill: SequentialColorScale.color(t, ramp: ramp))
        }
        svg.text(maxLabel, x: x + 20, y: barTop + 9, size: ChartFrame.tickSize, fill: Palette.tickText)
        svg.text(minLabel, x: x + 20, y: barTop + barHeight, size: ChartFrame.tickSize, fill: Palette.tickText)
        svg.endGroup()
    }
}
