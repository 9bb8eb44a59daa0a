import Testing
@testable import Charts

struct LinePlotTests {
    @Test func drawsDotsWithTooltipsInAscendingX() throws {
        let chart = LinePlot(title: "t", xName: "rsi_period", yAxisTitle: "Score", xValues: [21, 7, 14], yValues: [50, 40, 61.2])
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all("circle").map(\.tooltip) == ["rsi_period=7: 40", "rsi_period=14: 61.2", "rsi_period=21: 50"])
        #expect(root.all(class: "series").count == 1)
    }

    @Test func marksTheHighlightedValue() throws {
        let root = try SVGDocument.parse(Fixtures.linePlot().svg())
        #expect(root.all(class: "marker").count == 1)
        #expect(root.all("circle").count == 7) // one nil objective
    }

    @Test(arguments: [
        ("empty", [Double](), [Double?]()),
        ("one point", [14], [61.2]),
        ("flat", [1, 2, 3], [5, 5, 5]),
        ("missing values", [1, .nan, 3], [nil, 2, .infinity]),
        ("crossing zero", [1, 2, 3], [-2, 1, 3]),
    ])
    func edgeCasesGiveSaneSVG(name: String, xs: [Double], ys: [Double?]) throws {
        _ = try SVGDocument.parse(LinePlot(title: name, xName: hostileName, yAxisTitle: "y", xValues: xs, yValues: ys).svg())
    }
}
