import Indicators
import Testing

struct VolumeTrendTests {
    @Test func dividesVolumeByTheMeanOfItsWindow() {
        // Means: 2, 5/3, 1, 0, 0, 2.
        expectSeries(Indicator.volumeTrend([1, 2, 3, 0, 0, 0, 0, 6], period: 3),
                     [.nan, .nan, 1.5, 0, 0, .nan, .nan, 3])
    }

    @Test func periodOneIsOneExceptForZeroVolume() {
        expectSeries(Indicator.volumeTrend([2, 0, 5], period: 1), [1, .nan, 1])
    }

    @Test func allZeroWindowIsNaNEvenAfterLongSlidingSums() {
        var volumes = RandomCandles(count: 10_000, seed: 9).volumes.map { $0 + 0.1 }
        volumes += [Double](repeating: 0, count: 25)
        let trend = Indicator.volumeTrend(volumes, period: 20)
        #expect(trend[(volumes.count - 6)...].allSatisfy { $0.isNaN })
    }

    @Test func shortOrEmptySeriesGiveNaNOrNothing() {
        expectSeries(Indicator.volumeTrend([1, 2], period: 3), [.nan, .nan])
        #expect(Indicator.volumeTrend([], period: 20).isEmpty)
    }
}
