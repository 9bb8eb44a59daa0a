import Testing
@testable import Charts

struct HeatmapTests {
    @Test func everyCellHasATooltipNamingBothParameters() throws {
        let root = try SVGDocument.parse(Fixtures.heatmap().svg())
        let cells = root.all(class: "cell")
        #expect(cells.count == 9)
        #expect(cells.contains { $0.tooltip == "rsi_period=14, rsi_oversold=30: 61.2" })
        #expect(cells.contains { $0.tooltip == "rsi_period=21, rsi_oversold=30: no data" })
    }

    @Test func markedCellsAreOutlinedNamedInTheirTooltipAndExplained() throws {
        var chart = Fixtures.heatmap()
        chart.marked = [[false, true, false], [false, false, false], [true, false, false]]
        chart.markName = "ROBUST"
        chart.missingLabel = "n/a"
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all(class: "mark").count == 2)
        #expect(root.all(class: "cell").filter { $0.tooltip?.contains("(ROBUST)") == true }.count == 2)
        #expect(root.all(class: "cell").contains { $0.tooltip == "rsi_period=21, rsi_oversold=30: n/a" })
        #expect(root.allText.contains("outlined: ROBUST"))
        // Without marks, nothing is outlined and no legend line is drawn.
        let plain = try SVGDocument.parse(Fixtures.heatmap().svg())
        #expect(plain.all(class: "mark").isEmpty && !plain.allText.contains("outlined"))
    }

    @Test func smallGridsPrintValuesAndTheLegendShowsMinAndMax() throws {
        let root = try SVGDocument.parse(Fixtures.heatmap().svg())
        let printed = root.all(class: "cells").flatMap { $0.all("text") }.map(\.allText)
        #expect(printed.count == 9)
        #expect(printed.contains("—"))
        #expect(printed.contains("61.2"))
        let legend = root.all(class: "color-legend").flatMap { $0.all("text") }.map(\.allText)
        #expect(legend == ["Score", "max 61.2", "min 39.1"])
    }

    @Test func largeGridsDoNotPrintValues() throws {
        let values = (0..<20).map { row in (0..<15).map { column in Double?(Double(row * column)) } }
        let chart = Heatmap(title: "big", xName: "a", yName: "b", xValues: (0..<15).map(String.init),
                            yValues: (0..<20).map(String.init), values: values, valueName: "v")
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.all(class: "cell").count == 300)
        #expect(root.all(class: "cells").flatMap { $0.all("text") }.isEmpty)
    }

    /// The holdings strip of a portfolio: shares on a fixed 0–100 % scale from white, each cell's
    /// tooltip its own sentence.
    @Test func aFixedDomainColoursByItsEndsAndCellsMaySayTheirOwnTooltips() throws {
        var chart = Heatmap(title: "Held", xName: "window", yName: "symbol", xValues: ["W1", "W2"], yValues: ["ETH", "BTC"],
                            values: [[0, 50], [100, nil]], valueName: "Share held", valueFormat: .percent)
        chart.domain = 0...100
        chart.ramp = .blues
        chart.tooltips = [["ETH in W1: not held", "ETH in W2: held 50 %"], ["BTC in W1: held 100 %", "BTC in W2: window failed"]]
        let root = try SVGDocument.parse(chart.svg())
        let cells = root.all(class: "cell")
        #expect(cells.compactMap(\.tooltip).sorted() == chart.tooltips.joined().sorted())
        let fill = { (tooltip: String) in cells.first { $0.tooltip == tooltip }?.attributes["fill"] }
        #expect(fill("ETH in W1: not held") == SequentialColorScale.color(0, ramp: .blues))
        #expect(fill("ETH in W1: not held") == "#f7fbff")
        #expect(fill("BTC in W1: held 100 %") == "#08306b")
        #expect(fill("BTC in W2: window failed") == Palette.missing)
        let legend = root.all(class: "color-legend").flatMap { $0.all("text") }.map(\.allText)
        #expect(legend == ["Share held", "100 %", "0 %"])
        // The same values without a domain span their own range, as before.
        chart.domain = nil
        let spanned = try SVGDocument.parse(chart.svg()).all(class: "color-legend").flatMap { $0.all("text") }.map(\.allText)
        #expect(spanned == ["Share held", "max 100 %", "min 0 %"])
    }

    @Test func lowValuesAreDarkAndHighValuesBright() {
        #expect(SequentialColorScale.color(0) == "#440154")
        #expect(SequentialColorScale.color(1) == "#fde725")
        #expect(SequentialColorScale.needsLightText(0))
        #expect(!SequentialColorScale.needsLightText(1))
    }

    @Test(arguments: [
        ("empty", [String](), [String](), [[Double?]]()),
        ("all nil", ["1", "2"], ["a"], [[nil, nil]]),
        ("one cell", ["1"], ["a"], [[5]]),
        ("flat", ["1", "2"], ["a", "b"], [[3, 3], [3, 3]]),
        ("ragged", ["1", "2", "3"], ["a", "b"], [[1], [2, .nan, 4, 5]]),
        ("hostile", [hostileName], [hostileName], [[-1e15]]),
    ])
    func edgeCasesGiveSaneSVG(name: String, xs: [String], ys: [String], values: [[Double?]]) throws {
        let svg = Heatmap(title: name, xName: hostileName, yName: "y", xValues: xs, yValues: ys, values: values,
                          valueName: hostileName).svg()
        #expect(!svg.contains("<script>"))
        let root = try SVGDocument.parse(svg)
        #expect(root.all(class: "cell").count == xs.count * ys.count)
    }
}
