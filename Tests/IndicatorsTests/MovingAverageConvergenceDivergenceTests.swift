import Indicators
import Testing

struct MovingAverageConvergenceDivergenceTests {
    @Test func seedsBothAveragesAtTheSlowPeriodLikeTALib() {
        // fast 2, slow 3, signal 2. At index 2: slow = mean(1, 2, 3) = 2, fast = mean(2, 3) = 2.5
        // (the last two closes, not the first two), line 0.5. Index 3: fast 3.5, slow 3, line 0.5;
        // signal seed = mean(0.5, 0.5). Index 4: fast 31/6, slow 4.5, line 2/3, signal 11/18.
        // Index 5: fast 91/18, slow 19/4, line 11/36, signal 11/27.
        let macd = Indicator.macd([1, 2, 3, 4, 6, 5], fast: 2, slow: 3, signal: 2)
        expectSeries(macd.line, [.nan, .nan, .nan, 0.5, 2.0 / 3, 11.0 / 36])
        expectSeries(macd.signal, [.nan, .nan, .nan, 0.5, 11.0 / 18, 11.0 / 27])
        expectSeries(macd.histogram, [.nan, .nan, .nan, 0, 1.0 / 18, -11.0 / 108])
    }

    @Test func allSeriesStartAtSlowPlusSignalMinusTwo() {
        let closes = RandomCandles(count: 100, seed: 3).closes
        let macd = Indicator.macd(closes, fast: 12, slow: 26, signal: 9)
        for series in [macd.line, macd.signal, macd.histogram] {
            #expect(series.firstIndex { !$0.isNaN } == 33)
            #expect(series[33...].allSatisfy { !$0.isNaN })
        }
    }

    @Test func signalSmoothsTheLineAndHistogramIsTheirDifference() {
        let closes = RandomCandles(count: 300, seed: 4).closes
        let macd = Indicator.macd(closes, fast: 12, slow: 26, signal: 9)
        let alpha = 2.0 / 10
        for index in 34..<closes.count {
            let smoothed = macd.signal[index - 1] + alpha * (macd.line[index] - macd.signal[index - 1])
            #expect(isClose(macd.signal[index], smoothed, relative: 1e-12), "index \(index)")
        }
        expectSeries(macd.histogram, zip(macd.line, macd.signal).map { $0 - $1 })
    }

    @Test func equalFastAndSlowGiveAZeroLine() {
        let macd = Indicator.macd([1, 3, 2, 5, 4], fast: 2, slow: 2, signal: 1)
        expectSeries(macd.line, [.nan, 0, 0, 0, 0])
    }

    @Test func seriesTooShortForTheSignalIsAllNaN() {
        let macd = Indicator.macd([1, 2, 3], fast: 2, slow: 3, signal: 2)
        #expect(macd.line.count == 3 && macd.line.allSatisfy { $0.isNaN })
        #expect(macd.signal.allSatisfy { $0.isNaN } && macd.histogram.allSatisfy { $0.isNaN })
        let empty = Indicator.macd([], fast: 12, slow: 26, signal: 9)
        #expect(empty.line.isEmpty && empty.signal.isEmpty && empty.histogram.isEmpty)
    }
}
