import Foundation
@testable import Backtesting
import Testing

/// Metrics pinned on small hand-computed equity curves and trade lists (SPEC section 6).
@Suite struct PerformanceMetricsTests {
    /// Three days: 10 000 → 10 100 → 9 999 → 10 200; three trades +100, −101, +201.
    func threeDays() -> PerformanceSummary {
        var accumulator = PerformanceAccumulator(initialEquity: 10_000)
        for profitLoss in [100.0, -101, 201] { accumulator.addTrade(profitLoss: profitLoss) }
        accumulator.mark(equity: 10_050, exposed: true, dayEnds: false)
        accumulator.mark(equity: 10_100, exposed: true, dayEnds: true)
        accumulator.mark(equity: 9_999, exposed: false, dayEnds: true)
        accumulator.mark(equity: 10_200, exposed: false, dayEnds: true)
        return accumulator.summary(finalEquity: 10_200, buyAndHold: 5, calendarDays: 3, tradingDaysPerYear: 365)
    }

    @Test func tradeCountsWinRateAndProfitFactor() {
        let summary = threeDays()
        #expect(summary.totalTrades == 3)
        #expect(summary.winningTrades == 2)
        #expect(summary.losingTrades == 1)
        #expect(abs(summary.winRate! - 200.0 / 3) < 1e-12)
        #expect(abs(summary.profitFactor! - 301.0 / 101) < 1e-12)
        #expect(abs(summary.expectancy! - 200.0 / 3) < 1e-12)
        #expect(abs(summary.roi - 2) < 1e-12)
        #expect(abs(summary.totalProfitLoss - 200) < 1e-9)
    }

    @Test func maxDrawdownIsTheDeepestFallFromAPeak() {
        // Peak 10 100, trough 9 999: 1 − 9999/10100 = 1 %.
        #expect(abs(threeDays().maxDrawdown - (1 - 9_999.0 / 10_100) * 100) < 1e-12)
    }

    @Test func sharpeAndSortinoFromDailyReturns() {
        let returns = [0.01, 9_999.0 / 10_100 - 1, 10_200.0 / 9_999 - 1]
        let mean = returns.reduce(0, +) / 3
        let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        let downside = ((returns[1] * returns[1]) / 3).squareRoot()
        let summary = threeDays()
        #expect(summary.days == 3)
        #expect(abs(summary.sharpeRatio! - mean / std * 365.0.squareRoot()) < 1e-12)
        #expect(abs(summary.sortinoRatio! - mean / downside * 365.0.squareRoot()) < 1e-12)
    }

    @Test func calmarIsAnnualizedReturnOverDrawdown() {
        let annualized = (pow(1.02, 365.0 / 3) - 1) * 100
        let drawdown = (1 - 9_999.0 / 10_100) * 100
        #expect(abs(threeDays().calmarRatio! - annualized / drawdown) < 1e-6)
    }

    @Test func sqnIsRootNTimesMeanOverStd() {
        let pnl = [100.0, -101, 201]
        let mean = pnl.reduce(0, +) / 3
        let std = (pnl.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(abs(threeDays().sqn! - 3.0.squareRoot() * mean / std) < 1e-12)
    }

    @Test func exposureAndBuyAndHold() {
        let summary = threeDays()
        #expect(summary.exposure == 50)
        #expect(summary.buyAndHold == 5)
        #expect(summary.candles == 4)
    }

    @Test func withoutTradesTheTradeMetricsAreNil() {
        var accumulator = PerformanceAccumulator(initialEquity: 1_000)
        accumulator.mark(equity: 1_000, exposed: false, dayEnds: true)
        accumulator.mark(equity: 1_000, exposed: false, dayEnds: true)
        let summary = accumulator.summary(finalEquity: 1_000, buyAndHold: 0, calendarDays: 2, tradingDaysPerYear: 365)
        #expect(summary.totalTrades == 0)
        #expect(summary.winRate == nil)
        #expect(summary.profitFactor == nil)
        #expect(summary.expectancy == nil)
        #expect(summary.sqn == nil)
        #expect(summary.sharpeRatio == nil) // std 0
        #expect(summary.sortinoRatio == nil)
        #expect(summary.calmarRatio == nil) // no drawdown
        #expect(summary.roi == 0)
        #expect(summary.maxDrawdown == 0)
    }

    @Test func withoutALosingTradeProfitFactorIsNil() {
        var accumulator = PerformanceAccumulator(initialEquity: 1_000)
        accumulator.addTrade(profitLoss: 10)
        accumulator.addTrade(profitLoss: 20)
        accumulator.mark(equity: 1_030, exposed: false, dayEnds: true)
        let summary = accumulator.summary(finalEquity: 1_030, buyAndHold: 0, calendarDays: 1, tradingDaysPerYear: 365)
        #expect(summary.profitFactor == nil)
        #expect(summary.winRate == 100)
        #expect(summary.sqn != nil)
    }

    @Test func oneDayOfDataHasNoSharpe() {
        var accumulator = PerformanceAccumulator(initialEquity: 1_000)
        accumulator.addTrade(profitLoss: -10)
        accumulator.mark(equity: 990, exposed: false, dayEnds: true)
        let summary = accumulator.summary(finalEquity: 990, buyAndHold: 0, calendarDays: 1, tradingDaysPerYear: 365)
        #expect(summary.days == 1)
        #expect(summary.sharpeRatio == nil)
        #expect(summary.sortinoRatio == nil)
        #expect(summary.sqn == nil) // one trade
        #expect(summary.profitFactor == 0) // a loss and no profit: 0 / 10
    }

    @Test func undefinedMetricsAreNeverInfiniteOrNaN() {
        for summary in [threeDays()] {
            for (name, value) in summary.namedValues {
                if let value { #expect(value.isFinite, "\(name)") }
            }
        }
    }

    @Test func compositeScoreFollowsTheOriginalFormula() {
        var summary = threeDays()
        // 3 trades: penalty 1 − 0.2 × (1 − 3/30) = 0.82.
        let sharpeTerm = min(max(summary.sharpeRatio! * 33.33, 0), 100)
        let profitFactorTerm = min(max(summary.profitFactor! * 33.33, 0), 100)
        let expected = (0.35 * 200.0 / 3 + 0.30 * 2 + 0.20 * sharpeTerm + 0.15 * profitFactorTerm) * 0.82
        #expect(abs(Objective.compositeScore(summary) - expected) < 1e-9)

        summary.totalTrades = 0
        #expect(Objective.compositeScore(summary) == 0)
    }

    @Test func compositeScoreCountsAMissingProfitFactorAsFullWhenThereAreWins() {
        var summary = threeDays()
        summary.totalTrades = 40
        summary.winningTrades = 40
        summary.winRate = 100
        summary.profitFactor = nil
        summary.sharpeRatio = nil
        summary.roi = 150
        // 0.35·100 + 0.30·100 + 0 + 0.15·100, no penalty at 40 trades.
        #expect(abs(Objective.compositeScore(summary) - 80) < 1e-9)
    }

    @Test func objectivesReadTheirMetric() {
        let summary = threeDays()
        #expect(Objective.roi.value(of: summary) == summary.roi)
        #expect(Objective.sharpe.value(of: summary) == summary.sharpeRatio)
        #expect(Objective.sortino.value(of: summary) == summary.sortinoRatio)
        #expect(Objective.calmar.value(of: summary) == summary.calmarRatio)
        #expect(Objective.profitFactor.value(of: summary) == summary.profitFactor)
        #expect(Objective.sqn.value(of: summary) == summary.sqn)
    }
}
