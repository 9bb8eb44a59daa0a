import MarketData
import Testing

struct SyntheticMarketDeterminismTests {
    static let january2020 = SyntheticMarket.origin
    static let march2020 = UTCTime.milliseconds(year: 2020, month: 3, day: 1)

    @Test(arguments: [Timeframe.fiveMinutes, .oneHour, .oneDay])
    func theSameRequestGivesTheSameCandles(timeframe: Timeframe) {
        let request = { SyntheticMarket(seed: 7).candles(symbol: "BTCUSDT", timeframe: timeframe,
                                                         from: Self.january2020, to: Self.march2020) }
        let series = request()
        #expect(!series.isEmpty)
        #expect(series == request())
        #expect(series.symbol == "BTCUSDT")
        #expect(series.timeframe == timeframe)
    }

    /// The candle at a time does not depend on the range asked for.
    @Test(arguments: [Timeframe.fiveMinutes, .oneHour, .fourHours, .oneDay, .oneWeek])
    func aSubRangeEqualsTheSliceOfALargerRequest(timeframe: Timeframe) {
        let market = SyntheticMarket(seed: 3)
        let to = UTCTime.milliseconds(year: 2021, month: 1, day: 1)
        let whole = market.candles(symbol: "ETHUSDT", timeframe: timeframe, from: Self.january2020, to: to)
        // Bounds off the candle grid: 2020-03-14T05:17:00Z to 2020-07-02T11:03:00Z.
        let from = UTCTime.milliseconds(year: 2020, month: 3, day: 14, hour: 5, minute: 17)
        let until = UTCTime.milliseconds(year: 2020, month: 7, day: 2, hour: 11, minute: 3)
        let part = market.candles(symbol: "ETHUSDT", timeframe: timeframe, from: from, to: until)
        #expect(!part.isEmpty)
        #expect(part == whole.slice(fromTime: from, toTime: until))
    }

    @Test func differentSeedsGiveDifferentMarkets() {
        let one = SyntheticMarket(seed: 1).candles(symbol: "BTCUSDT", timeframe: .oneHour, from: Self.january2020, to: Self.march2020)
        let two = SyntheticMarket(seed: 2).candles(symbol: "BTCUSDT", timeframe: .oneHour, from: Self.january2020, to: Self.march2020)
        #expect(one.openTimes == two.openTimes)
        #expect(zip(one.closes, two.closes).allSatisfy { $0 != $1 })
    }

    @Test func differentSymbolsGiveDifferentMarkets() {
        let market = SyntheticMarket(seed: 1)
        let bitcoin = market.candles(symbol: "BTCUSDT", timeframe: .oneHour, from: Self.january2020, to: Self.march2020)
        let ether = market.candles(symbol: "ETHUSDT", timeframe: .oneHour, from: Self.january2020, to: Self.march2020)
        #expect(zip(bitcoin.closes, ether.closes).allSatisfy { $0 != $1 })
        #expect(ether.symbol == "ETHUSDT")
    }

    @Test func requestsBeforeTheOriginAreClamped() {
        let market = SyntheticMarket(seed: 1)
        let early = market.candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                   from: UTCTime.milliseconds(year: 2019, month: 6, day: 1), to: Self.march2020)
        #expect(early.openTimes.first == SyntheticMarket.origin)
        #expect(early == market.candles(symbol: "BTCUSDT", timeframe: .oneHour, from: SyntheticMarket.origin, to: Self.march2020))
        #expect(market.candles(symbol: "BTCUSDT", timeframe: .oneHour, from: 0, to: SyntheticMarket.origin).isEmpty)
        #expect(market.candles(symbol: "BTCUSDT", timeframe: .oneHour, from: .min, to: 0).isEmpty)
    }

    @Test func anEmptyOrReversedRangeHasNoCandles() {
        let market = SyntheticMarket(seed: 1)
        #expect(market.candles(symbol: "BTCUSDT", timeframe: .oneHour, from: Self.march2020, to: Self.march2020).isEmpty)
        #expect(market.candles(symbol: "BTCUSDT", timeframe: .oneHour, from: Self.march2020, to: Self.january2020).isEmpty)
    }

    @Test func candlesOpenOnTheGridFromTheOrigin() {
        let series = SyntheticMarket(seed: 1).candles(symbol: "BTCUSDT", timeframe: .fifteenMinutes,
                                                      from: Self.january2020, to: Self.march2020)
        #expect(series.count == 60 * 96)
        #expect(series.openTimes.first == SyntheticMarket.origin)
        #expect(series.openTimes.last == Self.march2020 - Timeframe.fifteenMinutes.milliseconds)
    }

    /// Binance's weekly candles open on Mondays 00:00 UTC; the first synthetic one on 2020-01-06.
    @Test func weeklyCandlesOpenOnMondays() {
        let weekly = SyntheticMarket(seed: 1).candles(symbol: "BTCUSDT", timeframe: .oneWeek,
                                                      from: Self.january2020, to: UTCTime.milliseconds(year: 2021, month: 1, day: 1))
        #expect(weekly.openTimes.first == UTCTime.milliseconds(year: 2020, month: 1, day: 6))
        #expect(weekly.count == 52)
        // 1970-01-05, day 4, was a Monday.
        #expect(weekly.openTimes.allSatisfy { (UTCTime.day(ofMilliseconds: $0) - 4) % 7 == 0 && $0 % UTCTime.millisecondsPerDay == 0 })
    }
}
