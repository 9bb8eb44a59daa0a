import Testing
@testable import Charts

struct BarChartTests {
    @Test func drawsGroupedBarsWithTooltipsAndTheZeroLine() throws {
        let root = try SVGDocument.parse(Fixtures.degradationChart().svg())
        let bars = root.all(class: "bar")
        #expect(bars.count == 16) // 8 completed windows × 2
        #expect(bars.first?.tooltip == "W1 · In-sample: 0.42 %")
        #expect(root.all(class: "zero").count == 1)
        #expect(root.all(class: "legend").flatMap { $0.all("text") }.map(\.allText) == ["In-sample", "Out-of-sample"])
    }

    @Test func negativeBarsHangBelowTheZeroLine() throws {
        let root = try SVGDocument.parse(Fixtures.degradationChart().svg())
        let zeroY = try #require(root.all(class: "zero").first?.attributes["y1"].flatMap(Double.init))
        let negative = try #require(root.all(class: "bar").first { $0.tooltip == "W2 · Out-of-sample: −0.12 %" })
        #expect(Double(negative.attributes["y"] ?? "") == zeroY)
    }

    @Test func failedWindowIsAnEmptyLabelledSlot() throws {
        let root = try SVGDocument.parse(Fixtures.degradationChart().svg())
        let failed = root.all(class: "failed")
        #expect(failed.count == 1)
        #expect(failed.first?.tooltip == "W4: failed — too few candles")
        #expect(root.all("text").contains { $0.allText == "failed" })
        #expect(!root.all(class: "bar").contains { $0.tooltip?.hasPrefix("W4") ?? false })
    }

    @Test func writesAnnotationsUnderEachWindow() throws {
        let root = try SVGDocument.parse(Fixtures.degradationChart().svg())
        let annotations = root.all(class: "annotation").map(\.allText)
        #expect(annotations.first == "−33 %")
        #expect(annotations.count == 8)
    }

    @Test(arguments: [
        ("all failed", (1...5).map { BarGroup.failed(label: "W\($0)") }),
        ("one window", [BarGroup(label: "W1", values: [0.2, -0.1], annotation: "—")]),
        ("single category all zero", [BarGroup(label: "W1", values: [0, 0])]),
        ("missing values", [BarGroup(label: "W1", values: [nil, .nan]), BarGroup(label: "W2", values: [1e12, -1e12])]),
        ("many windows", (1...60).map { BarGroup(label: "W\($0)", values: [Double($0 % 7) - 3, 1], annotation: "−1 %") }),
    ])
    func edgeCasesGiveSaneSVG(name: String, groups: [BarGroup]) throws {
        let chart = BarChart(title: name, yAxisTitle: "Return (% per day)", valueFormat: .percent,
                             seriesNames: ["In-sample", "Out-of-sample"], groups: groups)
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all(class: "zero").count == 1)
        let labels = root.all(class: "x-axis").flatMap { $0.all("text") }
        #expect(!labels.isEmpty)
    }

    @Test func emptyChartSaysNoData() throws {
        let root = try SVGDocument.parse(BarChart(title: "x", yAxisTitle: "y", seriesNames: ["a"], groups: []).svg())
        #expect(root.all(class: "no-data").count == 1)
    }

    @Test func escapesHostileLabels() throws {
        let chart = BarChart(title: hostileName, yAxisTitle: hostileName, seriesNames: [hostileName, "b"],
                             groups: [BarGroup(label: hostileName, values: [1, 2], annotation: hostileName),
                                      .failed(label: "W2", reason: hostileName)],
                             annotationCaption: hostileName)
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        let root = try SVGDocument.parse(svg)
        #expect(root.all(class: "legend").flatMap { $0.all("text") }.first?.allText == hostileName)
        #expect(root.all(class: "failed").first?.tooltip == "W2: failed — " + hostileName)
    }
}
