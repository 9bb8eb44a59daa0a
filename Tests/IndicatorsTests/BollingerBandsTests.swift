import Indicators
import Testing

struct BollingerBandsTests {
    @Test func bandsArePopulationDeviationsAroundTheSma() {
        // Windows (1,2,3), (2,3,4), (3,4,5): population variance 2/3.
        let width = 2 * (2.0 / 3).squareRoot()
        let bands = Indicator.bollinger([1, 2, 3, 4, 5], period: 3, deviations: 2)
        expectSeries(bands.middle, [.nan, .nan, 2, 3, 4])
        expectSeries(bands.upper, [.nan, .nan, 2 + width, 3 + width, 4 + width])
        expectSeries(bands.lower, [.nan, .nan, 2 - width, 3 - width, 4 - width])
    }

    @Test func flatWindowCollapsesTheBands() {
        let bands = Indicator.bollinger([5, 5, 5, 5], period: 3, deviations: 2)
        expectSeries(bands.upper, [.nan, .nan, 5, 5])
        expectSeries(bands.lower, [.nan, .nan, 5, 5])
    }

    @Test func smallDeviationsAtHighPricesKeepTheirPrecision() {
        // Naive mean(x²) - mean(x)² loses about 7 digits at this price level.
        let bands = Indicator.bollinger([40_000.01, 40_000.02, 40_000.03], period: 3, deviations: 1)
        let exact = (0.0002 / 3).squareRoot()
        #expect(isClose(bands.upper[2] - bands.middle[2], exact, relative: 1e-6, absolute: 0))
    }

    @Test func standardDeviationDoesNotDriftOverLongSeries() {
        let closes = RandomCandles(count: 200_000, seed: 11).closes
        let period = 20
        let bands = Indicator.bollinger(closes, period: period, deviations: 1)
        for index in stride(from: period - 1, to: closes.count, by: 1009) {
            let window = closes[(index - period + 1)...index]
            let mean = window.reduce(0, +) / Double(period)
            let variance = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(period)
            #expect(isClose(bands.middle[index], mean, relative: 1e-13, absolute: 0))
            #expect(isClose(bands.upper[index] - bands.middle[index], variance.squareRoot(), relative: 1e-6, absolute: 0),
                    "index \(index)")
        }
    }

    @Test func shortOrEmptySeriesGiveNaNOrNothing() {
        let bands = Indicator.bollinger([1, 2], period: 3, deviations: 2)
        #expect(bands.middle.count == 2 && bands.middle.allSatisfy { $0.isNaN })
        #expect(bands.upper.allSatisfy { $0.isNaN } && bands.lower.allSatisfy { $0.isNaN })
        #expect(Indicator.bollinger([], period: 20, deviations: 2).middle.isEmpty)
        expectSeries(Indicator.bollinger([1, 2], period: 1, deviations: 2).upper, [1, 2])
    }
}
