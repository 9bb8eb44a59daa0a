import MarketData
import Testing
@testable import WalkForward

/// The series a report draws from full-resolution data: honest price columns, underwater
/// curves and monthly returns.
@Suite struct ReportSeriesTests {
    /// `count` hourly candles from 2024-01-01, closes `100 + i / 10`, lows 1 below and highs 1 above.
    static func candles(_ count: Int) -> CandleSeries {
        let closes = (0..<count).map { 100 + Double($0) / 10 }
        return CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour, openTimes: (0..<count).map { utc(2024, 1, 1) + Int64($0) * hour },
                            opens: closes, highs: closes.map { $0 + 1 }, lows: closes.map { $0 - 1 }, closes: closes,
                            volumes: Array(repeating: 1, count: count))
    }

    @Test func eachColumnHoldsItsSlicesLowestLowHighestHighAndLastClose() {
        var series = Self.candles(1_000)
        series.highs[537] = 900   // one spike
        series.lows[12] = 1       // and one crash
        let columns = ReportSeries.PriceColumns.summarise(series, range: 0..<1_000, columns: 100, windowIndex: 2)
        #expect(columns.times.count == 100)
        #expect(columns.windowIndex == 2)
        for column in 0..<100 {
            let slice = column * 10..<(column + 1) * 10
            #expect(columns.times[column] == series.openTimes[slice.lowerBound])
            #expect(columns.lows[column] == series.lows[slice].min())
            #expect(columns.highs[column] == series.highs[slice].max())
            #expect(columns.closes[column] == series.closes[slice.upperBound - 1])
        }
        #expect(columns.highs.max() == 900, "the spike survives downsampling")
        #expect(columns.lows.min() == 1, "and so does the crash")
    }

    @Test func fewerCandlesThanColumnsAreEachTheirOwnColumn() {
        let series = Self.candles(50)
        let columns = ReportSeries.PriceColumns.summarise(series, range: 10..<30, columns: 600, windowIndex: nil)
        #expect(columns.times == Array(series.openTimes[10..<30]))
        #expect(columns.closes == Array(series.closes[10..<30]))
        #expect(ReportSeries.PriceColumns.summarise(series, range: 5..<5, columns: 600, windowIndex: nil).times.isEmpty)
    }

    @Test func underwaterIsTheDistanceBelowTheRunningPeak() {
        let curve: (times: [Int64], values: [Double]) = ([1, 2, 3, 4, 5], [10_000, 11_000, 9_900, 12_000, 10_800])
        let underwater = ReportSeries.underwater(curve, initial: 10_000)
        #expect(underwater.times == curve.times)
        for (value, expected) in zip(underwater.values, [0, 0, -10, 0, -10.0]) { #expect(abs(value - expected) < 1e-9) }
        // Below the initial capital from the start: the peak is the capital.
        #expect(abs(ReportSeries.underwater(([1], [9_500]), initial: 10_000).values[0] + 5) < 1e-9)
    }

    @Test func aDownsampledUnderwaterCurveKeepsTheDeepestPointAndTheRecoveries() {
        // 50,000 points: a sawtooth falling to -37 % at point 31,337 and back to its peak.
        let count = 50_000
        let values = (0..<count).map { index -> Double in
            index == 31_337 ? 6_300 : 10_000 * (1 - 0.2 * Double(index % 1_000) / 1_000)
        }
        let underwater = ReportSeries.underwater((times: (0..<count).map(Int64.init), values: values), initial: 10_000)
        #expect(underwater.values.count <= ReportSeries.pointLimit)
        #expect(underwater.times == underwater.times.sorted(), "in time order")
        #expect(abs(underwater.values.min()! + 37) < 1e-9, "the deepest point is kept")
        #expect(underwater.times.contains(31_337))
        #expect(underwater.values.filter { $0 == 0 }.count >= 40, "each return to the peak is kept")
    }

    @Test func monthlyReturnsChainFromTheInitialCapitalAndAMidnightCloseBelongsToTheMonthBefore() {
        let curve: (times: [Int64], values: [Double]) = (
            [utc(2024, 1, 15), utc(2024, 2, 1), utc(2024, 2, 20), utc(2024, 3, 31), utc(2024, 4, 1) + hour],
            [10_500, 11_000, 9_900, 10_890, 10_890])
        let months = ReportSeries.months(curve, initial: 10_000)
        #expect(months.map(\.month) == [1, 2, 3, 4])
        // January ends at the close at midnight on February 1st: 11,000 / 10,000.
        for (month, expected) in zip(months, [10.0, -10, 10, 0]) { #expect(abs(month.returnPct - expected) < 1e-9, "\(month)") }
        #expect(ReportSeries.months(([], []), initial: 10_000).isEmpty)
    }
}
