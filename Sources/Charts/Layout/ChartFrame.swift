/// The parts every chart shares: the header with its title, the "No data" message and
/// margin arithmetic (axis drawing is in `ChartFrame+Axes.swift`).
enum ChartFrame {
    static let titleSize = 15.0
    static let tickSize = 11.0
    static let axisTitleSize = 12.0
    /// Top of the content under the title.
    static let titleBlock = 34.0
    static let padding = 12.0

    /// Opens the document and writes the chart title.
    static func begin(width: Double, height: Double, title: String, estimatedSize: Int = 16_384) -> SVGWriter {
        var svg = SVGWriter(width: width, height: height, title: title, estimatedSize: estimatedSize)
        let shown = TextMetrics.truncated(title, maxWidth: width - 2 * padding, size: titleSize, bold: true)
        svg.text(shown, x: padding, y: 22, size: titleSize, fill: Palette.text, weight: "600", kind: "title")
        return svg
    }

    /// "No data" centred in `area`, inside a light frame.
    static func noData(into svg: inout SVGWriter, area: PlotArea, message: String = "No data") {
        svg.rect(x: area.x, y: area.y, width: area.width, height: area.height, fill: "#fafafa",
                 stroke: Palette.grid, kind: "no-data")
        svg.text(message, x: area.centerX, y: area.centerY + 5, size: 14, anchor: .middle,
                 fill: Palette.mutedText, italic: true)
    }

    /// Width the y tick labels and the rotated y axis title need left of the plot.
    static func leftMargin(labels: [String], hasAxisTitle: Bool) -> Double {
        let widest = labels.map { TextMetrics.width($0, size: tickSize) }.max() ?? 0
        return padding + (hasAxisTitle ? 20 : 0) + widest + 8
    }

    /// Indices of at most `maxCount` evenly spread elements of `0..<count`, first and last included.
    static func sampleIndices(count: Int, maxCount: Int) -> [Int] {
        guard count > maxCount, maxCount > 1 else { return Array(0..<count) }
        return (0..<maxCount).map { $0 * (count - 1) / (maxCount - 1) }
    }
}
