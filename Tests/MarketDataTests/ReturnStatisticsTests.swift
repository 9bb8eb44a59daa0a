import MarketData
import Testing

/// The measuring tools of the realism tests, checked on series whose answer is known.
struct ReturnStatisticsTests {
    @Test func logReturnsOfCloses() {
        let returns = ReturnStatistics.logReturns([100, 110, 99])
        #expect(returns.count == 2)
        #expect(abs(returns[0] - 0.09531017980432493) < 1e-15)
        #expect(abs(returns[1] - -0.10536051565782628) < 1e-15)
        #expect(ReturnStatistics.logReturns([100]).isEmpty)
    }

    @Test func autocorrelationOfAnAlternatingSeriesIsMinusOne() {
        let alternating = (0..<1_000).map { $0.isMultiple(of: 2) ? 1.0 : -1.0 }
        #expect(abs(ReturnStatistics.autocorrelation(alternating, lag: 1) - -0.999) < 1e-12)
        #expect(abs(ReturnStatistics.autocorrelation(alternating, lag: 2) - 0.998) < 1e-12)
    }

    @Test func noiseHasNoAutocorrelationAndNoExcessKurtosis() {
        var random = SeededGenerator(seed: 2)
        let noise = (0..<100_000).map { _ in random.nextGaussian() }
        #expect(abs(ReturnStatistics.autocorrelation(noise, lag: 1)) < 0.01)
        #expect(abs(ReturnStatistics.autocorrelation(noise.map(abs), lag: 1)) < 0.01)
        #expect(abs(ReturnStatistics.excessKurtosis(noise)) < 0.05)
    }

    @Test func uniformValuesHaveExcessKurtosisOfMinusSixFifths() {
        var random = SeededGenerator(seed: 4)
        let uniform = (0..<100_000).map { _ in random.nextUnit() }
        #expect(abs(ReturnStatistics.excessKurtosis(uniform) - -1.2) < 0.02)
    }

    @Test func sampleStandardDeviationUsesNMinusOne() {
        #expect(abs(ReturnStatistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) - (32.0 / 7).squareRoot()) < 1e-12)
    }

    @Test func everyNthTakesTheLastValueOfEachBlock() {
        #expect(ReturnStatistics.everyNth([1, 2, 3, 4, 5, 6, 7], 3) == [3, 6])
    }

    @Test func extremeMovesFindTheLargestRiseAndFall() {
        let moves = ReturnStatistics.extremeMoves(dailyCloses: [100, 110, 90, 99, 120], days: 1)
        #expect(abs(moves.up - (120.0 / 99 - 1)) < 1e-12)
        #expect(abs(moves.down - (90.0 / 110 - 1)) < 1e-12)
        let twoDays = ReturnStatistics.extremeMoves(dailyCloses: [100, 110, 90, 99, 120], days: 2)
        #expect(abs(twoDays.up - (120.0 / 90 - 1)) < 1e-12)
        #expect(abs(twoDays.down - -0.1) < 1e-12)
    }
}
