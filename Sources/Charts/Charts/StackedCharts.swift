/// A chart that can be a panel of ``StackedCharts``: drawn alone at any width.
public protocol StackedPanel: Sendable {
    var width: Double { get set }
    var height: Double { get }
    func svg() -> String
}

extension TimeSeriesChart: StackedPanel {}
extension TradeChart: StackedPanel {}

/// Charts stacked one above the other in one SVG document, each drawn as it would be alone (its
/// own title, legend and scales) at the same width: the equity chart's panel of the strategy on
/// its own scale above its comparison with buy-and-hold, a portfolio's open positions above its
/// cash, a portfolio window's trades symbol by symbol.
///
/// Each panel is a nested `<svg>` at its offset, which every SVG 1.1 viewer (and GitHub) draws.
public struct StackedCharts: Sendable {
    /// The accessible `<title>` of the whole document.
    public var title: String
    /// Top to bottom; drawn at the width of the first.
    public var panels: [any StackedPanel]

    public init(title: String, panels: [any StackedPanel]) {
        self.title = title
        self.panels = panels
    }

    public func svg() -> String {
        guard let first = panels.first else { return TimeSeriesChart(title: title, yAxisTitle: "", series: []).svg() }
        let width = Swift.max(first.width, 200)
        let heights = panels.map { Swift.max($0.height, 150) }
        var svg = SVGWriter(width: width, height: heights.reduce(0, +), title: title,
                            estimatedSize: 16_384 * panels.count)
        var offset = 0.0
        for (var panel, height) in zip(panels, heights) {
            panel.width = width
            svg.nested(panel.svg(), y: offset)
            offset += height
        }
        return svg.finish()
    }
}
