import Testing
@testable import Charts

struct HistogramTests {
    @Test func binsOnRoundEdgesAndCountsEveryValue() throws {
        let histogram = Histogram(title: "h", xAxisTitle: "x", values: [0, 0.1, 0.45, 0.5, 0.99, 1], binCount: 4)
        let bins = try #require(histogram.bins(of: histogram.values))
        #expect(bins.start == 0)
        #expect(bins.width == 0.25)
        #expect(bins.counts == [2, 1, 1, 2])
        let root = try SVGDocument.parse(histogram.svg())
        #expect(root.all(class: "bar").map(\.tooltip) == ["[0, 0.25): 2", "[0.25, 0.5): 1", "[0.5, 0.75): 1", "[0.75, 1]: 2"])
    }

    @Test func drawsTheMarkerLineWithItsLabel() throws {
        let root = try SVGDocument.parse(Fixtures.histogram().svg())
        #expect(root.all(class: "marker").count == 1)
        #expect(root.all("text").contains { $0.allText == "λ = 0" })
        let counts: [Int] = root.all(class: "bar").compactMap { bar in
            guard let tooltip = bar.tooltip, let last = tooltip.split(separator: " ").last else { return nil }
            return Int(last)
        }
        let total = counts.reduce(0, +)
        #expect(total == 300)
    }

    @Test(arguments: [
        ("empty", [Double]()),
        ("one value", [3.0]),
        ("all equal", [0, 0, 0]),
        ("not finite", [.nan, .infinity, 1, 2]),
        ("huge", [1e200, -1e200, 0]),
        ("negative only", [-5, -4.2, -3.3, -9]),
    ])
    func edgeCasesGiveSaneSVG(name: String, values: [Double]) throws {
        let svg = Histogram(title: name, xAxisTitle: hostileName, values: values,
                            marker: ReferenceLine(value: 0, label: hostileName)).svg()
        #expect(!svg.contains("<script>"))
        _ = try SVGDocument.parse(svg)
    }
}
