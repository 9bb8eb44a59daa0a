import Backtesting
import Foundation
import MarketData

/// Trades as CSV, one round trip per row, times in ISO-8601 UTC.
enum TradesCSV {
    static let header = "symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,fees,profit_loss,return_pct,exit_reason,confidence,candles_held"

    static func render(_ trades: [Trade]) -> String {
        var text = header + "\n"
        for trade in trades {
            let fields = [
                trade.symbol, trade.side.rawValue, UTCTime.format(milliseconds: trade.entryTime), "\(trade.entryPrice)",
                UTCTime.format(milliseconds: trade.exitTime), "\(trade.exitPrice)", "\(trade.quantity)", "\(trade.fees)",
                "\(trade.profitLoss)", "\(trade.returnPct)", trade.exitReason.rawValue,
                trade.confidence.map { "\($0)" } ?? "", "\(trade.candlesHeld)",
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Writes atomically: a reader never sees half a file.
    static func write(_ trades: [Trade], to path: String) throws {
        try render(trades).write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// A backtest's equity at every close as CSV: `close_time,equity`, and for a portfolio the
/// open positions and cash after that close (`positions,cash`).
enum EquityCSV {
    static func render(_ result: BacktestResult) -> String {
        let portfolio = !result.positionCounts.isEmpty
        var text = portfolio ? "close_time,equity,positions,cash\n" : "close_time,equity\n"
        for index in result.equityTimes.indices {
            text += "\(UTCTime.format(milliseconds: result.equityTimes[index])),\(result.equityValues[index])"
            text += portfolio ? ",\(result.positionCounts[index]),\(result.cash[index])\n" : "\n"
        }
        return text
    }
}
