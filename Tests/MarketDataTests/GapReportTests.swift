import MarketData
import Testing

struct GapReportTests {
    static let fiveMinutes = Timeframe.fiveMinutes.milliseconds

    @Test func consecutiveCandlesHaveNoGaps() {
        let report = Fixture.series(count: 20).gaps()
        #expect(report.isEmpty)
        #expect(report.count == 0)
        #expect(report.missingCandles == 0)
        #expect(report.largest == nil)
        #expect(report.timeframe == .fiveMinutes)
        #expect(report.summary() == "no gaps")
    }

    @Test func emptyAndSingleCandleSeriesHaveNoGaps() {
        #expect(CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour).gaps().isEmpty)
        #expect(Fixture.series(count: 1).gaps().isEmpty)
    }

    @Test func oneHoleOfThreeMissingCandles() throws {
        let report = Fixture.series(steps: [0, 1, 5, 6]).gaps()
        #expect(report.count == 1)
        let gap = try #require(report.gaps.first)
        #expect(gap.afterOpenTime == Fixture.start + Self.fiveMinutes)
        #expect(gap.nextOpenTime == Fixture.start + 5 * Self.fiveMinutes)
        #expect(gap.missingCandles == 3)
        #expect(report.missingCandles == 3)
        #expect(report.largest == gap)
        #expect(report.summary() == "1 gap, 3 missing candles, largest 3 after 2024-01-01T00:05:00Z; "
            + "first: 3 after 2024-01-01T00:05:00Z")
    }

    @Test func severalHolesAreCountedAndTheLargestFound() {
        // Holes of 1, 4, 2 and 1 candles.
        let report = Fixture.series(steps: [0, 2, 3, 8, 11, 13, 14]).gaps()
        #expect(report.gaps.map(\.missingCandles) == [1, 4, 2, 1])
        #expect(report.gaps.map(\.afterOpenTime) == [0, 3, 8, 11].map { Fixture.start + $0 * Self.fiveMinutes })
        #expect(report.count == 4)
        #expect(report.missingCandles == 8)
        #expect(report.largest?.missingCandles == 4)
        #expect(report.largest?.afterOpenTime == Fixture.start + 3 * Self.fiveMinutes)
        let summary = report.summary()
        #expect(summary.hasPrefix("4 gaps, 8 missing candles, largest 4 after 2024-01-01T00:15:00Z"), "\(summary)")
        #expect(summary.hasSuffix("; ..."), "\(summary)")
        #expect(report.summary(firstFew: 4).hasSuffix("1 after 2024-01-01T00:55:00Z"))
    }

    @Test func holesInDailyCandlesCountDays() {
        let report = Fixture.series(steps: [0, 1, 9], timeframe: .oneDay).gaps()
        #expect(report.missingCandles == 7)
        #expect(report.summary().contains("largest 7 after 2024-01-02T00:00:00Z"))
    }
}
