import Indicators
import Testing

struct AverageTrueRangeTests {
    // TR: [2 (h-l of the first candle), 3, 4, 5].
    let highs: [Double] = [10, 12, 11, 13]
    let lows: [Double] = [8, 9, 7, 12]
    let closes: [Double] = [9, 11, 8, 12.5]

    @Test func trueRangeTakesTheLargestOfRangeAndGapsFromThePreviousClose() {
        expectSeries(Indicator.trueRange(highs: highs, lows: lows, closes: closes), [2, 3, 4, 5])
        // A gap up: |high - previous close| = 5.5 beats high - low = 1.
        expectSeries(Indicator.trueRange(highs: [10, 15], lows: [9, 14], closes: [9.5, 14.5]), [1, 5.5])
        #expect(Indicator.trueRange(highs: [], lows: [], closes: []).isEmpty)
    }

    @Test func atrSeedsWithTheMeanOfTheFirstTrueRangesAfterIndexZero() {
        // Seed at 2: (3 + 4) / 2 = 3.5 (TR[0] is not used); then (3.5 * 1 + 5) / 2 = 4.25.
        expectSeries(Indicator.atr(highs: highs, lows: lows, closes: closes, period: 2), [.nan, .nan, 3.5, 4.25])
    }

    @Test func atrOfPeriodOneIsTheTrueRangeFromIndexOne() {
        expectSeries(Indicator.atr(highs: highs, lows: lows, closes: closes, period: 1), [.nan, 3, 4, 5])
    }

    @Test func atrNeedsPeriodPlusOneCandles() {
        let atr = Indicator.atr(highs: highs, lows: lows, closes: closes, period: 4)
        #expect(atr.count == 4 && atr.allSatisfy { $0.isNaN })
        #expect(Indicator.atr(highs: [], lows: [], closes: [], period: 14).isEmpty)
    }
}
