import Indicators
import Testing

struct MovingAverageTests {
    @Test func smaIsTheMeanOfTheLastPeriodValues() {
        expectSeries(Indicator.sma([1, 2, 3, 4, 5], period: 3), [.nan, .nan, 2, 3, 4])
        expectSeries(Indicator.sma([1, 2, 3], period: 1), [1, 2, 3])
    }

    @Test func smaOfASeriesShorterThanThePeriodIsAllNaN() {
        expectSeries(Indicator.sma([1, 2, 3], period: 4), [.nan, .nan, .nan])
        #expect(Indicator.sma([], period: 3).isEmpty)
    }

    @Test func smaDoesNotDriftOverLongSeries() {
        let closes = RandomCandles(count: 200_000, seed: 7).closes
        let period = 50
        let sma = Indicator.sma(closes, period: period)
        for index in stride(from: period - 1, to: closes.count, by: 997) {
            let exact = closes[(index - period + 1)...index].reduce(0, +) / Double(period)
            #expect(isClose(sma[index], exact, relative: 1e-13, absolute: 0), "index \(index)")
        }
    }

    @Test func emaSeedsWithTheSmaOfTheFirstPeriodValues() {
        // Seed (2 + 4 + 6) / 3 = 4 at index 2; alpha 0.5: 4 + 0.5 * (8 - 4) = 6; 6 + 0.5 * (3 - 6) = 4.5.
        expectSeries(Indicator.ema([2, 4, 6, 8, 3], period: 3), [.nan, .nan, 4, 6, 4.5])
        expectSeries(Indicator.ema([2, 4, 6], period: 1), [2, 4, 6])
    }

    @Test func emaSkipsLeadingNaNsAndSeedsOnTheFirstDefinedValues() {
        expectSeries(Indicator.ema([.nan, .nan, 2, 4, 6, 8, 3], period: 3), [.nan, .nan, .nan, .nan, 4, 6, 4.5])
        expectSeries(Indicator.ema([.nan, .nan, .nan], period: 1), [.nan, .nan, .nan])
    }

    @Test func emaWithFewerDefinedValuesThanThePeriodIsAllNaN() {
        expectSeries(Indicator.ema([.nan, 1, 2], period: 3), [.nan, .nan, .nan])
        #expect(Indicator.ema([], period: 3).isEmpty)
    }
}
