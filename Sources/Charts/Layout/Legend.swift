/// A row (wrapping if needed) of legend entries: a swatch and the escaped, truncated name.
struct Legend {
    enum Swatch {
        case line(color: String, stroke: LineStroke)
        case area(color: String, opacity: Double)
        case box(color: String)
        /// The trade chart's entry marker: ▲ (long) or ▼ (short).
        case triangle(color: String, pointingUp: Bool)
        /// The trade chart's exit marker.
        case dot(color: String)
    }

    struct Entry {
        let name: String
        let swatch: Swatch
    }

    static let fontSize = 12.0
    static let rowHeight = 18.0
    private static let swatchWidth = 22.0
    private static let gap = 6.0
    private static let spacing = 20.0
    private static let maxNameWidth = 320.0

    let entries: [Entry]
    let maxWidth: Double

    private var widths: [Double] {
        entries.map { entry in
            let name = TextMetrics.truncated(entry.name, maxWidth: Legend.maxNameWidth, size: Legend.fontSize)
            return Legend.swatchWidth + Legend.gap + TextMetrics.width(name, size: Legend.fontSize)
        }
    }

    /// Rows the entries need; 0 when there is nothing to show.
    var rowCount: Int {
        guard !entries.isEmpty else { return 0 }
        var rows = 1, x = 0.0
        for width in widths {
            if x > 0, x + width > maxWidth {
                rows += 1
                x = 0
            }
            x += width + Legend.spacing
        }
        return rows
    }

    var height: Double { Double(rowCount) * Legend.rowHeight }

    /// Draws the legend with its first row's text baseline at `top + 13`.
    func draw(into svg: inout SVGWriter, x left: Double, top: Double) {
        guard !entries.isEmpty else { return }
        svg.beginGroup(kind: "legend", fontSize: Legend.fontSize)
        var x = 0.0, row = 0.0
        for (entry, width) in zip(entries, widths) {
            if x > 0, x + width > maxWidth {
                row += 1
                x = 0
            }
            let baseline = top + row * Legend.rowHeight + 13
            let middle = baseline - 4
            let sx = left + x
            switch entry.swatch {
            case let .line(color, stroke):
                svg.line(x1: sx, y1: middle, x2: sx + Legend.swatchWidth, y2: middle, stroke: color,
                         width: 2.5, dash: stroke.pattern, roundCaps: true)
            case let .area(color, opacity):
                svg.rect(x: sx, y: middle - 6, width: Legend.swatchWidth, height: 12, fill: color, fillOpacity: opacity)
            case let .box(color):
                svg.rect(x: sx + 5, y: middle - 6, width: 12, height: 12, fill: color)
            case let .triangle(color, pointingUp):
                TradeChart.drawEntry(into: &svg, x: sx + Legend.swatchWidth / 2, y: middle, pointingUp: pointingUp, color: color, tooltip: nil)
            case let .dot(color):
                svg.circle(cx: sx + Legend.swatchWidth / 2, cy: middle, r: 4, fill: color, stroke: "#ffffff", tooltip: nil)
            }
            let name = TextMetrics.truncated(entry.name, maxWidth: Legend.maxNameWidth, size: Legend.fontSize)
            svg.text(name, x: sx + Legend.swatchWidth + Legend.gap, y: baseline, fill: Palette.text)
            x += width + Legend.spacing
        }
        svg.endGroup()
    }
}
