/// Drawing of axes shared by the charts: grid lines with tick labels, the zero line, the
/// baseline, x tick labels kept inside the canvas, and axis titles.
extension ChartFrame {
    /// Horizontal grid lines with tick labels left of the plot, and the rotated y axis title.
    static func drawYAxis(into svg: inout SVGWriter, plot: PlotArea, scale: LinearScale,
                          ticks: [Double], labels: [String], title: String?, titleX: Double = padding + 4) {
        svg.beginGroup(kind: "y-axis", fill: Palette.tickText, fontSize: tickSize)
        for (value, label) in zip(ticks, labels) {
            let y = scale(value)
            svg.line(x1: plot.x, y1: y, x2: plot.right, y2: y, stroke: Palette.grid, kind: "grid")
            svg.text(label, x: plot.x - 6, y: y + 4, anchor: .end, fill: Palette.tickText)
        }
        svg.endGroup()
        if let title, !title.isEmpty {
            let shown = TextMetrics.truncated(title, maxWidth: plot.height, size: axisTitleSize)
            svg.text(shown, x: titleX + 8, y: plot.centerY, size: axisTitleSize, anchor: .middle,
                     fill: Palette.text, rotate: -90, kind: "axis-title")
        }
    }

    /// The darker line at zero, drawn when zero is inside the value domain.
    static func drawZeroLine(into svg: inout SVGWriter, plot: PlotArea, scale: LinearScale) {
        guard scale.contains(0) else { return }
        let y = scale(0)
        svg.line(x1: plot.x, y1: y, x2: plot.right, y2: y, stroke: Palette.zeroLine, width: 1.2, kind: "zero")
    }

    /// The x axis line along the bottom of the plot.
    static func drawBaseline(into svg: inout SVGWriter, plot: PlotArea) {
        svg.line(x1: plot.x, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis, kind: "axis")
    }

    /// Tick marks and labels under the plot, each label kept inside the drawing's width.
    ///
    /// With `dropsCrowdedStart`, a first label that would touch the second (a date axis's start,
    /// ``DateAxis/ticksLabellingStart(from:to:maxCount:)``, close to the first round tick) is
    /// left out; its tick stays.
    static func drawXLabels(into svg: inout SVGWriter, plot: PlotArea, ticks: [(x: Double, label: String)],
                            canvasWidth: Double, gridLines: Bool, dropsCrowdedStart: Bool = false) {
        svg.beginGroup(kind: "x-axis", fill: Palette.tickText, fontSize: tickSize)
        // Where a label's centre goes (kept inside the drawing) and its half width.
        func placed(_ tick: (x: Double, label: String)) -> (x: Double, half: Double) {
            let half = TextMetrics.width(tick.label, size: tickSize) / 2
            return (Swift.min(Swift.max(tick.x, half + 2), canvasWidth - half - 2), half)
        }
        let crowdedFirst = dropsCrowdedStart && ticks.count >= 2
            && placed(ticks[0]).x + placed(ticks[0]).half + 6 > placed(ticks[1]).x - placed(ticks[1]).half
        for (index, tick) in ticks.enumerated() {
            if gridLines {
                svg.line(x1: tick.x, y1: plot.y, x2: tick.x, y2: plot.bottom, stroke: Palette.grid, kind: "grid")
            }
            svg.line(x1: tick.x, y1: plot.bottom, x2: tick.x, y2: plot.bottom + 4, stroke: Palette.axis)
            if index == 0, crowdedFirst { continue }
            svg.text(tick.label, x: placed(tick).x, y: plot.bottom + 17, anchor: .middle, fill: Palette.tickText)
        }
        svg.endGroup()
    }

    /// The x axis title, centred under the tick labels.
    static func drawXTitle(into svg: inout SVGWriter, plot: PlotArea, title: String?, y: Double) {
        guard let title, !title.isEmpty else { return }
        let shown = TextMetrics.truncated(title, maxWidth: plot.width, size: axisTitleSize)
        svg.text(shown, x: plot.centerX, y: y, size: axisTitleSize, anchor: .middle, fill: Palette.text,
                 kind: "axis-title")
    }
}
