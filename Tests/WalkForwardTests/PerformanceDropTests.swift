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

    /// A drop from a losing in-sample is undefined (issue 18): divided by |IS rate| as the SPEC
    /// had it, IS −0.1 %/day and OOS −0.05 %/day read −50 %, an "improvement" of a loss.
    @Test func aLosingInSampleHasNoDrop() {
        #expect(WindowEvaluator.performanceDrop(inSampleROI: -9, inSampleDays: 90, outOfSampleROI: 2, outOfSampleDays: 30) == nil)
        #expect(WindowEvaluator.performanceDrop(inSampleROI: -9, inSampleDays: 90, outOfSampleROI: -1.5, outOfSampleDays: 30) == nil)
        #expect(WindowEvaluator.performanceDrop(inSampleROI: -9, inSampleDays: 90, outOfSampleROI: -6, outOfSampleDays: 30) == nil)
    }
}
