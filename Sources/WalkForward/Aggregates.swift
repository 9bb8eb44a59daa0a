import Foundation
import Backtesting

/// What the aggregates need of one completed window.
public struct WindowFigures: Sendable, Hashable {
    public var trainingDays: Double
    public var testingDays: Double
    public var inSampleROI: Double
    public var outOfSampleROI: Double
    public var inSampleWinRate: Double?
    public var outOfSampleWinRate: Double?

    public init(trainingDays: Double, testingDays: Double, inSampleROI: Double, outOfSampleROI: Double,
                inSampleWinRate: Double?, outOfSampleWinRate: Double?) {
        self.trainingDays = trainingDays
        self.testingDays = testingDays
        self.inSampleROI = inSampleROI
        self.outOfSampleROI = outOfSampleROI
        self.inSampleWinRate = inSampleWinRate
        self.outOfSampleWinRate = outOfSampleWinRate
    }
}

/// The lower, consistent and upper SPA p-values of a run, pooled over its windows.
public struct PooledSPA: Sendable, Hashable {
    public var lower: Double
    public var consistent: Double
    public var upper: Double
    /// White's Reality Check: the upper p-value.
    public var realityCheck: Double { upper }

    public init(lower: Double, consistent: Double, upper: Double) {
        self.lower = lower
        self.consistent = consistent
        self.upper = upper
    }
}

/// The verdict's thresholds (`robustness:` in a study file).
public struct RobustnessThresholds: Sendable, Hashable {
    public var maxDegradationPct: Double
    public var minConsistency: Double
    public var minProfitableWindowsPct: Double
    /// The highest pooled probability of backtest overfitting allowed; nil turns the check off.
    public var maxPBO: Double?
    /// The lowest median deflated Sharpe ratio of the windows' selections; nil turns it off.
    public var minMedianDSR: Double?
    /// The highest consistent SPA p-value, pooled over the windows; nil turns it off.
    public var maxSPAPValue: Double?

    public init(maxDegradationPct: Double = 50, minConsistency: Double = 40, minProfitableWindowsPct: Double = 50,
                maxPBO: Double? = 0.5, minMedianDSR: Double? = 0.9, maxSPAPValue: Double? = 0.05) {
        self.maxDegradationPct = maxDegradationPct
        self.minConsistency = minConsistency
        self.minProfitableWindowsPct = minProfitableWindowsPct
        self.maxPBO = maxPBO
        self.minMedianDSR = minMedianDSR
        self.maxSPAPValue = maxSPAPValue
    }
}

/// The run-level results over completed windows (SPEC section 8).
public struct Aggregates: Sendable, Hashable {
    public var completedWindows: Int
    /// Mean in-sample and out-of-sample ROI (percent) and win rate (over windows that traded).
    public var avgInSampleROI: Double
    public var avgOutOfSampleROI: Double
    public var avgInSampleWinRate: Double?
    public var avgOutOfSampleWinRate: Double?
    /// `(avg IS rate − avg OOS rate) / avg IS rate × 100`, rate = ROI per day; nil unless the
    /// average IS rate is positive (a loss cannot degrade into a smaller loss: the SPEC's
    /// `/ |avg IS rate|` read −50 % for IS −1 and OOS −0.5, and passed the check), shown as
    /// "n/a — in-sample not profitable"; the degradation check then fails.
    public var performanceDegradation: Double?
    /// `avg OOS rate / avg IS rate × 100`, defined only when the average IS rate is positive
    /// (SPEC section 8: a ratio of two losses is not an efficiency); nil otherwise, shown as
    /// "n/a — in-sample not profitable".
    public var walkForwardEfficiency: Double?
    /// From the coefficient of variation `cv = σ / μ` of OOS ROIs (population σ):
    /// cv <= 0.25: 95, <= 0.5: 80, <= 0.75: 65, <= 1: 50, else max(20, 50 − int((cv − 1)·30));
    /// fewer than 2 windows: 50; mean OOS ROI <= 0: 0.
    public var consistencyScore: Double
    /// Windows with OOS ROI > 0, percent of completed windows.
    public var profitableWindowsPct: Double
    public var verdict: Verdict
    /// One line per check (✅ / ⚠️ / ❌ with the figure), then the verdict line.
    public var robustnessNotes: [String]

    public var isRobust: Bool { verdict == .robust }

    /// Pooled probability of backtest overfitting (share of every window's CSCV logits <= 0).
    public var pbo: Double?
    /// Median over windows of the selected combination's deflated Sharpe ratio.
    public var medianDSR: Double?
    /// Hansen's SPA p-values pooled over the windows (``SuperiorPredictiveAbility/pooled(_:)``;
    /// the upper one is White's Reality Check); the verdict checks the consistent one.
    public var spa: PooledSPA?

    /// nil when no window completed. `pbo`, `medianDSR` and `spa` are nil when not computed.
    public init?(windows: [WindowFigures], thresholds: RobustnessThresholds, pbo: Double? = nil, medianDSR: Double? = nil,
                 spa: PooledSPA? = nil) {
        guard !windows.isEmpty else { return nil }
        let count = Double(windows.count)
        completedWindows = windows.count
        avgInSampleROI = windows.map(\.inSampleROI).reduce(0, +) / count
        avgOutOfSampleROI = windows.map(\.outOfSampleROI).reduce(0, +) / count
        avgInSampleWinRate = Self.mean(windows.compactMap(\.inSampleWinRate))
        avgOutOfSampleWinRate = Self.mean(windows.compactMap(\.outOfSampleWinRate))
        let inSampleRate = windows.map { $0.inSampleROI / $0.trainingDays }.reduce(0, +) / count
        let outOfSampleRate = windows.map { $0.outOfSampleROI / $0.testingDays }.reduce(0, +) / count
        performanceDegradation = inSampleRate > 0 ? (inSampleRate - outOfSampleRate) / inSampleRate * 100 : nil
        walkForwardEfficiency = inSampleRate > 0 ? outOfSampleRate / inSampleRate * 100 : nil
        consistencyScore = Self.consistency(outOfSampleROIs: windows.map(\.outOfSampleROI))
        profitableWindowsPct = Double(windows.filter { $0.outOfSampleROI > 0 }.count) / count * 100
        self.pbo = pbo
        self.medianDSR = medianDSR
        self.spa = spa
        (verdict, robustnessNotes) = Verdict.assess(
            avgOutOfSampleROI: avgOutOfSampleROI, degradation: performanceDegradation, consistency: consistencyScore,
            profitableWindowsPct: profitableWindowsPct, avgInSampleROI: avgInSampleROI, pbo: pbo, medianDSR: medianDSR,
            spaPValue: spa?.consistent, thresholds: thresholds)
    }

    public static func consistency(outOfSampleROIs rois: [Double]) -> Double {
        guard rois.count >= 2 else { return 50 }
        let mean = rois.reduce(0, +) / Double(rois.count)
        guard mean > 0 else { return 0 }
        let variance = rois.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rois.count)
        let cv = variance.squareRoot() / mean
        switch cv {
        case ...0.25: return 95
        case ...0.5: return 80
        case ...0.75: return 65
        case ...1: return 50
        default: return Double(max(20, 50 - Int((cv - 1) * 30)))
        }
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

/// The walk-forward verdict from five checks (SPEC section 8) and two overfitting checks.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable {
    case robust = "ROBUST"
    case marginal = "MARGINAL"
    case notRobust = "NOT ROBUST"

    /// The checks' names as the robustness notes write them, in their order: each note is
    /// `<mark> <name> <value> (must be …)`, or `➖ <name> not computed (…)`.
    public static let checkNames = [
        "Average out-of-sample ROI", "Performance degradation", "Consistency score", "Profitable windows",
        "Average in-sample ROI", "Probability of backtest overfitting", "Median deflated Sharpe ratio", "SPA p-value",
    ]

    /// ROBUST when every check passes; MARGINAL when exactly one of the middle checks
    /// (degradation, consistency, profitable windows, and — when on and computed — PBO, median
    /// DSR and the pooled consistent SPA p-value) fails and the others pass; NOT ROBUST
    /// otherwise. An overfitting check that is on but could not be computed is noted and
    /// counts as neither pass nor failure.
    static func assess(avgOutOfSampleROI: Double, degradation: Double?, consistency: Double, profitableWindowsPct: Double,
                       avgInSampleROI: Double, pbo: Double? = nil, medianDSR: Double? = nil, spaPValue: Double? = nil,
                       thresholds: RobustnessThresholds) -> (Verdict, [String]) {
        func format(_ value: Double) -> String { String(format: "%.2f", value) }
        let oosPositive = avgOutOfSampleROI > 0
        let degradationOK = degradation.map { $0 <= thresholds.maxDegradationPct } ?? false
        let consistencyOK = consistency >= thresholds.minConsistency
        let profitableOK = profitableWindowsPct >= thresholds.minProfitableWindowsPct
        let isPositive = avgInSampleROI > 0
        let pboOK: Bool? = thresholds.maxPBO.flatMap { limit in pbo.map { $0 <= limit } }
        let dsrOK: Bool? = thresholds.minMedianDSR.flatMap { limit in medianDSR.map { $0 >= limit } }
        let spaOK: Bool? = thresholds.maxSPAPValue.flatMap { limit in spaPValue.map { $0 <= limit } }
        let middle = [degradationOK, consistencyOK, profitableOK] + [pboOK, dsrOK, spaOK].compactMap { $0 }
        let middleFailures = middle.filter { !$0 }.count
        let verdict: Verdict = oosPositive && isPositive && middleFailures == 0 ? .robust
            : oosPositive && isPositive && middleFailures == 1 ? .marginal : .notRobust
        // A failed middle check is a warning while the verdict can still be MARGINAL.
        let middleMark = verdict == .marginal ? "⚠️" : "❌"
        var notes = [
            "\(oosPositive ? "✅" : "❌") \(checkNames[0]) \(format(avgOutOfSampleROI)) % (must be > 0)",
            "\(degradationOK ? "✅" : middleMark) \(checkNames[1]) \(degradation.map { format($0) + " %" } ?? "n/a — in-sample not profitable") (must be <= \(format(thresholds.maxDegradationPct)) %)",
            "\(consistencyOK ? "✅" : middleMark) \(checkNames[2]) \(format(consistency)) (must be >= \(format(thresholds.minConsistency)))",
            "\(profitableOK ? "✅" : middleMark) \(checkNames[3]) \(format(profitableWindowsPct)) % (must be >= \(format(thresholds.minProfitableWindowsPct)) %)",
            "\(isPositive ? "✅" : "❌") \(checkNames[4]) \(format(avgInSampleROI)) % (must be > 0)",
        ]
        if let limit = thresholds.maxPBO {
            notes.append(pbo.map { "\($0 <= limit ? "✅" : middleMark) \(checkNames[5]) \(format($0)) (must be <= \(format(limit)))" }
                ?? "➖ \(checkNames[5]) not computed (no window had 2 trials and 2 in-sample days per CSCV block)")
        }
        if let limit = thresholds.minMedianDSR {
            notes.append(medianDSR.map { "\($0 >= limit ? "✅" : middleMark) \(checkNames[6]) \(format($0)) (must be >= \(format(limit)))" }
                ?? "➖ \(checkNames[6]) not computed (no window's selection had varying daily returns)")
        }
        if let limit = thresholds.maxSPAPValue {
            notes.append(spaPValue.map { "\($0 <= limit ? "✅" : middleMark) \(checkNames[7]) \(format($0)) (must be <= \(format(limit)))" }
                ?? "➖ \(checkNames[7]) not computed (no window had 2 in-sample days)")
        }
        notes.append("Verdict: \(verdict.rawValue)")
        return (verdict, notes)
    }
}
