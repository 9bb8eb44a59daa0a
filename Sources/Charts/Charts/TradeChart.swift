/// Prices with the trades drawn on them: where the strategy bought and sold.
///
/// The prices come summarised in columns (``PriceColumns``: each column's lowest low, highest
/// high and last close, so a spike stays visible however many candles a pixel holds), drawn as
/// a grey low–high bar per column and the close as a line. Each trade is an entry marker (▲ a
/// long, ▼ a short, at its entry time and fill price), an exit marker coloured by why it exited
/// (signal, stop-loss, take-profit, trailing stop, time limit, session close, end, and a
/// portfolio's rotation and delisting), and a thin
/// line between them, green for a profit and red for a loss. Every marker has a `<title>` with
/// the time, the price and the trade (no JavaScript).
public struct TradeChart: Sendable {
    /// A chart's prices, column by column.
    public struct PriceColumns: Sendable {
        public var times: [Int64]
        public var lows: [Double]
        public var highs: [Double]
        public var closes: [Double]

        public init(times: [Int64], lows: [Double], highs: [Double], closes: [Double]) {
            self.times = times
            self.lows = lows
            self.highs = highs
            self.closes = closes
        }
    }

    /// One trade to draw.
    public struct Marker: Sendable {
        public var isLong: Bool
        public var entryTime: Int64
        public var entryPrice: Double
        public var exitTime: Int64
        public var exitPrice: Double
        /// The exit reason as stored: `signal`, `stop_loss`, `take_profit`, `trailing_stop`, …
        public var exitReason: String
        public var profitLoss: Double

        public init(isLong: Bool, entryTime: Int64, entryPrice: Double, exitTime: Int64, exitPrice: Double, exitReason: String,
                    profitLoss: Double) {
            self.isLong = isLong
            self.entryTime = entryTime
            self.entryPrice = entryPrice
            self.exitTime = exitTime
            self.exitPrice = exitPrice
            self.exitReason = exitReason
            self.profitLoss = profitLoss
        }
    }

    public var title: String
    public var yAxisTitle: String
    public var prices: PriceColumns
    public var trades: [Marker]
    public var width: Double
    public var height: Double

    public init(title: String, yAxisTitle: String, prices: PriceColumns, trades: [Marker], width: Double = 720, height: Double = 340) {
        self.title = title
        self.yAxisTitle = yAxisTitle
        self.prices = prices
        self.trades = trades
        self.width = width
        self.height = height
    }

    /// Exit reasons in the legend's order, with their colours and words.
    static let reasons: [(key: String, color: String, words: String)] = [
        ("signal", Palette.blue, "signal"), ("stop_loss", Palette.vermillion, "stop-loss"),
        ("take_profit", Palette.green, "take-profit"), ("trailing_stop", Palette.orange, "trailing stop"),
        ("time_limit", Palette.reddishPurple, "time limit"), ("session_close", Palette.skyBlue, "session close"),
        ("end", Palette.black, "window end"), ("rotation", Palette.wine, "rotation"),
        ("delisted", Palette.olive, "delisted"),
    ]

    /// How a marker's tooltip writes its trade, e.g. `Long entry 2024-03-01 14:05 UTC at 62,345.1`;
    /// the tests read them back.
    public static func entryText(_ trade: Marker) -> String {
        (trade.isLong ? "Long" : "Short") + " entry " + TimeText.instant(trade.entryTime) + " at " + ValueFormat.money.format(trade.entryPrice)
    }

    public static func exitText(_ trade: Marker) -> String {
        let reason = reasons.first { $0.key == trade.exitReason }?.words ?? trade.exitReason
        return (trade.isLong ? "Long" : "Short") + " exit (" + reason + ") " + TimeText.instant(trade.exitTime) + " at "
            + ValueFormat.money.format(trade.exitPrice) + ", P/L " + ValueFormat.money.format(trade.profitLoss)
    }

    public func svg() -> String {
        let count = Swift.min(prices.times.count, prices.lows.count, prices.highs.count, prices.closes.count)
        var svg = ChartFrame.begin(width: width, height: height, title: title, estimatedSize: 8_192 + count * 40 + trades.count * 400)
        let legend = legend()
        legend.draw(into: &svg, x: ChartFrame.padding, top: ChartFrame.titleBlock)
        guard let geometry = geometry(legendHeight: legend.height) else {
            let top = ChartFrame.titleBlock + legend.height + 6
            ChartFrame.noData(into: &svg, area: PlotArea(x: ChartFrame.padding, y: top, width: width - 2 * ChartFrame.padding,
                                                         height: Swift.max(20, height - top - ChartFrame.padding)))
            return svg.finish()
        }
        let (plot, x, y, ticks, labels) = (geometry.plot, geometry.x, geometry.y, geometry.ticks, geometry.labels)
        let timeTicks = DateAxis.ticksLabellingStart(from: x.start, to: x.end, maxCount: Swift.max(2, Swift.min(8, Int(plot.width / 80))))
        ChartFrame.drawYAxis(into: &svg, plot: plot, scale: y, ticks: ticks, labels: labels, title: yAxisTitle)
        ChartFrame.drawXLabels(into: &svg, plot: plot, ticks: timeTicks.ticks.map { (x($0.time), $0.label) }, canvasWidth: width, gridLines: true, dropsCrowdedStart: true)
        ChartFrame.drawBaseline(into: &svg, plot: plot)
        ChartFrame.drawXTitle(into: &svg, plot: plot, title: "Date (UTC)", y: plot.bottom + 36)

        // Low–high bars, then the close.
        svg.beginPath(stroke: "#b9c0c8", width: 1, kind: "range")
        for i in 0..<count where prices.lows[i].isFinite && prices.highs[i].isFinite {
            let px = x(prices.times[i])
            svg.moveTo(px, y(prices.lows[i]))
            svg.lineTo(px, y(prices.highs[i]) - (prices.highs[i] == prices.lows[i] ? 0.5 : 0))
        }
        svg.endPath()
        svg.beginPath(stroke: Palette.mutedText, width: 1.2, kind: "close")
        var drawing = false
        for i in 0..<count {
            guard prices.closes[i].isFinite else { drawing = false; continue }
            if drawing { svg.lineTo(x(prices.times[i]), y(prices.closes[i])) } else { svg.moveTo(x(prices.times[i]), y(prices.closes[i])) }
            drawing = true
        }
        svg.endPath(tooltip: "Close")

        // Each trade: its holding line, the entry triangle, the exit dot.
        for trade in trades {
            svg.line(x1: x(trade.entryTime), y1: y(trade.entryPrice), x2: x(trade.exitTime), y2: y(trade.exitPrice),
                     stroke: trade.profitLoss > 0 ? Palette.green : Palette.vermillion, width: 1, dash: "3 2", kind: "holding")
        }
        svg.beginGroup(kind: "entries")
        for trade in trades {
            Self.drawEntry(into: &svg, x: x(trade.entryTime), y: y(trade.entryPrice), pointingUp: trade.isLong,
                           color: trade.isLong ? Palette.green : Palette.vermillion, tooltip: Self.entryText(trade))
        }
        svg.endGroup()
        svg.beginGroup(kind: "exits")
        for trade in trades {
            let color = Self.reasons.first { $0.key == trade.exitReason }?.color ?? Palette.black
            svg.circle(cx: x(trade.exitTime), cy: y(trade.exitPrice), r: 4, fill: color, stroke: "#ffffff", tooltip: Self.exitText(trade))
        }
        svg.endGroup()
        return svg.finish()
    }

    /// The close, the entry sides and the exit reasons the trades have.
    func legend() -> Legend {
        let used = Set(trades.map(\.exitReason))
        var entries: [Legend.Entry] = [.init(name: "Close (bars: low–high)", swatch: .line(color: Palette.mutedText, stroke: .solid))]
        if trades.contains(where: \.isLong) { entries.append(.init(name: "long entry", swatch: .triangle(color: Palette.green, pointingUp: true))) }
        if trades.contains(where: { !$0.isLong }) {
            entries.append(.init(name: "short entry", swatch: .triangle(color: Palette.vermillion, pointingUp: false)))
        }
        for reason in Self.reasons where used.contains(reason.key) {
            entries.append(.init(name: "exit: " + reason.words, swatch: .dot(color: reason.color)))
        }
        return Legend(entries: entries, maxWidth: width - 2 * ChartFrame.padding)
    }

    /// Where things go: the plot area and the scales from time and price to pixels.
    struct Geometry {
        let plot: PlotArea
        let x: TimeScale
        let y: LinearScale
        let ticks: [Double]
        let labels: [String]
    }

    /// The geometry under a legend `legendHeight` tall; nil when there is nothing to draw.
    /// The scales span every finite price column and every trade's entry and exit.
    func geometry(legendHeight: Double) -> Geometry? {
        let count = Swift.min(prices.times.count, prices.lows.count, prices.highs.count, prices.closes.count)
        var low = Double.infinity, high = -Double.infinity
        var start = Int64.max, end = Int64.min
        for i in 0..<count where prices.lows[i].isFinite && prices.highs[i].isFinite {
            low = Swift.min(low, prices.lows[i])
            high = Swift.max(high, prices.highs[i])
            start = Swift.min(start, prices.times[i])
            end = Swift.max(end, prices.times[i])
        }
        for trade in trades {
            for price in [trade.entryPrice, trade.exitPrice] where price.isFinite {
                low = Swift.min(low, price)
                high = Swift.max(high, price)
            }
            start = Swift.min(start, trade.entryTime)
            end = Swift.max(end, trade.exitTime)
        }
        guard low <= high, start <= end else { return nil }
        if start == end { start -= 43_200_000; end += 43_200_000 }
        let top = ChartFrame.titleBlock + legendHeight + 6
        let ticks = NiceTicks.ticks(lower: low, upper: high)
        let labels = ticks.labels(.money)
        let left = ChartFrame.leftMargin(labels: labels, hasAxisTitle: true)
        let plot = PlotArea(x: left, y: top + 6, width: width - left - 24, height: Swift.max(20, height - top - 6 - 46))
        return Geometry(plot: plot, x: TimeScale(from: start, to: end, range: (plot.x, plot.right)),
                        y: LinearScale(domain: (ticks.lower, ticks.upper), range: (plot.bottom, plot.y)), ticks: ticks.values, labels: labels)
    }

    /// An entry marker: a triangle of side about 10 px centred on (x, y), ▲ for a long, ▼ for a short.
    static func drawEntry(into svg: inout SVGWriter, x: Double, y: Double, pointingUp: Bool, color: String, tooltip: String?) {
        let size = 5.0
        svg.beginPath(stroke: "#ffffff", width: 0.8, fill: color, kind: "entry")
        if pointingUp {
            svg.moveTo(x, y - size); svg.lineTo(x - size, y + size * 0.8); svg.lineTo(x + size, y + size * 0.8)
        } else {
            svg.moveTo(x, y + size); svg.lineTo(x - size, y - size * 0.8); svg.lineTo(x + size, y - size * 0.8)
        }
        svg.closePath()
        svg.endPath(tooltip: tooltip)
    }
}
