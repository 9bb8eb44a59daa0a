import MarketData
import Testing

struct CandleSeriesTests {
    static let fiveMinutes = Timeframe.fiveMinutes.milliseconds

    @Test func buildingFromCandlesKeepsTheirOrderInEveryColumn() {
        let candles: [Candle] = (0..<4).map { (index: Int) -> Candle in
            let step = Double(index)
            return Candle(openTime: Fixture.start + Int64(index) * Self.fiveMinutes, open: 100 + step,
                          high: 120 + step, low: 80 + step, close: 110 + step, volume: 5 + step)
        }
        let series = CandleSeries(symbol: "ETHUSDT", timeframe: .fiveMinutes, candles: candles)
        #expect(series.symbol == "ETHUSDT")
        #expect(series.timeframe == .fiveMinutes)
        #expect(series.count == 4)
        #expect(!series.isEmpty)
        #expect(series.indices == 0..<4)
        #expect(series.indices.map { series[$0] } == candles)
        #expect(series.opens == [100, 101, 102, 103])
        #expect(series.highs == [120, 121, 122, 123])
        #expect(series.lows == [80, 81, 82, 83])
        #expect(series.closes == [110, 111, 112, 113])
        #expect(series.volumes == [5, 6, 7, 8])
        #expect(series.openTimes == candles.map(\.openTime))
    }

    @Test func anEmptySeriesHasNoCandles() {
        let series = CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour, candles: [Candle]())
        #expect(series.isEmpty)
        #expect(series.count == 0)
        #expect(series.indices.isEmpty)
        #expect(series == CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour))
    }

    @Test func columnsOfDifferentLengthsAreAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            _ = CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour, openTimes: [0, 3_600_000], opens: [1],
                             highs: [1, 1], lows: [1, 1], closes: [1, 1], volumes: [1, 1])
        }
    }

    @Test func sliceByIndexKeepsSymbolTimeframeAndCandles() {
        let series = Fixture.series(count: 6)
        let slice = series.slice(2..<5)
        #expect(slice.symbol == series.symbol)
        #expect(slice.timeframe == series.timeframe)
        #expect(slice.indices.map { slice[$0] } == (2..<5).map { series[$0] })
        #expect(series.slice(3..<3).isEmpty)
        #expect(series.slice(series.indices) == series)
    }

    @Test func sliceByTimeIsHalfOpen() {
        let series = Fixture.series(count: 6)
        let slice = series.slice(fromTime: series.openTimes[1], toTime: series.openTimes[4])
        #expect(slice.openTimes == Array(series.openTimes[1..<4]))
        #expect(series.slice(fromTime: Fixture.start - 1, toTime: Fixture.start + 6 * Self.fiveMinutes) == series)
        #expect(series.slice(fromTime: series.openTimes[5] + 1, toTime: .max).isEmpty)
    }

    /// Candles at T0...T4, five minutes apart.
    @Test(arguments: [
        ("before the first", Fixture.start - 1, 0),
        ("long before the first", Int64.min, 0),
        ("exactly at the first", Fixture.start, 0),
        ("between the first and second", Fixture.start + 1, 1),
        ("exactly at the third", Fixture.start + 2 * fiveMinutes, 2),
        ("just before the last", Fixture.start + 4 * fiveMinutes - 1, 4),
        ("exactly at the last", Fixture.start + 4 * fiveMinutes, 4),
        ("after the last", Fixture.start + 4 * fiveMinutes + 1, 5),
        ("long after the last", Int64.max, 5),
    ])
    func firstIndexOpeningAtOrAfter(_ label: String, time: Int64, expected: Int) {
        #expect(Fixture.series(count: 5).firstIndex(openingAtOrAfter: time) == expected)
    }

    @Test(arguments: [
        ("everything", Fixture.start - 1, Fixture.start + 5 * fiveMinutes, 0..<5),
        ("exact times, end excluded", Fixture.start + fiveMinutes, Fixture.start + 3 * fiveMinutes, 1..<3),
        ("between times", Fixture.start + fiveMinutes + 1, Fixture.start + 3 * fiveMinutes + 1, 2..<4),
        ("empty at one time", Fixture.start + fiveMinutes, Fixture.start + fiveMinutes, 1..<1),
        ("reversed bounds", Fixture.start + 3 * fiveMinutes, Fixture.start + fiveMinutes, 3..<3),
        ("all before the first", Fixture.start - 10, Fixture.start, 0..<0),
        ("all after the last", Fixture.start + 4 * fiveMinutes + 1, .max, 5..<5),
        ("from before to the middle", .min, Fixture.start + 2 * fiveMinutes, 0..<2),
    ])
    func indexRangeSelectsOpenTimesInAHalfOpenInterval(_ label: String, from: Int64, to: Int64, expected: Range<Int>) {
        #expect(Fixture.series(count: 5).indexRange(fromTime: from, toTime: to) == expected)
    }

    @Test func searchesOnAnEmptySeriesFindNothing() {
        let empty = CandleSeries(symbol: "BTCUSDT", timeframe: .fiveMinutes)
        #expect(empty.firstIndex(openingAtOrAfter: Fixture.start) == 0)
        #expect(empty.indexRange(fromTime: .min, toTime: .max) == 0..<0)
        #expect(empty.slice(fromTime: .min, toTime: .max).isEmpty)
    }

    @Test func binarySearchAgreesWithALinearScanOnAnIrregularSeries() {
        var random = SeededGenerator(seed: 3)
        var steps: [Int64] = []
        var step: Int64 = 0
        for _ in 0..<500 {
            step += 1 + Int64(random.nextIndex(below: 4))
            steps.append(step)
        }
        let series = Fixture.series(steps: steps)
        let last = series.openTimes.last!
        for time in stride(from: Fixture.start - Self.fiveMinutes, through: last + Self.fiveMinutes, by: 60_000) {
            let linear = series.openTimes.firstIndex { $0 >= time } ?? series.count
            #expect(series.firstIndex(openingAtOrAfter: time) == linear, "time \(time)")
        }
    }
}
