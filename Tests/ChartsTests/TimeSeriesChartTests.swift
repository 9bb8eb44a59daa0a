import Testing
@testable import Charts

struct TimeSeriesChartTests {
    @Test func hasALegendEntryPerSeriesAndTooltipsWithDateAndValue() throws {
        let root = try SVGDocument.parse(Fixtures.equityChart().svg())
        let legendTexts = root.all(class: "legend").flatMap { $0.all("text") }.map(\.allText)
        #expect(legendTexts == ["Walk-forward (out-of-sample)", "Buy and hold"])
        let hover = root.all(class: "hover").flatMap { $0.all("circle") }
        #expect(hover.count == 120) // 60 per series
        #expect(hover.first?.tooltip == "Walk-forward (out-of-sample) — 2024-01-01: 10,000.00")
        #expect(root.all(class: "series").count == 2)
        #expect(root.all(class: "series")[1].attributes["stroke-dasharray"] != nil) // buy and hold dashed
        #expect(root.all(class: "reference").count == 1)
    }

    @Test func labelsTheDateAxisWithMonths() throws {
        let root = try SVGDocument.parse(Fixtures.equityChart().svg())
        let labels = root.all(class: "x-axis").flatMap { $0.all("text") }.map(\.allText)
        #expect(labels == ["Jan 2024", "Feb", "Mar", "Apr"])
        let yLabels = root.all(class: "y-axis").flatMap { $0.all("text") }.map(\.allText)
        #expect(yLabels.contains("10,000"))
    }

    @Test func drawsTheZeroLineOnlyWhenValuesCrossZero() throws {
        let crossing = TimeSeriesChart(title: "P/L", yAxisTitle: "USDT", series: [
            TimeSeries(name: "P/L", times: [0, 86_400_000, 172_800_000], values: [-50, 20, 80]),
        ])
        #expect(try SVGDocument.parse(crossing.svg()).all(class: "zero").count == 1)
        #expect(try SVGDocument.parse(Fixtures.equityChart().svg()).all(class: "zero").isEmpty)
    }

    @Test func escapesHostileSeriesNames() throws {
        let chart = TimeSeriesChart(title: hostileName, yAxisTitle: hostileName, series: [
            TimeSeries(name: hostileName, times: [0, 86_400_000], values: [1, 2]),
            TimeSeries(name: "other", times: [0, 86_400_000], values: [2, 1]),
        ], referenceLine: ReferenceLine(value: 1.5, label: hostileName))
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        let root = try SVGDocument.parse(svg)
        #expect(root.children.first { $0.name == "title" }?.allText == hostileName)
        #expect(root.all(class: "legend").flatMap { $0.all("text") }.first?.allText == hostileName)
        #expect(root.all(class: "series").first?.tooltip == hostileName)
    }

    @Test(arguments: [
        ("no series", [TimeSeries]()),
        ("empty series", [TimeSeries(name: "a", times: [], values: [])]),
        ("only missing values", [TimeSeries(name: "a", times: [0, 1, 2], values: [nil, .nan, .infinity])]),
    ])
    func saysNoDataWithoutFiniteValues(name: String, series: [TimeSeries]) throws {
        let root = try SVGDocument.parse(TimeSeriesChart(title: "Equity", yAxisTitle: "USDT", series: series).svg())
        #expect(root.all(class: "no-data").count == 1)
        #expect(root.all("text").contains { $0.allText == "No data" })
    }

    @Test(arguments: [
        ("one point", [Int64(1_700_000_000_000)], [Double?(10_000)]),
        ("flat", [0, 86_400_000, 172_800_000], [5, 5, 5]),
        ("gaps", [0, 86_400_000, 172_800_000, 259_200_000], [1, nil, .nan, 4]),
        ("huge", [0, 86_400_000], [1e300, -1e300]),
        ("negative", [0, 86_400_000, 172_800_000], [-3e9, -2e9, -2.5e9]),
        ("unsorted extremes", [Int64.max, Int64.min], [1, 2]),
    ])
    func edgeCasesGiveSaneSVG(name: String, times: [Int64], values: [Double?]) throws {
        let chart = TimeSeriesChart(title: name, yAxisTitle: "USDT", series: [TimeSeries(name: name, times: times, values: values)])
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all(class: "series").count == 1)
        #expect(root.all(class: "no-data").isEmpty)
    }

    @Test func anIsolatedPointIsDrawnAsADot() throws {
        let chart = TimeSeriesChart(title: "one", yAxisTitle: "USDT", series: [TimeSeries(name: "a", times: [0], values: [3])])
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all("circle").contains { $0.attributes["fill"] == Palette.blue })
    }

    @Test func drawsABandUnderTheLinesAndListsIt() throws {
        let walk = Fixtures.walk(count: 50)
        let chart = TimeSeriesChart(title: "MC", yAxisTitle: "USDT",
                                    series: [TimeSeries(name: "Median", times: walk.times, values: walk.values)],
                                    band: TimeBand(name: "5–95 %", times: walk.times, lower: walk.values.map { $0 - 200 },
                                                   upper: walk.values.map { $0 + 300 }))
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all(class: "band").count == 1)
        #expect(root.all(class: "legend").flatMap { $0.all("text") }.map(\.allText) == ["5–95 %", "Median"])
    }

    @Test func sameInputSameBytes() {
        #expect(Fixtures.equityChart().svg() == Fixtures.equityChart().svg())
    }
}
