import Indicators
import Testing

struct RelativeStrengthIndexTests {
    @Test func seedsWithMeanGainsAndLossesThenSmoothsLikeWilder() {
        // Changes +1, -0.5, +1, -0.5. Seed at 2: gain 0.5, loss 0.25 -> 66.67;
        // then gain (0.5 + 1) / 2 = 0.75, loss 0.25 / 2 = 0.125 -> 85.71;
        // then gain 0.375, loss (0.125 + 0.5) / 2 = 0.3125 -> 54.55.
        let rsi = Indicator.rsi([10, 11, 10.5, 11.5, 11], period: 2)
        expectSeries(rsi, [.nan, .nan, 200.0 / 3, 600.0 / 7, 600.0 / 11])
    }

    @Test func onlyGainsGive100AndOnlyLossesGive0() {
        expectSeries(Indicator.rsi([1, 2, 3, 4, 5], period: 2), [.nan, .nan, 100, 100, 100])
        expectSeries(Indicator.rsi([5, 4, 3, 2, 1], period: 2), [.nan, .nan, 0, 0, 0])
    }

    @Test func flatMarketGives50() {
        expectSeries(Indicator.rsi([7, 7, 7, 7], period: 2), [.nan, .nan, 50, 50])
    }

    @Test func periodOneFollowsTheLastChange() {
        expectSeries(Indicator.rsi([1, 2, 1, 1], period: 1), [.nan, 100, 0, 50])
    }

    @Test func needsPeriodPlusOneCloses() {
        expectSeries(Indicator.rsi([1, 2, 3], period: 3), [.nan, .nan, .nan])
        #expect(Indicator.rsi([1, 2, 3, 4], period: 3)[3] == 100)
        #expect(Indicator.rsi([], period: 14).isEmpty)
    }
}
