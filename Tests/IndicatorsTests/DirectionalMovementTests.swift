import Indicators
import Testing

struct DirectionalMovementTests {
    // +DM: [_, 2, 0, 2, 0]; -DM: [_, 0, 2, 0, 0]; TR: [_, 3, 4, 5, 1].
    let highs: [Double] = [10, 12, 11, 13, 12]
    let lows: [Double] = [8, 9, 7, 10, 11]
    let closes: [Double] = [9, 11, 8, 12, 11.5]

    @Test func seedsWilderSumsThenSmoothsLikeTALib() {
        // Period 2. Sums over index 1: +DM 2, -DM 0, TR 3.
        // Index 2: S(+DM) = 2 - 1 + 0 = 1, S(-DM) = 0 + 2 = 2, S(TR) = 3 - 1.5 + 4 = 5.5; DX = 100/3.
        // Index 3: 2.5, 1, 7.75; DX = 300/7; ADX = (100/3 + 300/7) / 2 = 800/21.
        // Index 4: 1.25, 0.5, 4.875; DX = 300/7; ADX = (800/21 + 300/7) / 2 = 850/21.
        let movement = Indicator.directionalMovement(highs: highs, lows: lows, closes: closes, period: 2)
        expectSeries(movement.plusDI, [.nan, .nan, 100 / 5.5, 250 / 7.75, 125 / 4.875])
        expectSeries(movement.minusDI, [.nan, .nan, 200 / 5.5, 100 / 7.75, 50 / 4.875])
        expectSeries(movement.adx, [.nan, .nan, .nan, 800.0 / 21, 850.0 / 21])
    }

    @Test func flatMarketHasZeroIndicators() {
        let flat = [Double](repeating: 10, count: 6)
        let movement = Indicator.directionalMovement(highs: flat, lows: flat, closes: flat, period: 2)
        expectSeries(movement.plusDI, [.nan, .nan, 0, 0, 0, 0])
        expectSeries(movement.minusDI, [.nan, .nan, 0, 0, 0, 0])
        expectSeries(movement.adx, [.nan, .nan, .nan, 0, 0, 0])
    }

    @Test func indicatorsStartAtPeriodAndAdxAtTwicePeriodMinusOne() {
        let candles = RandomCandles(count: 60, seed: 5)
        let movement = Indicator.directionalMovement(highs: candles.highs, lows: candles.lows, closes: candles.closes, period: 14)
        #expect(movement.plusDI.firstIndex { !$0.isNaN } == 14)
        #expect(movement.minusDI.firstIndex { !$0.isNaN } == 14)
        #expect(movement.adx.firstIndex { !$0.isNaN } == 27)
        #expect(movement.adx[27...].allSatisfy { (0...100).contains($0) })
    }

    @Test func shortSeriesGiveNaNWhereTheIndexIsNotReached() {
        let twoCandles = Indicator.directionalMovement(highs: [2, 3], lows: [1, 2], closes: [1.5, 2.5], period: 2)
        #expect(twoCandles.plusDI.allSatisfy { $0.isNaN } && twoCandles.adx.allSatisfy { $0.isNaN })
        let threeCandles = Indicator.directionalMovement(highs: Array(highs[..<3]), lows: Array(lows[..<3]),
                                                         closes: Array(closes[..<3]), period: 2)
        #expect(!threeCandles.plusDI[2].isNaN && threeCandles.adx.allSatisfy { $0.isNaN })
        #expect(Indicator.directionalMovement(highs: [], lows: [], closes: [], period: 14).adx.isEmpty)
    }
}
