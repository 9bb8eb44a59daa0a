import Backtesting
import Foundation
import JSONText
import MarketData
import RunRecords
import StudyFile

/// How `wfo backtest` prints a result, for people and for machines.
enum BacktestReport {
    static func text(study: Study, parameters: ParameterSet, period: (Int64, Int64), result: BacktestResult) -> String {
        let summary = result.summary
        var lines = [
            "\(study.name) — \(study.strategy.name) on \(study.symbols.joined(separator: ", ")) \(study.timeframe.rawValue)",
            "period      \(UTCTime.format(milliseconds: period.0)) .. \(UTCTime.format(milliseconds: period.1)) (\(summary.candles) candles, \(summary.days) days)",
            "parameters  \(parameters)",
            "",
        ]
        var rows: [(String, String)] = [
            ("trades", "\(summary.totalTrades) (\(summary.winningTrades) won, \(summary.losingTrades) lost)"),
            ("win rate", percent(summary.winRate)),
            ("ROI", percent(summary.roi)),
            ("profit/loss", money(summary.totalProfitLoss)),
            ("final equity", money(summary.finalEquity)),
            ("max drawdown", percent(summary.maxDrawdown)),
            ("Sharpe", ratio(summary.sharpeRatio)),
            ("Sortino", ratio(summary.sortinoRatio)),
            ("Calmar", ratio(summary.calmarRatio)),
            ("profit factor", ratio(summary.profitFactor)),
            ("expectancy", summary.expectancy.map(money) ?? "—"),
            ("SQN", ratio(summary.sqn)),
            ("exposure", percent(summary.exposure)),
            ("buy and hold", percent(summary.buyAndHold)),
        ]
        if let portfolio = study.strategy.portfolio {
            rows.insert(("portfolio", "\(portfolio.mode.rawValue), at most \(portfolio.maxPositions) positions, \(portfolio.sizing.name) sizing"), at: 0)
            rows.append(("skipped", "\(result.skippedEntries) entries cash could not pay"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        lines += rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        return lines.joined(separator: "\n")
    }

    static func json(study: Study, parameters: ParameterSet, period: (Int64, Int64), result: BacktestResult) -> JSONValue {
        .object([
            ("study", .string(study.name)),
            ("strategy", .string(study.strategy.name)),
            ("symbols", .array(study.symbols.map(JSONValue.string))),
            ("timeframe", .string(study.timeframe.rawValue)),
            ("from", .string(UTCTime.format(milliseconds: period.0))),
            ("to", .string(UTCTime.format(milliseconds: period.1))),
            ("parameters", ParameterCoding.json(parameters)),
            ("metrics", .object(result.summary.namedValues.map { ($0.name, JSONValue.number($0.value)) })),
        ] + (study.strategy.portfolio == nil ? [] : [("skipped_entries", JSONValue.number(Double(result.skippedEntries)))]))
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.2f %%", $0) } ?? "—"
    }

    static func ratio(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "—"
    }

    static func money(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
