import Indicators
import Testing

struct HighestAndLowestTests {
    let values: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]

    @Test func trackTheExtremesOfTheLastPeriodValues() {
        expectSeries(Indicator.highest(values, period: 3), [.nan, .nan, 4, 4, 5, 9, 9, 9])
        expectSeries(Indicator.lowest(values, period: 3), [.nan, .nan, 1, 1, 1, 1, 2, 2])
    }

    @Test func periodOneReturnsTheValues() {
        expectSeries(Indicator.highest(values, period: 1), values)
        expectSeries(Indicator.lowest(values, period: 1), values)
    }

    @Test(arguments: [1, 2, 5, 17, 199, 200, 201])
    func matchBruteForceOnRandomValues(period: Int) {
        let closes = RandomCandles(count: 200, seed: UInt64(period)).closes
        let highest = Indicator.highest(closes, period: period)
        let lowest = Indicator.lowest(closes, period: period)
        for index in closes.indices {
            if index < period - 1 {
                #expect(highest[index].isNaN && lowest[index].isNaN)
            } else {
                let window = closes[(index - period + 1)...index]
                #expect(highest[index] == window.max() && lowest[index] == window.min(), "index \(index)")
            }
        }
    }

    @Test func emptySeriesGivesNothing() {
        #expect(Indicator.highest([], period: 3).isEmpty)
        #expect(Indicator.lowest([], period: 3).isEmpty)
    }
}
