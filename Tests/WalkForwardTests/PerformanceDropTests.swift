import Testing
@testable import WalkForward

@Suite struct PerformanceDropTests {
    /// IS 9 % over 90 days (0.1 %/day) vs OOS 2 % over 30 days (0.0667 %/day): a third lower.
    @Test func dropComparesReturnPerDayNotRawROI() throws {
        let drop = try #require(WindowEvaluator.performanceDrop(inSampleROI: 9, inSampleDays: 90, outOfSampleROI: 2, outOfSampleDays: 30))
        #expect(abs(drop - 100.0 / 3) < 1e-9)
    }

    @Test func equalLengthsGiveTheOriginalFormula() throws {
        let drop = try #require(WindowEvaluator.performanceDrop(inSampleROI: 8, inSampleDays: 30, outOfSampleROI: 6, outOfSampleDays: 30))
        #expect(abs(drop - 25) < 1e-9)
    }

    @Test func outOfSampleBetterThanInSampleGivesANegativeDrop() throws {
        let drop = try #require(WindowEvaluator.performanceDrop(inSampleROI: 3, inSampleDays: 90, outOfSampleROI: 2, outOfSampleDays: 30))
        // rates 0.0333 and 0.0667: OOS is twice as good.
        #expect(abs(drop - -100) < 1e-9)
    }

    @Test func zeroInSampleRateGivesNil() {
        #expect(WindowEvaluator.performanceDrop(inSampleROI: 0, inSampleDays: 90, outOfSampleROI: 2, outOfSampleDays: 30) == nil)
        #expect(WindowEvaluator.performanceDrop(inSampleROI: 0, inSampleDays: 90, outOfSampleROI: 0, outOfSampleDays: 30) == nil)
    }

    /// IS −9 % over 90 days (−0.1 %/day), OOS 2 % over 30 days: (−0.1 − 0.0667) / |−0.1| = −166.67 %.
    @Test func negativeInSampleRateDividesByItsMagnitude() throws {
        let drop = try #require(WindowEvaluator.performanceDrop(inSampleROI: -9, inSampleDays: 90, outOfSampleROI: 2, outOfSampleDays: 30))
        #expect(abs(drop - -500.0 / 3) < 1e-9)
        let worse = try #require(WindowEvaluator.performanceDrop(inSampleROI: -9, inSampleDays: 90, outOfSampleROI: -6, outOfSampleDays: 30))
        // OOS −0.2 %/day is worse than IS −0.1 %/day: a positive drop of 100 %.
        #expect(abs(worse - 100) < 1e-9)
    }
}
