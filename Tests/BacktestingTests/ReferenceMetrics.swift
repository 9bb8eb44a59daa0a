import Backtesting
import Foundation
import MarketData

/// Metrics recomputed the slow, obvious way from a recorded equity curve and trade list,
/// to check the simulator's one-pass accumulator against.
struct ReferenceMetrics {
    var dailyReturns: [Double] = []
    var maxDrawdown = 0.0
    var sharpe: Double?
    var sortino: Double?
    var sqn: Double?
    var profitFactor: Double?

    init(result: BacktestResult, initialEquity: Double) {
        var dayEnd: [Int64: Double] = [:]
        var order: [Int64] = []
        var peak = initialEquity
        for (time, equity) in zip(result.equityTimes, result.equityValues) {
            // The equity at a close belongs to the day of the candle's open (close time − 1 ms).
            let day = UTCTime.day(ofMilliseconds: time - 1)
            if dayEnd[day] == nil { order.append(day) }
            dayEnd[day] = equity
            peak = max(peak, equity)
            maxDrawdown = max(maxDrawdown, (1 - equity / peak) * 100)
        }
        var previous = initialEquity
        for day in order {
            dailyReturns.append(dayEnd[day]! / previous - 1)
            previous = dayEnd[day]!
        }
        let n = Double(dailyReturns.count)
        if dailyReturns.count >= 2 {
            let mean = dailyReturns.reduce(0, +) / n
            let variance = dailyReturns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
            if variance > 0 { sharpe = mean / variance.squareRoot() * 365.0.squareRoot() }
            let downside = (dailyReturns.map { min($0, 0) * min($0, 0) }.reduce(0, +) / n).squareRoot()
            if downside > 0 { sortino = mean / downside * 365.0.squareRoot() }
        }
        let pnl = result.trades.map(\.profitLoss)
        if pnl.count >= 2 {
            let mean = pnl.reduce(0, +) / Double(pnl.count)
            let std = (pnl.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(pnl.count - 1)).squareRoot()
            if std > 0 { sqn = Double(pnl.count).squareRoot() * mean / std }
        }
        let loss = -pnl.filter { $0 <= 0 }.reduce(0, +)
        if loss > 0 { profitFactor = pnl.filter { $0 > 0 }.reduce(0, +) / loss }
    }
}
