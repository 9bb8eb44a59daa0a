/// How a search converged: for each window, the best objective found so far against the
/// number of trials evaluated (Optuna's "optimization history"), one step line per window.
///
/// A line starts at its first defined value and steps up where a trial beat every earlier
/// one; only those improvements (and the last trial) are drawn, so a search of 100,000 trials
/// costs as many points as it had improvements. Each improvement has a `<title>` such as
/// `W3 · trial 134: 61.2`. Lines cycle through the palette, dashed after the first cycle; the
/// legend names them up to ``legendLimit`` lines.
///
/// ```swift
/// let chart = ConvergenceChart(title: "Best in-sample score so far", yAxisTitle: "Score",
///                              lines: [.init(name: "W1", bestSoFar: [nil, 12, 12, 30])])
/// ```
public struct ConvergenceChart: Sendable {
    public struct Line: Sendable {
        public var name: String
        /// After trial i (0-based), the best value so far; nil before the first defined one.
        public var bestSoFar: [Double?]

        public init(name: String, bestSoFar: [Double?]) {
            self.name = name
            self.bestSoFar = bestSoFar
        }

        /// The running maximum of `values` (nil and non-finite values skipped).
        public static func runningBest(_ values: [Double?]) -> [Double?] {
            var best: Double?
            return values.map { value in
                if let value, value.isFinite, best.map({ value > $0 }) ?? true { best = value }
                return best
            }
        }
    }

    public static let legendLimit = 12

    public var title: String
    public var yAxisTitle: String
    public var lines: [Line]
    public var valueFormat: ValueFormat
    public var width: Double
    public var height: Double

    public init(title: String, yAxisTitle: String, lines: [Line], valueFormat: ValueFormat = .plain,
                width: Double = 720, height: Double = 320) {
        self.title = title
        self.yAxisTitle = yAxisTitle
        self.lines = lines
        self.valueFormat = valueFormat
        self.width = width
        self.height = height
    }

    /// The points of a line worth drawing: its first defined value, each improvement, its last trial.
    static func steps(_ line: Line) -> [(trial: Int, value: Double)] {
        var points: [(trial: Int, value: Double)] = []
        for (index, value) in line.bestSoFar.enumerated() {
            guard let value, value.isFinite else { continue }
            if points.last?.value != value { points.append((index + 1, value)) }
        }
        if let last = points.last, last.trial < line.bestSoFar.count { points.append((line.bestSoFar.count, last.value)) }
        return points
    }

    public func svg() -> String {
        let width = Swift.max(width, 200), height = Swift.max(height, 150)
        let steps = lines.map(Self.steps)
        var svg = ChartFrame.begin(width: width, height: height, title: title, estimatedSize: 8_192 + steps.reduce(0) { $0 + $1.count * 160 })
        let named = lines.count <= Self.legendLimit
        let legend = Legend(entries: named ? lines.indices.map { index in
            .init(name: lines[index].name, swatch: .line(color: Self.color(index), stroke: Self.stroke(index)))
        } : [], maxWidth: width - 2 * ChartFrame.padding)
        legend.draw(into: &svg, x: ChartFrame.padding, top: ChartFrame.titleBlock)
        let top = ChartFrame.titleBlock + legend.height + 6
        let values = steps.flatMap { $0.map(\.value) }
        let trials = lines.map(\.bestSoFar.count).max() ?? 0
        guard let low = values.min(), let high = values.max(), trials > 0 else {
            ChartFrame.noData(into: &svg, area: PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                                         height: Swift.max(20, height - top - ChartFrame.padding)))
            return svg.finish()
        }
        let yTicks = NiceTicks.ticks(lower: low, upper: high)
        let xTicks = NiceTicks.ticks(lower: 1, upper: Double(Swift.max(trials, 2)))
        let yLabels = yTicks.labels(valueFormat)
        let left = ChartFrame.leftMargin(labels: yLabels, hasAxisTitle: !yAxisTitle.isEmpty)
        let plot = PlotArea(x: left, y: top + 6, width: width - left - 24, height: Swift.max(20, height - top - 6 - 46))
        let x = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (plot.x, plot.right))
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (plot.bottom, plot.y))
        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: yTicks.values, labels: yLabels, title: yAxisTitle)
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: zip(xTicks.values, xTicks.labels(.plain)).map { (x($0.0), $0.1) },
                               canvasWidth: width, gridLines: true)
        ChartFrame.drawBaseline(into: &svg, plot: plot)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: named ? "Trials evaluated" : "Trials evaluated (one line per window)",
                              y: plot.bottom + 36)
        for (index, points) in steps.enumerated() where !points.isEmpty {
            svg.beginPath(stroke: Self.color(index), width: 1.6, dash: Self.stroke(index).pattern, kind: "series")
            svg.moveTo(x(Double(points[0].trial)), y(points[0].value))
            for (previous, point) in zip(points, points.dropFirst()) {
                svg.lineTo(x(Double(point.trial)), y(previous.value))   // level until the improvement
                if point.value != previous.value { svg.lineTo(x(Double(point.trial)), y(point.value)) }
            }
            svg.endPath(tooltip: lines[index].name)
            // A dot at each improvement (the trailing point of the last trial is not one).
            for (position, point) in points.enumerated() where position == 0 || point.value != points[position - 1].value {
                svg.circle(cx: x(Double(point.trial)), cy: y(point.value), r: 2.5, fill: Self.color(index), stroke: "#ffffff",
                           tooltip: "\(lines[index].name) · trial \(point.trial): \(valueFormat.format(point.value))")
            }
        }
        return svg.finish()
    }

    static func color(_ index: Int) -> String { Palette.distinctLine(index).color }
    static func stroke(_ index: Int) -> LineStroke { Palette.distinctLine(index).stroke }
}
