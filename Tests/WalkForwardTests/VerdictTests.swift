import Testing
@testable import WalkForward

extension RobustnessThresholds {
    /// The SPEC's five checks only: the overfitting checks off.
    static let fiveChecks = RobustnessThresholds(maxPBO: nil, minMedianDSR: nil, maxSPAPValue: nil)
}

@Suite struct VerdictTests {
    /// Figures that pass every check with the default thresholds (50 / 40 / 50).
    struct Figures: Sendable, CustomTestStringConvertible {
        var oos = 2.0, degradation: Double? = 20, consistency = 80.0, profitable = 80.0, inSample = 5.0
        var testDescription: String {
            "OOS \(oos), degradation \(degradation.map { "\($0)" } ?? "nil"), consistency \(consistency), profitable \(profitable), IS \(inSample)"
        }

        func assess() -> (Verdict, [String]) {
            Verdict.assess(avgOutOfSampleROI: oos, degradation: degradation, consistency: consistency,
                           profitableWindowsPct: profitable, avgInSampleROI: inSample, thresholds: RobustnessThresholds.fiveChecks)
        }
    }

    static func figures(_ change: (inout Figures) -> Void) -> Figures {
        var figures = Figures()
        change(&figures)
        return figures
    }

    @Test func allChecksPassingIsRobust() {
        let (verdict, notes) = Figures().assess()
        #expect(verdict == .robust)
        #expect(notes.count == 6)
        #expect(notes.prefix(5).allSatisfy { $0.hasPrefix("✅") })
        #expect(notes.last == "Verdict: ROBUST")
    }

    /// Thresholds are inclusive: exactly 50 % degradation, 40 consistency, 50 % profitable pass.
    @Test func checksPassAtTheirThresholds() {
        let figures = Self.figures { $0.degradation = 50; $0.consistency = 40; $0.profitable = 50 }
        #expect(figures.assess().0 == .robust)
    }

    @Test(arguments: [
        (figures { $0.degradation = 50.01 }, 1),
        (figures { $0.degradation = nil }, 1),
        (figures { $0.consistency = 35 }, 2),
        (figures { $0.profitable = 49.9 }, 3),
    ])
    func exactlyOneFailingMiddleCheckIsMarginal(figures: Figures, failingLine: Int) {
        let (verdict, notes) = figures.assess()
        #expect(verdict == .marginal)
        for line in 0..<5 {
            #expect(notes[line].hasPrefix(line == failingLine ? "⚠️" : "✅"), "line \(line): \(notes[line])")
        }
        #expect(notes[5] == "Verdict: MARGINAL")
    }

    @Test(arguments: [
        figures { $0.degradation = 80; $0.consistency = 20 },
        figures { $0.consistency = 20; $0.profitable = 40 },
        figures { $0.degradation = 80; $0.profitable = 40 },
        figures { $0.degradation = 80; $0.consistency = 20; $0.profitable = 40 },
    ])
    func twoFailingMiddleChecksAreNotRobust(figures: Figures) {
        let (verdict, notes) = figures.assess()
        #expect(verdict == .notRobust)
        #expect(notes[5] == "Verdict: NOT ROBUST")
        #expect(notes[1...3].filter { $0.hasPrefix("❌") }.count >= 2)
        #expect(!notes.contains { $0.hasPrefix("⚠️") })
    }

    @Test(arguments: [
        figures { $0.oos = 0 },
        figures { $0.oos = -1.5 },
        figures { $0.inSample = 0 },
        figures { $0.inSample = -3 },
        figures { $0.oos = -1; $0.consistency = 0 },
    ])
    func nonPositiveAverageROIIsNotRobust(figures: Figures) {
        let (verdict, notes) = figures.assess()
        #expect(verdict == .notRobust)
        #expect(notes[0].hasPrefix(figures.oos > 0 ? "✅" : "❌"))
        #expect(notes[4].hasPrefix(figures.inSample > 0 ? "✅" : "❌"))
        #expect(notes[5] == "Verdict: NOT ROBUST")
    }

    @Test func notesCarryTheFiguresAndThresholds() {
        let figures = Self.figures { $0.oos = 1.234; $0.degradation = 62.5; $0.consistency = 65; $0.profitable = 66.6667; $0.inSample = 7.891 }
        let (verdict, notes) = figures.assess()
        #expect(verdict == .marginal)
        #expect(notes[0].contains("1.23"))
        #expect(notes[1].contains("62.50") && notes[1].contains("50"))
        #expect(notes[2].contains("65") && notes[2].contains("40"))
        #expect(notes[3].contains("66.67") && notes[3].contains("50"))
        #expect(notes[4].contains("7.89"))
        #expect(notes[5] == "Verdict: MARGINAL")
    }

    @Test func isRobustOnlyForRobust() throws {
        let windows = [WindowFigures(trainingDays: 90, testingDays: 30, inSampleROI: 9, outOfSampleROI: 0.5,
                                     inSampleWinRate: nil, outOfSampleWinRate: nil),
                       WindowFigures(trainingDays: 90, testingDays: 30, inSampleROI: 9, outOfSampleROI: 0.6,
                                     inSampleWinRate: nil, outOfSampleWinRate: nil)]
        // Rates 0.1 vs 0.0183 %/day: 81.7 % degradation, the only failing check.
        let aggregates = try #require(Aggregates(windows: windows, thresholds: RobustnessThresholds.fiveChecks))
        #expect(aggregates.verdict == .marginal)
        #expect(!aggregates.isRobust)
        #expect(aggregates.robustnessNotes[1].hasPrefix("⚠️"))
    }

    // The overfitting checks (issues 10 and 22): middle checks, on by default.

    static func assessWithOverfitting(pbo: Double?, dsr: Double?, spa: Double? = 0.01,
                                      thresholds: RobustnessThresholds = RobustnessThresholds()) -> (Verdict, [String]) {
        Verdict.assess(avgOutOfSampleROI: 2, degradation: 20, consistency: 80, profitableWindowsPct: 80, avgInSampleROI: 5,
                       pbo: pbo, medianDSR: dsr, spaPValue: spa, thresholds: thresholds)
    }

    @Test func overfittingChecksPassAtTheirThresholds() {
        let (verdict, notes) = Self.assessWithOverfitting(pbo: 0.5, dsr: 0.9, spa: 0.05)
        #expect(verdict == .robust)
        #expect(notes.count == 9)
        #expect(notes[5] == "✅ Probability of backtest overfitting 0.50 (must be <= 0.50)")
        #expect(notes[6] == "✅ Median deflated Sharpe ratio 0.90 (must be >= 0.90)")
        #expect(notes[7] == "✅ SPA p-value 0.05 (must be <= 0.05)")
    }

    /// The data-snooping check (issue 22): one more middle check on the pooled consistent SPA p-value.
    @Test func theSPACheckIsAMiddleCheck() {
        let (marginal, notes) = Self.assessWithOverfitting(pbo: 0.1, dsr: 0.95, spa: 0.2)
        #expect(marginal == .marginal)
        #expect(notes[7] == "⚠️ SPA p-value 0.20 (must be <= 0.05)")
        #expect(Self.assessWithOverfitting(pbo: 0.8, dsr: 0.95, spa: 0.2).0 == .notRobust, "with PBO failing too")
        let (unknown, unknownNotes) = Self.assessWithOverfitting(pbo: 0.1, dsr: 0.95, spa: nil)
        #expect(unknown == .robust)
        #expect(unknownNotes[7] == "➖ SPA p-value not computed (no window had 2 in-sample days)")
        let off = Self.assessWithOverfitting(pbo: 0.1, dsr: 0.95, spa: 0.9, thresholds: RobustnessThresholds(maxSPAPValue: nil))
        #expect(off.0 == .robust && !off.1.contains { $0.contains("SPA") }, "null turns the check off")
    }

    @Test func oneFailingOverfittingCheckIsMarginalAndTwoAreNotRobust() {
        let (oneFailing, notes) = Self.assessWithOverfitting(pbo: 0.51, dsr: 0.95)
        #expect(oneFailing == .marginal)
        #expect(notes[5] == "⚠️ Probability of backtest overfitting 0.51 (must be <= 0.50)")
        #expect(Self.assessWithOverfitting(pbo: 0.8, dsr: 0.2).0 == .notRobust)
        #expect(Self.assessWithOverfitting(pbo: 0.1, dsr: 0.2).0 == .marginal)
    }

    @Test func overfittingChecksAreConfigurableAndNotedWhenNotComputed() {
        let custom = RobustnessThresholds(maxPBO: 0.3, minMedianDSR: nil, maxSPAPValue: nil)
        let (verdict, notes) = Self.assessWithOverfitting(pbo: 0.4, dsr: 0.1, thresholds: custom)
        #expect(verdict == .marginal)
        #expect(notes.count == 7)
        #expect(notes[5] == "⚠️ Probability of backtest overfitting 0.40 (must be <= 0.30)")
        let (unknown, unknownNotes) = Self.assessWithOverfitting(pbo: nil, dsr: nil)
        #expect(unknown == .robust)
        #expect(unknownNotes[5].hasPrefix("➖ Probability of backtest overfitting not computed"))
        #expect(unknownNotes[6].hasPrefix("➖ Median deflated Sharpe ratio not computed"))
    }
}
