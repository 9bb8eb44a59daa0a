import Testing
@testable import Charts

/// Each chart on a small fixed input, compared byte for byte with `__Snapshots__/NAME.svg`
/// (`WFO_RECORD_SNAPSHOTS=1 swift test` re-records them).
struct SnapshotTests {
    @Test(arguments: [
        "equity", "degradation", "parameters", "heatmap", "line-plot", "histogram",
        "equity-band", "degradation-all-failed", "equity-empty", "trades",
    ])
    func chartMatchesItsSnapshot(name: String) throws {
        let svg = SnapshotTests.render(name)
        _ = try SVGDocument.parse(svg)
        try Snapshot.assertMatches(svg, named: name)
    }

    static func render(_ name: String) -> String {
        switch name {
        case "equity": return Fixtures.equityChart().svg()
        case "trades": return Fixtures.tradeChart().svg()
        case "degradation": return Fixtures.degradationChart().svg()
        case "parameters": return Fixtures.stabilityChart().svg()
        case "heatmap": return Fixtures.heatmap().svg()
        case "line-plot": return Fixtures.linePlot().svg()
        case "histogram": return Fixtures.histogram().svg()
        case "equity-band":
            let median = Fixtures.walk(count: 90, seed: 5)
            var chart = Fixtures.equityChart(points: 90)
            chart.title = "Monte Carlo equity (1,000 resamples)"
            chart.series = [TimeSeries(name: "Median", times: median.times, values: median.values)]
            chart.band = TimeBand(name: "5–95 %", times: median.times,
                                  lower: median.values.enumerated().map { $0.element - Double($0.offset) * 9 },
                                  upper: median.values.enumerated().map { $0.element + Double($0.offset) * 11 })
            return chart.svg()
        case "degradation-all-failed":
            return BarChart(title: "In-sample vs out-of-sample return rate", yAxisTitle: "Return rate (% per day)",
                            valueFormat: .percent, seriesNames: ["In-sample", "Out-of-sample"],
                            groups: (1...3).map { BarGroup.failed(label: "W\($0)", reason: "too few candles") }).svg()
        case "equity-empty":
            return TimeSeriesChart(title: "Stitched out-of-sample equity", yAxisTitle: "Equity (USDT)", series: []).svg()
        default: return ""
        }
    }
}
