import Testing
@testable import WalkForward

@Suite struct AggregatesTests {
    static func figures(_ trainingDays: Double, _ inSampleROI: Double, _ testingDays: Double, _ outOfSampleROI: Double,
                        winRates: (Double?, Double?) = (nil, nil)) -> WindowFigures {
        WindowFigures(trainingDays: trainingDays, testingDays: testingDays, inSampleROI: inSampleROI,
                      outOfSampleROI: outOfSampleROI, inSampleWinRate: winRates.0, outOfSampleWinRate: winRates.1)
    }

    /// Anchored-like windows of different training lengths:
    /// window 1 IS 9 %/90 d = 0.1 %/d, OOS 1.5 %/30 d = 0.05 %/d; window 2 IS 6 %/120 d = 0.05 %/d, OOS 0.6 %/30 d = 0.02 %/d.
    static let unequal = [
        figures(90, 9, 30, 1.5, winRates: (60, 55)),
        figures(120, 6, 30, 0.6, winRates: (40, nil)),
    ]

    @Test func averagesAreMeansOverCompletedWindows() throws {
        let aggregates = try #require(Aggregates(windows: Self.unequal, thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.completedWindows == 2)
        #expect(abs(aggregates.avgInSampleROI - 7.5) < 1e-12)
        #expect(abs(aggregates.avgOutOfSampleROI - 1.05) < 1e-12)
        #expect(aggregates.avgInSampleWinRate == 50)
        // The window without OOS trades has no win rate and is left out of the mean.
        #expect(aggregates.avgOutOfSampleWinRate == 55)
    }

    /// Rates 0.075 vs 0.035 %/day: 53.33 % degradation (raw ROIs would say 86 %), WFE 46.67 %.
    @Test func degradationAndEfficiencyCompareAverageRatesNotRawROIs() throws {
        let aggregates = try #require(Aggregates(windows: Self.unequal, thresholds: RobustnessThresholds.fiveChecks))
        let degradation = try #require(aggregates.performanceDegradation)
        let efficiency = try #require(aggregates.walkForwardEfficiency)
        #expect(abs(degradation - 160.0 / 3) < 1e-9)
        #expect(abs(efficiency - 140.0 / 3) < 1e-9)
        #expect(abs(degradation + efficiency - 100) < 1e-9)
    }

    @Test func zeroAverageInSampleRateLeavesDegradationAndEfficiencyUndefined() throws {
        let aggregates = try #require(Aggregates(windows: [Self.figures(90, 9, 30, 1), Self.figures(90, -9, 30, 1)],
                                                 thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.performanceDegradation == nil)
        #expect(aggregates.walkForwardEfficiency == nil)
        #expect(aggregates.verdict == .notRobust)
    }

    @Test func aLosingAverageInSampleLeavesDegradationAndEfficiencyUndefinedAndTheCheckFails() throws {
        // IS −0.1 %/d, OOS +0.1 %/d: no degradation and no WFE (only for a profitable in-sample).
        let aggregates = try #require(Aggregates(windows: [Self.figures(90, -9, 30, 3)], thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.performanceDegradation == nil)
        #expect(aggregates.walkForwardEfficiency == nil)
        // Two losses are neither an efficiency nor an improvement: IS −0.1 %/d, OOS −0.05 %/d read
        // WFE 50 % and degradation −50 %, which passed the degradation check.
        let losses = try #require(Aggregates(windows: [Self.figures(90, -9, 30, -1.5)], thresholds: RobustnessThresholds.fiveChecks))
        #expect(losses.walkForwardEfficiency == nil && losses.performanceDegradation == nil)
        #expect(losses.robustnessNotes[1] == "❌ Performance degradation n/a — in-sample not profitable (must be <= 50.00 %)")
    }

    @Test func profitableWindowsCountStrictlyPositiveOutOfSampleROIs() throws {
        let windows = [Self.figures(90, 5, 30, 2), Self.figures(90, 5, 30, 0), Self.figures(90, 5, 30, -1), Self.figures(90, 5, 30, 0.01)]
        let aggregates = try #require(Aggregates(windows: windows, thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.profitableWindowsPct == 50)
        let three = try #require(Aggregates(windows: Array(windows.prefix(3)), thresholds: RobustnessThresholds.fiveChecks))
        #expect(abs(three.profitableWindowsPct - 100.0 / 3) < 1e-9)
    }

    @Test func consistencyComesFromTheOutOfSampleROIs() throws {
        let aggregates = try #require(Aggregates(windows: Self.unequal, thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.consistencyScore == Aggregates.consistency(outOfSampleROIs: [1.5, 0.6]))
        #expect(aggregates.consistencyScore == 80) // mean 1.05, σ 0.45: cv 0.43
    }

    @Test func noCompletedWindowGivesNoAggregates() {
        #expect(Aggregates(windows: [], thresholds: RobustnessThresholds.fiveChecks) == nil)
    }

    /// SPEC seed example: OOS 4.2, 3.9, 4.5, 3.8, 4.3 % over 30 days after IS 10 % over 90 days.
    @Test func specSeedExampleIsRobustWithItsFiguresInTheNotes() throws {
        let windows = [4.2, 3.9, 4.5, 3.8, 4.3].map { Self.figures(90, 10, 30, $0) }
        let aggregates = try #require(Aggregates(windows: windows, thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.consistencyScore == 95)
        #expect(abs(aggregates.avgOutOfSampleROI - 4.14) < 1e-9)
        // IS 0.1111 %/d, OOS 0.138 %/d: −24.2 %.
        #expect(abs(aggregates.performanceDegradation! - -24.2) < 1e-9)
        #expect(aggregates.verdict == .robust)
        #expect(aggregates.isRobust)
        let notes = aggregates.robustnessNotes
        try #require(notes.count == 6)
        #expect(notes[0].hasPrefix("✅") && notes[0].contains("4.14"))
        #expect(notes[1].hasPrefix("✅") && notes[1].contains("-24.20"))
        #expect(notes[2].hasPrefix("✅") && notes[2].contains("95"))
        #expect(notes[3].hasPrefix("✅") && notes[3].contains("100"))
        #expect(notes[4].hasPrefix("✅") && notes[4].contains("10.00"))
        #expect(notes[5] == "Verdict: ROBUST")
    }

    @Test func thresholdsComeFromTheStudy() throws {
        let windows = [4.2, 3.9, 4.5, 3.8, 4.3].map { Self.figures(90, 10, 30, $0) }
        let strict = RobustnessThresholds(maxDegradationPct: -30, minConsistency: 96, minProfitableWindowsPct: 50)
        let aggregates = try #require(Aggregates(windows: windows, thresholds: strict))
        #expect(aggregates.verdict == .notRobust)
        #expect(!aggregates.isRobust)
    }
}
