import Foundation

/// Collects a backtest's statistics in one pass, without storing trades or equity.
///
/// Means and variances use Welford's update (`δ = x − mean; mean += δ/n; m2 += δ(x − mean)`),
/// which stays accurate over long series.
///
/// Drawdown at a close is `(1 − equity / peak) × 100` (100 when the peak is not positive). The
/// division only runs when equity falls below ``drawdownFloor``, the equity under which the
/// drawdown could exceed the largest seen so far: `peak × (1 − maxDrawdown/100)` plus a margin of
/// `peak × 1e-12`, so rounding never skips a candle the exact formula would count. The result is
/// the same number a division on every candle gives.
struct PerformanceAccumulator {
    let initialEquity: Double
    var tradeCount = 0
    var winningTrades = 0
    var grossProfit = 0.0
    var grossLoss = 0.0
    var profitLossMean = 0.0
    var profitLossM2 = 0.0

    var peakEquity: Double
    var maxDrawdown = 0.0
    var drawdownFloor: Double
    var dayCount = 0
    var lastDayEquity: Double
    var dailyMean = 0.0
    var dailyM2 = 0.0
    var downsideSquares = 0.0
    var exposedCandles = 0
    var candles = 0

    init(initialEquity: Double) {
        self.initialEquity = initialEquity
        peakEquity = initialEquity
        lastDayEquity = initialEquity
        drawdownFloor = Self.drawdownFloor(peak: initialEquity, maxDrawdown: 0)
    }

    @inline(__always)
    static func drawdownFloor(peak: Double, maxDrawdown: Double) -> Double {
        peak > 0 ? peak * (1 - maxDrawdown / 100) + peak * 1e-12 : .infinity
    }

    @inline(__always)
    mutating func addTrade(profitLoss: Double) {
        tradeCount += 1
        if profitLoss > 0 {
            winningTrades += 1
            grossProfit += profitLoss
        } else {
            grossLoss -= profitLoss
        }
        let delta = profitLoss - profitLossMean
        profitLossMean += delta / Double(tradeCount)
        profitLossM2 += delta * (profitLoss - profitLossMean)
    }

    /// Marks equity at a candle's close; `dayEnds` when it is the last candle of a trading day (a session; a UTC day on `24/7`).
    @inline(__always)
    mutating func mark(equity: Double, exposed: Bool, dayEnds: Bool) {
        candles += 1
        if exposed { exposedCandles += 1 }
        if equity > peakEquity {
            peakEquity = equity
            drawdownFloor = Self.drawdownFloor(peak: equity, maxDrawdown: maxDrawdown)
        } else if equity < drawdownFloor {
            let drawdown = peakEquity > 0 ? (1 - equity / peakEquity) * 100 : 100
            if drawdown > maxDrawdown {
                maxDrawdown = drawdown
                drawdownFloor = Self.drawdownFloor(peak: peakEquity, maxDrawdown: drawdown)
            }
        }
        if dayEnds {
            let dailyReturn = lastDayEquity > 0 ? equity / lastDayEquity - 1 : 0
            lastDayEquity = equity
            dayCount += 1
            let delta = dailyReturn - dailyMean
            dailyMean += delta / Double(dayCount)
            dailyM2 += delta * (dailyReturn - dailyMean)
            if dailyReturn < 0 { downsideSquares += dailyReturn * dailyReturn }
        }
    }

    /// - Parameter tradingDaysPerYear: the calendar's (365 on `24/7`): Sharpe and Sortino are
    ///   annualised by its square root.
    func summary(finalEquity: Double, buyAndHold: Double, calendarDays: Double, tradingDaysPerYear: Double) -> PerformanceSummary {
        let roi = (finalEquity / initialEquity - 1) * 100
        let annualization = tradingDaysPerYear.squareRoot()
        var sharpe: Double?
        var sortino: Double?
        if dayCount >= 2 {
            let std = (dailyM2 / Double(dayCount - 1)).squareRoot()
            if std > 0 { sharpe = dailyMean / std * annualization }
            let downside = (downsideSquares / Double(dayCount)).squareRoot()
            if downside > 0 { sortino = dailyMean / downside * annualization }
        }
        var calmar: Double?
        if maxDrawdown > 0, calendarDays > 0 {
            let growth = finalEquity / initialEquity
            let annualized = growth > 0 ? (pow(growth, 365 / calendarDays) - 1) * 100 : -100
            if annualized.isFinite { calmar = annualized / maxDrawdown }
        }
        var sqn: Double?
        if tradeCount >= 2 {
            let std = (profitLossM2 / Double(tradeCount - 1)).squareRoot()
            if std > 0 { sqn = Double(tradeCount).squareRoot() * profitLossMean / std }
        }
        return PerformanceSummary(
            totalTrades: tradeCount,
            winningTrades: winningTrades,
            losingTrades: tradeCount - winningTrades,
            winRate: tradeCount > 0 ? Double(winningTrades) / Double(tradeCount) * 100 : nil,
            roi: roi,
            totalProfitLoss: finalEquity - initialEquity,
            initialEquity: initialEquity,
            finalEquity: finalEquity,
            maxDrawdown: maxDrawdown,
            sharpeRatio: sharpe,
            sortinoRatio: sortino,
            calmarRatio: calmar,
            profitFactor: grossLoss > 0 ? grossProfit / grossLoss : nil,
            expectancy: tradeCount > 0 ? profitLossMean : nil,
            sqn: sqn,
            exposure: candles > 0 ? Double(exposedCandles) / Double(candles) * 100 : 0,
            buyAndHold: buyAndHold,
            candles: candles,
            days: dayCount,
            grossProfit: grossProfit,
            grossLoss: grossLoss)
    }
}
