import Testing
@testable import Charts

struct SmallMultiplesChartTests {
    @Test func drawsOnePanelPerParameterWithDotTooltips() throws {
        let root = try SVGDocument.parse(Fixtures.stabilityChart().svg())
        let panels = root.all(class: "panel")
        #expect(panels.count == 4)
        let dots = panels[0].all("circle")
        #expect(dots.count == 8) // window 4 failed
        #expect(dots.first?.tooltip == "W1: rsi_period = 14")
        #expect(dots.last?.tooltip == "W9: rsi_period = 14")
    }

    @Test func yTicksCoverTheSearchedRange() throws {
        let chart = SmallMultiplesChart(title: "p", panels: [ParameterSeries(name: "a", values: [14, 14, 14], searchedRange: 5...50)])
        let root = try SVGDocument.parse(chart.svg())
        let labels = root.all(class: "y-axis").flatMap { $0.all("text") }.compactMap { Double($0.allText) }
        #expect((labels.min() ?? 99) <= 5)
        #expect((labels.max() ?? 0) >= 50)
    }

    @Test func growsInHeightWithRows() {
        let one = SmallMultiplesChart(title: "p", panels: [ParameterSeries(name: "a", values: [1])])
        let five = SmallMultiplesChart(title: "p", panels: (1...5).map { ParameterSeries(name: "p\($0)", values: [1, 2]) })
        #expect(five.height > one.height)
        #expect(five.svg().contains("height=\"\(DecimalText.coordinate(five.height))\""))
    }

    @Test(arguments: [
        ("no panels", [ParameterSeries]()),
        ("one window", [ParameterSeries(name: "a", values: [3])]),
        ("all failed", [ParameterSeries(name: "a", values: [nil, nil, nil])]),
        ("flat", [ParameterSeries(name: "a", values: [2, 2, 2, 2])]),
        ("missing and huge", [ParameterSeries(name: "a", values: [.nan, 1e200, -1e200, .infinity])]),
        ("many windows", [ParameterSeries(name: "a", values: (1...80).map { Double($0 % 5) })]),
        ("hostile", [ParameterSeries(name: hostileName, values: [1, 2])]),
    ])
    func edgeCasesGiveSaneSVG(name: String, panels: [ParameterSeries]) throws {
        let svg = SmallMultiplesChart(title: name, panels: panels).svg()
        #expect(!svg.contains("<script>"))
        _ = try SVGDocument.parse(svg)
    }
}
