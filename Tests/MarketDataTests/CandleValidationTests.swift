import MarketData
import Testing

struct CandleValidationTests {
    /// What `validate()` should report for a broken candle at index 2.
    enum Expected: Sendable {
        case invalid(reasonContaining: String)
        case notIncreasing
        case offGrid
    }

    /// One broken candle in five sound ones.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let timeframe: Timeframe
        let change: @Sendable (inout CandleSeries) -> Void
        let expected: Expected

        init(_ name: String, timeframe: Timeframe = .fiveMinutes, expected: Expected,
             change: @escaping @Sendable (inout CandleSeries) -> Void) {
            testDescription = name
            self.timeframe = timeframe
            self.change = change
            self.expected = expected
        }
    }

    static let breakages: [Breakage] = [
        Breakage("NaN price", expected: .invalid(reasonContaining: "not a finite number")) { $0.closes[2] = .nan },
        Breakage("infinite price", expected: .invalid(reasonContaining: "not a finite number")) { $0.highs[2] = .infinity },
        Breakage("zero price", expected: .invalid(reasonContaining: "above zero")) { $0.lows[2] = 0 },
        Breakage("negative price", expected: .invalid(reasonContaining: "above zero")) { $0.opens[2] = -1; $0.lows[2] = -2 },
        Breakage("low above high", expected: .invalid(reasonContaining: "above high")) { $0.lows[2] = 120 },
        Breakage("low above open", expected: .invalid(reasonContaining: "above the open or close")) { $0.lows[2] = 101 },
        Breakage("low above close", expected: .invalid(reasonContaining: "above the open or close")) {
            $0.closes[2] = 95
            $0.lows[2] = 96
        },
        Breakage("high below open", expected: .invalid(reasonContaining: "below the open or close")) { $0.opens[2] = 111 },
        Breakage("high below close", expected: .invalid(reasonContaining: "below the open or close")) { $0.closes[2] = 112 },
        Breakage("negative volume", expected: .invalid(reasonContaining: "volume")) { $0.volumes[2] = -1 },
        Breakage("NaN volume", expected: .invalid(reasonContaining: "volume")) { $0.volumes[2] = .nan },
        Breakage("infinite volume", expected: .invalid(reasonContaining: "volume")) { $0.volumes[2] = .infinity },
        Breakage("duplicate open time", expected: .notIncreasing) { $0.openTimes[2] = $0.openTimes[1] },
        Breakage("out-of-order open time", expected: .notIncreasing) { $0.openTimes[2] = $0.openTimes[0] },
        Breakage("5m candle at :13", expected: .offGrid) { $0.openTimes[2] += 3 * 60_000 },
        Breakage("5m candle one millisecond late", expected: .offGrid) { $0.openTimes[2] += 1 },
        Breakage("1h candle at :30", timeframe: .oneHour, expected: .offGrid) { $0.openTimes[2] += 30 * 60_000 },
        Breakage("1d candle at noon", timeframe: .oneDay, expected: .offGrid) { $0.openTimes[2] += 12 * 3_600_000 },
    ]

    @Test(arguments: breakages)
    func validateReportsTheFirstBrokenCandleWithItsIndex(_ breakage: Breakage) {
        var series = Fixture.series(count: 5, timeframe: breakage.timeframe)
        breakage.change(&series)
        let openTime = series.openTimes[2]
        let error = #expect(throws: MarketDataError.self) { try series.validate() }
        switch (breakage.expected, error) {
        case let (.invalid(fragment), .invalidCandle(symbol, index, time, reason)?):
            #expect(symbol == "BTCUSDT" && index == 2 && time == openTime)
            #expect(reason.contains(fragment), "\(reason)")
        case (.notIncreasing, _):
            #expect(error == .notIncreasing(symbol: "BTCUSDT", index: 2, openTime: openTime,
                                            previousOpenTime: series.openTimes[1]))
        case (.offGrid, _):
            #expect(error == .offGrid(symbol: "BTCUSDT", index: 2, openTime: openTime, timeframe: breakage.timeframe))
        default:
            Issue.record("expected \(breakage.expected), got \(String(describing: error))")
        }
    }

    @Test(arguments: Timeframe.allCases)
    func aSoundSeriesPasses(timeframe: Timeframe) throws {
        try Fixture.series(count: 50, timeframe: timeframe).validate()
    }

    @Test func anEmptySeriesPasses() throws {
        try CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour).validate()
    }

    @Test func flatCandlesWithZeroVolumeAreSound() throws {
        let flat = Fixture.candle(at: Fixture.start, open: 100, high: 100, low: 100, close: 100, volume: 0)
        #expect(flat.problem == nil)
        try CandleSeries(symbol: "BTCUSDT", timeframe: .fiveMinutes, candles: [flat]).validate()
    }

    /// Binance's weekly candles open on Mondays, which are not multiples of 7 days from
    /// 1970-01-01 (a Thursday); 3-day candles are exempt from the grid as well.
    @Test func weeklyCandlesOpeningOnMondaysAreOnTheGrid() throws {
        let weekly = Fixture.series(count: 10, timeframe: .oneWeek)
        #expect(Fixture.start % Timeframe.oneWeek.milliseconds != 0)
        try weekly.validate()
        try Fixture.series(steps: [0, 1, 2], timeframe: .threeDays).validate()
    }

    @Test func theFirstOfSeveralProblemsIsReported() {
        var series = Fixture.series(count: 5)
        series.volumes[3] = -1
        series.lows[1] = 0
        #expect(throws: MarketDataError.invalidCandle(
            symbol: "BTCUSDT", index: 1, openTime: series.openTimes[1],
            reason: "prices must be above zero (open 100.0, high 110.0, low 0.0, close 105.0)")) {
            try series.validate()
        }
    }
}
