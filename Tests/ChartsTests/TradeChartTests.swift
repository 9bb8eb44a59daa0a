import Testing
@testable import Charts

/// The trade chart draws every trade once, where it happened, and keeps price spikes.
struct TradeChartTests {
    /// The numbers of an SVG path's `d` (`M10 20 L30 40 Z` → [10, 20, 30, 40]).
    static func numbers(_ path: String) -> [Double] {
        path.split(whereSeparator: { " ,MLZ".contains($0) }).compactMap { Double($0) }
    }

    @Test func everyTradeIsDrawnOnceAtItsTimesAndPrices() throws {
        let chart = Fixtures.tradeChart()
        let root = try SVGDocument.parse(chart.svg())
        let entries = root.all(class: "entries").flatMap { $0.all("path") }
        let exits = root.all(class: "exits").flatMap { $0.all("circle") }
        #expect(entries.count == chart.trades.count)
        #expect(exits.count == chart.trades.count)
        #expect(root.all(class: "holding").count == chart.trades.count)
        let geometry = try #require(chart.geometry(legendHeight: chart.legend().height))
        for (trade, (entry, exit)) in zip(chart.trades, zip(entries, exits)) {
            #expect(entry.tooltip == TradeChart.entryText(trade))
            #expect(exit.tooltip == TradeChart.exitText(trade))
            let apex = Self.numbers(entry.attributes["d"] ?? "")
            #expect(abs(apex[0] - geometry.x(trade.entryTime)) < 0.01, "\(trade)")
            // The apex is 5 px above a long's fill (▲) and 5 px below a short's (▼).
            #expect(abs(apex[1] - (geometry.y(trade.entryPrice) + (trade.isLong ? -5 : 5))) < 0.01, "\(trade)")
            #expect(abs((Double(exit.attributes["cx"] ?? "") ?? .nan) - geometry.x(trade.exitTime)) < 0.01)
            #expect(abs((Double(exit.attributes["cy"] ?? "") ?? .nan) - geometry.y(trade.exitPrice)) < 0.01)
            let color = TradeChart.reasons.first { $0.key == trade.exitReason }?.color
            #expect(exit.attributes["fill"] == color, "\(trade.exitReason)")
        }
        #expect(entries.filter { $0.tooltip?.hasPrefix("Long") == true }.count == chart.trades.filter(\.isLong).count)
    }

    @Test func aSpikeInOneColumnReachesTheTopOfItsBar() throws {
        let chart = Fixtures.tradeChart()
        let root = try SVGDocument.parse(chart.svg())
        let ranges = try #require(root.all(class: "range").first?.attributes["d"])
        let geometry = try #require(chart.geometry(legendHeight: chart.legend().height))
        let spikeTop = geometry.y(chart.prices.highs[100])
        let ys = Self.numbers(ranges).enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(ys.contains { abs($0 - spikeTop) < 0.01 }, "the spike's high is drawn")
        #expect(abs(ys.min()! - spikeTop) < 0.01, "and it is the highest point of the chart")
    }

    @Test func theLegendNamesOnlyWhatIsDrawn() throws {
        var chart = Fixtures.tradeChart()
        chart.trades = chart.trades.filter { $0.isLong && $0.exitReason == "stop_loss" }
        let legend = try #require(try SVGDocument.parse(chart.svg()).all(class: "legend").first)
        #expect(legend.all("text").map(\.allText) == ["Close (bars: low–high)", "long entry", "exit: stop-loss"])
    }

    /// A portfolio's exits (a rotation dropping the symbol, its data ending) are named on the
    /// legend and coloured apart from every other reason.
    @Test func portfolioExitsHaveTheirOwnColoursAndLegendEntries() throws {
        #expect(Set(TradeChart.reasons.map(\.color)).count == TradeChart.reasons.count, "one colour per reason")
        var chart = Fixtures.tradeChart()
        chart.trades = Array(chart.trades.prefix(3))
        chart.trades[0].exitReason = "rotation"
        chart.trades[1].exitReason = "delisted"
        chart.trades[2].exitReason = "end"
        let root = try SVGDocument.parse(chart.svg())
        let legend = try #require(root.all(class: "legend").first).all("text").map(\.allText)
        #expect(Array(legend.suffix(3)) == ["exit: window end", "exit: rotation", "exit: delisted"], "\(legend)")
        let exits = root.all(class: "exits").flatMap { $0.all("circle") }
        #expect(exits.map { $0.attributes["fill"] } == [Palette.wine, Palette.olive, Palette.black])
        #expect(exits.first?.tooltip?.hasPrefix("Long exit (rotation) ") == true)
    }

    /// A portfolio window's chart: a trade chart per symbol, stacked at one width.
    @Test func tradeChartsStackOneBelowTheOtherAtTheFirstsWidth() throws {
        var narrow = Fixtures.tradeChart()
        narrow.width = 400
        narrow.title = "Window 1: ETHUSDT out of sample, with its trades"
        let stacked = StackedCharts(title: "Window 1: the out-of-sample trades of 2 symbols, one panel each",
                                    panels: [Fixtures.tradeChart(), narrow])
        let root = try SVGDocument.parse(stacked.svg())
        let panels = root.children.filter { $0.name == "svg" }
        #expect(panels.map { $0.attributes["y"] } == ["0", "340"])
        #expect(panels.allSatisfy { $0.attributes["width"] == "720" })
        #expect(root.attributes["height"] == "680")
        #expect(panels.map { $0.children.first { $0.name == "title" }?.allText } == [Fixtures.tradeChart().title, narrow.title])
        #expect(panels.allSatisfy { !$0.all(class: "entries").isEmpty })
    }

    @Test func noPricesAndNoTradesSaysSo() throws {
        let chart = TradeChart(title: "Window 3", yAxisTitle: "Price", prices: .init(times: [], lows: [], highs: [], closes: []), trades: [])
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.allText.contains("No data"))
        #expect(root.all(class: "entries").isEmpty)
    }

    @Test func aTradeOutsideThePricesWidensTheScales() throws {
        var chart = Fixtures.tradeChart()
        let last = chart.prices.times.last!
        chart.trades.append(.init(isLong: true, entryTime: last + 3_600_000, entryPrice: 500, exitTime: last + 7_200_000, exitPrice: 10,
                                  exitReason: "end", profitLoss: -490))
        let geometry = try #require(chart.geometry(legendHeight: chart.legend().height))
        #expect(geometry.x(last + 7_200_000) <= geometry.plot.right + 0.001)
        #expect(geometry.y(500) >= geometry.plot.y - 0.001)
        #expect(geometry.y(10) <= geometry.plot.bottom + 0.001)
    }
}
