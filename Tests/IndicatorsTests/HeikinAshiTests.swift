import Indicators
import Testing

struct HeikinAshiTests {
    @Test func averagesEachCandleAndChainsTheOpen() {
        let candles = Indicator.heikinAshi(opens: [10, 11, 12], highs: [12, 13, 12.5],
                                           lows: [9, 10, 10], closes: [11, 12, 10.5])
        expectSeries(candles.close, [10.5, 11.5, 11.25])
        expectSeries(candles.open, [10.5, 10.5, 11])
        expectSeries(candles.high, [12, 13, 12.5])
        expectSeries(candles.low, [9, 10, 10])
    }

    @Test func highAndLowIncludeTheHeikinAshiOpenAndClose() {
        // Index 1: HA open (10.5 + 10.25) / 2 = 10.375 is above the real high 10.2.
        let candles = Indicator.heikinAshi(opens: [10, 10], highs: [11, 10.2], lows: [9, 9.8], closes: [11, 10])
        expectSeries(candles.open, [10.5, 10.375])
        expectSeries(candles.high, [11, 10.375])
        expectSeries(candles.low, [9, 9.8])
    }

    @Test func emptySeriesGivesEmptyCandles() {
        let candles = Indicator.heikinAshi(opens: [], highs: [], lows: [], closes: [])
        #expect(candles.open.isEmpty && candles.high.isEmpty && candles.low.isEmpty && candles.close.isEmpty)
    }
}
