/// One category of a ``BarChart``: a slot with one bar per series.
public struct BarGroup: Sendable {
    /// The category label under the slot, e.g. `W3`.
    public var label: String
    /// One value per series (in ``BarChart/seriesNames`` order); `nil`, NaN or infinite
    /// leaves that bar out.
    public var values: [Double?]
    /// A short second label under the category, e.g. the drop `−33 %`, or `—` when undefined
    /// (see ``BarGroup/percentAnnotation(_:)``).
    public var annotation: String?
    /// The category failed: its slot is left empty, shaded and labelled "failed".
    public var failed: Bool
    /// Why it failed, shown as the slot's tooltip.
    public var failureReason: String?
    /// Per series, what a bar's tooltip adds after the series name, e.g. its period
    /// `2024-01-01 → 2024-03-31`; nil or missing adds nothing.
    public var details: [String?] = []

    public init(label: String, values: [Double?], annotation: String? = nil,
                failed: Bool = false, failureReason: String? = nil) {
        self.label = label
        self.values = values
        self.annotation = annotation
        self.failed = failed
        self.failureReason = failureReason
    }

    /// A failed category (no values).
    public static func failed(label: String, reason: String? = nil) -> BarGroup {
        BarGroup(label: label, values: [], failed: true, failureReason: reason)
    }

    /// A signed whole percent such as `−33 %` or `+12 %`, or `—` when `percent` is nil or
    /// not finite. For the per-window change of the return rate.
    public static func percentAnnotation(_ percent: Double?) -> String {
        guard let percent, percent.isFinite else { return "—" }
        let text = ValueFormat.percent.format(percent, decimals: 0)
        return percent.rounded(.toNearestOrAwayFromZero) > 0 ? "+" + text : text
    }
}

/// Grouped vertical bars per category, such as in-sample vs out-of-sample return rate
/// per window.
///
/// The value axis always includes zero, negative bars hang below a darker zero line, each
/// bar has a `<title>` with its category, series and value, failed categories show an
/// empty shaded slot labelled "failed", and an optional annotation row under the category
/// labels (for example the drop per window) can carry its own caption.
///
/// ```swift
/// let chart = BarChart(
///     title: "In-sample vs out-of-sample return rate",
///     yAxisTitle: "Return rate (% per day)",
///     valueFormat: .percent,
///     seriesNames: ["In-sample", "Out-of-sample"],
///     groups: [
///         BarGroup(label: "W1", values: [0.12, 0.08], annotation: BarGroup.percentAnnotation(-33)),
///         .failed(label: "W2", reason: "too few candles"),
///     ],
///     annotationCaption: "Change")
/// ```
public struct BarChart: Sendable {
    /// The heading at the top of the chart.
    public var title: String
    /// The value axis title with its unit.
    public var yAxisTitle: String
    /// The category axis title, e.g. `Window`.
    public var xAxisTitle: String
    /// How values are written on the axis and in tooltips.
    public var valueFormat: ValueFormat
    /// One name per bar of a group, in order; they make the legend when there are two or more.
    public var seriesNames: [String]
    /// Bar colours per series; `nil` takes ``Palette/series`` in order.
    public var colors: [String]?
    /// The categories, left to right.
    public var groups: [BarGroup]
    /// Written left of the annotation row, e.g. `Change`.
    public var annotationCaption: String?
    /// Width of the drawing in pixels (also its `viewBox`); it scales with CSS `max-width: 100%`.
    public var width: Double
    /// Height of the drawing in pixels (also its `viewBox`).
    public var height: Double

    public init(title: String, yAxisTitle: String, xAxisTitle: String = "Window",
                valueFormat: ValueFormat = .plain, seriesNames: [String], colors: [String]? = nil,
                groups: [BarGroup], annotationCaption: String? = nil,
                width: Double = 720, height: Double = 320) {
        self.title = title
        self.yAxisTitle = yAxisTitle
        self.xAxisTitle = xAxisTitle
        self.valueFormat = valueFormat
        self.seriesNames = seriesNames
        self.colors = colors
        self.groups = groups
        self.annotationCaption = annotationCaption
        self.width = width
        self.height = height
    }

    private func color(_ index: Int) -> String {
        if let colors, index < colors.count { return colors[index] }
        return Palette.series(index)
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let width = Swift.max(width, 200), height = Swift.max(height, 150)
        var svg = ChartFrame.begin(width: width, height: height, title: title,
                                   estimatedSize: 8_192 + groups.count * Swift.max(1, seriesNames.count) * 240)
        let seriesCount = Swift.max(seriesNames.count, groups.map(\.values.count).max() ?? 0)

        let entries = (0..<seriesCount).map { index in
            Legend.Entry(name: index < seriesNames.count ? seriesNames[index] : "Series \(index + 1)",
                         swatch: .box(color: color(index)))
        }
        let legend = Legend(entries: entries.count > 1 ? entries : [], maxWidth: width - 2 * ChartFrame.padding)
        let top = ChartFrame.titleBlock + (legend.rowCount > 0 ? legend.height + 6 : 0)
        legend.draw(into: &svg, x: ChartFrame.padding, top: ChartFrame.titleBlock)

        guard !groups.isEmpty else {
            let area = PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                height: Swift.max(20, height - top - ChartFrame.padding))
            ChartFrame.noData(into: &svg, area: area)
            return svg.finish()
        }

        // Value domain always includes zero, the base of every bar.
        var low = 0.0, high = 0.0
        for group in groups where !group.failed {
            for case let value? in group.values where value.isFinite {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
        }
        if low == high { high = 1 } // nothing but zeros or failures: an empty 0…1 axis
        let ticks = NiceTicks.ticks(lower: low, upper: high)
        let labels = ticks.labels(valueFormat)

        let hasAnnotations = groups.contains { $0.annotation != nil }
        let bottomBlock = 46.0 + (hasAnnotations ? 16 : 0)
        let annotationWidest = groups.compactMap { $0.annotation.map { TextMetrics.width($0, size: ChartFrame.tickSize) } }.max() ?? 0
        var left = ChartFrame.leftMargin(labels: labels, hasAxisTitle: !yAxisTitle.isEmpty)
        if hasAnnotations, let caption = annotationCaption, !caption.isEmpty {
            // The caption sits left of the first annotation, which may stick out of its slot.
            let provisionalSlot = (width - left - 16) / Double(groups.count)
            let overhang = Swift.max(0, annotationWidest / 2 - provisionalSlot / 2)
            left = Swift.max(left, ChartFrame.padding + TextMetrics.width(caption, size: ChartFrame.tickSize) + 12 + overhang)
        }
        let plot = PlotArea(x: left, y: top + 6, width: width - left - 16,
                            height: Swift.max(20, height - top - 6 - bottomBlock))
        let y = LinearScale(domain: (ticks.lower, ticks.upper), range: (plot.bottom, plot.y))
        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: ticks.values, labels: labels, title: yAxisTitle)

        let slot = plot.width / Double(groups.count)
        let groupWidth = Swift.min(slot * 0.72, Double(Swift.max(1, seriesCount)) * 56) // bars at most 56 px wide
        let barWidth = groupWidth / Double(Swift.max(1, seriesCount))
        let zeroY = y(0)

        // Category labels and annotations, thinned alike so they never collide and stay paired.
        let widest = groups.map { TextMetrics.width($0.label, size: ChartFrame.tickSize) }.max() ?? 0
        let labelStride = Swift.max(1, Int((Swift.max(widest + 8, annotationWidest + 6) / slot).rounded(.up)))

        for (index, group) in groups.enumerated() {
            let slotX = plot.x + Double(index) * slot
            let center = slotX + slot / 2
            if group.failed {
                let tip = group.label + ": failed" + (group.failureReason.map { $0.isEmpty ? "" : " — " + $0 } ?? "")
                svg.rect(x: slotX + slot * 0.08, y: plot.y, width: slot * 0.84, height: plot.height,
                         fill: Palette.failedSlot, tooltip: tip, kind: "failed")
                if slot >= 44 {
                    svg.text("failed", x: center, y: plot.centerY + 4, size: ChartFrame.tickSize, anchor: .middle,
                             fill: Palette.mutedText, italic: true)
                } else {
                    svg.text("failed", x: center + 4, y: plot.centerY, size: ChartFrame.tickSize, anchor: .middle,
                             fill: Palette.mutedText, italic: true, rotate: -90)
                }
            } else {
                for series in 0..<seriesCount {
                    guard series < group.values.count, let value = group.values[series], value.isFinite else { continue }
                    let barX = center - groupWidth / 2 + Double(series) * barWidth
                    let valueY = y(value)
                    let name = series < seriesNames.count ? seriesNames[series] : "Series \(series + 1)"
                    let detail = series < group.details.count ? group.details[series].map { " (\($0))" } ?? "" : ""
                    svg.rect(x: barX + 0.5, y: Swift.min(valueY, zeroY), width: Swift.max(1, barWidth - 1),
                             height: Swift.max(Swift.abs(zeroY - valueY), 0.5), fill: color(series),
                             tooltip: group.label + " · " + name + detail + ": " + valueFormat.format(value), kind: "bar")
                }
            }
        }
        ChartFrame.drawZeroLine(into: &svg, plot: plot, scale: y)

        svg.beginGroup(kind: "x-axis", fill: Palette.tickText, fontSize: ChartFrame.tickSize)
        for (index, group) in groups.enumerated() {
            let center = plot.x + (Double(index) + 0.5) * slot
            if index % labelStride == 0 {
                svg.text(group.label, x: center, y: plot.bottom + 17, anchor: .middle, fill: Palette.tickText)
            }
            if let annotation = group.annotation, index % labelStride == 0 {
                let negative = annotation.hasPrefix(DecimalText.minus)
                svg.text(annotation, x: center, y: plot.bottom + 33, anchor: .middle,
                         fill: negative ? Palette.vermillion : Palette.mutedText, kind: "annotation")
            }
        }
        if hasAnnotations, let caption = annotationCaption, !caption.isEmpty {
            let overhang = Swift.max(0, annotationWidest / 2 - slot / 2)
            svg.text(caption, x: plot.x - 6 - overhang, y: plot.bottom + 33, anchor: .end, fill: Palette.mutedText, italic: true)
        }
        svg.endGroup()
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: xAxisTitle, y: plot.bottom + bottomBlock - 8)
        return svg.finish()
    }
}
