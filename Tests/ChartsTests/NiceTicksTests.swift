import Testing
@testable import Charts

struct NiceTicksTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let lower: Double
        let upper: Double
        let values: [Double]
        let labels: [String]
        var testDescription: String { "\(lower)…\(upper)" }
    }

    @Test(arguments: [
        Case(lower: 0, upper: 1, values: [0, 0.2, 0.4, 0.6, 0.8, 1], labels: ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        Case(lower: -3.7, upper: 12.1, values: [-5, 0, 5, 10, 15], labels: ["−5", "0", "5", "10", "15"]),
        Case(lower: 9_950, upper: 10_480, values: [9_900, 10_000, 10_100, 10_200, 10_300, 10_400, 10_500],
             labels: ["9900", "10000", "10100", "10200", "10300", "10400", "10500"]),
        Case(lower: 0, upper: 0.0001, values: [0, 0.00002, 0.00004, 0.00006, 0.00008, 0.0001],
             labels: ["0", "0.00002", "0.00004", "0.00006", "0.00008", "0.0001"]),
        Case(lower: 5, upper: 5, values: [4.5, 4.75, 5, 5.25, 5.5], labels: ["4.5", "4.75", "5", "5.25", "5.5"]),
        Case(lower: 0, upper: 0, values: [-1, -0.5, 0, 0.5, 1], labels: ["−1", "−0.5", "0", "0.5", "1"]),
        Case(lower: -50, upper: -10, values: [-50, -40, -30, -20, -10], labels: ["−50", "−40", "−30", "−20", "−10"]),
        Case(lower: -0.0042, upper: -0.0011, values: [-0.005, -0.004, -0.003, -0.002, -0.001], labels: ["−0.005", "−0.004", "−0.003", "−0.002", "−0.001"]),
    ])
    func choosesNiceStepsCoveringTheRange(_ c: Case) {
        let ticks = NiceTicks.ticks(lower: c.lower, upper: c.upper)
        #expect(ticks.values == c.values)
        #expect(ticks.labels(.plain) == c.labels)
    }

    @Test(arguments: [(0.0, 1.0), (-3.7, 12.1), (9_950, 10_480), (0, 0.0001), (1e-9, 3e-9), (-1e12, 7e12),
                      (123.456, 123.457), (-5, -5), (0.1, 0.7), (1, 1_000_000), (-2.5, 0)])
    func keepsBetweenFourAndEightTicksAndCoversTheData(lower: Double, upper: Double) {
        let ticks = NiceTicks.ticks(lower: lower, upper: upper)
        #expect((4...8).contains(ticks.values.count))
        #expect(ticks.lower <= lower && ticks.upper >= upper)
        let mantissa = ticks.step / DecimalText.power(DecimalText.exponent(of: ticks.step))
        #expect([1, 2, 2.5, 5].contains { abs($0 - mantissa) < 1e-9 })
    }

    @Test func groupsThousandsForMoney() {
        #expect(NiceTicks.ticks(lower: 9_950, upper: 10_480).labels(.money)
            == ["9,900", "10,000", "10,100", "10,200", "10,300", "10,400", "10,500"])
    }

    @Test func labelsPercentWithASign() {
        #expect(NiceTicks.ticks(lower: -0.3, upper: 0.6).labels(.percent)
            == ["−0.4 %", "−0.2 %", "0 %", "0.2 %", "0.4 %", "0.6 %"])
    }

    @Test func tickValuesCarryNoBinaryNoise() {
        let values = NiceTicks.ticks(lower: 0.1, upper: 0.7).values
        #expect(values.contains(0.3) || values.contains(0.6))
        for value in values {
            #expect(ValueFormat.plain.format(value, decimals: 9).count <= 6)
        }
    }

    @Test(arguments: [(Double.nan, 1.0), (.infinity, -.infinity), (.nan, .nan), (-.infinity, 3)])
    func survivesNonFiniteBounds(lower: Double, upper: Double) {
        let ticks = NiceTicks.ticks(lower: lower, upper: upper)
        #expect(ticks.values.allSatisfy { $0.isFinite })
        #expect(ticks.values.count >= 2)
    }

    @Test func integerTicksNeverSplitOne() {
        #expect(NiceTicks.ticks(lower: 0, upper: 1, integers: true).values == [0, 1])
        #expect(NiceTicks.ticks(lower: 0, upper: 3, integers: true).values == [0, 1, 2, 3])
        #expect(NiceTicks.ticks(lower: 0, upper: 47, integers: true).values == [0, 10, 20, 30, 40, 50])
    }

    @Test func hugeValuesUseScientificLabels() {
        let ticks = NiceTicks.ticks(lower: 0, upper: 3e20)
        #expect(ticks.labels(.plain).last == "3e20")
        #expect(ticks.labels(.plain).allSatisfy { !$0.contains("inf") && !$0.contains("NaN") })
    }
}
