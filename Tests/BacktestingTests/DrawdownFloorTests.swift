@testable import Backtesting
import MarketData
import Testing

/// The accumulator only divides when equity falls below its drawdown floor; the maximum
/// drawdown must still be, bit for bit, the one a division on every candle gives.
@Suite struct DrawdownFloorTests {
    /// `max over candles of (1 − equity / running peak) × 100`, dividing on every candle.
    func naiveMaxDrawdown(initial: Double, _ equities: [Double]) -> Double {
        var peak = initial
        var deepest = 0.0
        for equity in equities {
            if equity > peak {
                peak = equity
            } else {
                deepest = max(deepest, peak > 0 ? (1 - equity / peak) * 100 : 100)
            }
        }
        return deepest
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomWalksGiveTheSameMaximumAsDividingOnEveryCandle(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var equity = 10_000.0
        var equities: [Double] = []
        for step in 0..<20_000 {
            // Long flat stretches (equal equity), tiny moves near the floor, and a few large falls.
            switch step % 7 {
            case 0, 1: break
            case 2: equity *= 1 + Double.random(in: -1e-13...1e-13, using: &generator)
            default: equity *= 1 + Double.random(in: -0.004...0.0041, using: &generator)
            }
            equities.append(equity)
        }
        var accumulator = PerformanceAccumulator(initialEquity: 10_000)
        for value in equities { accumulator.mark(equity: value, exposed: false, dayEnds: false) }
        #expect(accumulator.maxDrawdown == naiveMaxDrawdown(initial: 10_000, equities))
        #expect(accumulator.maxDrawdown > 0)
    }

    @Test func equityAtZeroOrBelowIsA100PercentDrawdownOnceThePeakIsNotPositive() {
        var accumulator = PerformanceAccumulator(initialEquity: 0)
        for value in [-5.0, -1, -3] { accumulator.mark(equity: value, exposed: true, dayEnds: false) }
        #expect(accumulator.maxDrawdown == naiveMaxDrawdown(initial: 0, [-5, -1, -3]))
        #expect(accumulator.maxDrawdown == 100)
    }

    @Test func aFallToExactlyTheFloorOfTheDeepestDrawdownSoFarChangesNothing() {
        var accumulator = PerformanceAccumulator(initialEquity: 100)
        for value in [80.0, 100, 80, 90] { accumulator.mark(equity: value, exposed: false, dayEnds: false) }
        #expect(accumulator.maxDrawdown == naiveMaxDrawdown(initial: 100, [80, 100, 80, 90]))
        #expect(abs(accumulator.maxDrawdown - 20) < 1e-12)
    }
}
