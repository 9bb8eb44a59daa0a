import MarketData
import Testing

struct SyntheticMarketCandleTests {
    /// Two years of candles, or 20,000 for the short timeframes.
    static func candles(seed: UInt64, timeframe: Timeframe) -> CandleSeries {
        let twoYears = UTCTime.milliseconds(year: 2022, month: 1, day: 1)
        let to = min(twoYears, SyntheticMarket.origin + 20_000 * timeframe.milliseconds)
        return SyntheticMarket(seed: seed).candles(symbol: "BTCUSDT", timeframe: timeframe, from: SyntheticMarket.origin, to: to)
    }

    /// Long candles once made the ranging pull overshoot: from 12h up, prices grew to infinity.
    @Test(arguments: Timeframe.allCases, [UInt64(1), 2, 3, 42])
    func everyCandleIsValidWithNoGaps(timeframe: Timeframe, seed: UInt64) throws {
        let series = Self.candles(seed: seed, timeframe: timeframe)
        #expect(series.count > 100)
        try series.validate()
        #expect(series.gaps().isEmpty)
    }

    @Test(arguments: [Timeframe.oneMinute, .fiveMinutes, .oneHour, .fourHours, .oneDay, .oneWeek], [UInt64(1), 5])
    func highsAndLowsContainTheBodyAndVolumeIsPositive(timeframe: Timeframe, seed: UInt64) {
        let series = Self.candles(seed: seed, timeframe: timeframe)
        let firstBroken = series.indices.first { index in
            let candle = series[index]
            return !(candle.high >= max(candle.open, candle.close) && candle.low <= min(candle.open, candle.close)
                && candle.low > 0 && candle.volume > 0 && candle.volume.isFinite)
        }
        #expect(firstBroken == nil, "candle \(firstBroken ?? 0): \(series[firstBroken ?? 0])")
    }

    /// The documented "no gaps between candles": each candle opens at the previous close.
    @Test(arguments: [Timeframe.fiveMinutes, .oneHour, .oneDay])
    func eachCandleOpensAtThePreviousClose(timeframe: Timeframe) {
        let series = Self.candles(seed: 1, timeframe: timeframe)
        #expect(series.indices.dropFirst().allSatisfy { series.opens[$0] == series.closes[$0 - 1] })
    }

    @Test func pricesStartLikeBitcoinIn2020To2024() {
        for seed in UInt64(1)...20 {
            let first = Self.candles(seed: seed, timeframe: .oneHour).opens[0]
            #expect((20_000...60_000).contains(first), "seed \(seed): \(first)")
        }
    }

    /// The GARCH long-run volatility is 60 % a year; jumps are scaled so that they do not
    /// raise it (they once made it 75 %). Annualized from the candles' own log returns.
    @Test(arguments: [Timeframe.fiveMinutes, .fifteenMinutes, .oneHour])
    func candleVolatilityMatchesTheDocumentedSixtyPercent(timeframe: Timeframe) {
        for seed in UInt64(1)...3 {
            let series = SyntheticMarket(seed: seed).candles(
                symbol: "BTCUSDT", timeframe: timeframe, from: SyntheticMarket.origin,
                to: UTCTime.milliseconds(year: 2021, month: 1, day: 1))
            let returns = ReturnStatistics.logReturns(series.closes)
            let perYear = 365 * 86_400 / Double(timeframe.seconds)
            let volatility = ReturnStatistics.standardDeviation(returns) * perYear.squareRoot()
            #expect(abs(volatility - 0.6) < 0.06, "seed \(seed) \(timeframe.rawValue): \(volatility)")
        }
    }

    @Test func volumeRisesWithTheSizeOfTheMove() {
        let series = Self.candles(seed: 1, timeframe: .oneHour)
        // max(c / o, o / c) orders candles like |ln(c / o)|.
        let moves = series.indices.map { max(series.closes[$0] / series.opens[$0], series.opens[$0] / series.closes[$0]) }
        let median = moves.sorted()[moves.count / 2]
        let big = series.indices.filter { moves[$0] > median }.map { series.volumes[$0] }
        let small = series.indices.filter { moves[$0] <= median }.map { series.volumes[$0] }
        #expect(ReturnStatistics.mean(big) > 1.5 * ReturnStatistics.mean(small))
    }
}
