import Backtesting
import MarketData

/// `windows.csv` and `trades.csv` of a run (RFC 4180: fields with commas, quotes or line
/// breaks are quoted). Numbers are written in full precision for further analysis.
enum ReportCSV {
    static func windows(_ data: ReportData) -> String {
        var header = ["window", "status", "training_start", "training_end", "testing_start", "testing_end",
                      "best_parameters", "performance_drop_pct"]
        let metricNames = PerformanceSummary.metricNames
        header += metricNames.map { "in_sample_\($0)" } + metricNames.map { "out_of_sample_\($0)" } + ["error"]
        var lines = [header.joined(separator: ",")]
        for window in data.windows {
            let record = window.record
            var fields = [String(record.windowIndex + 1), record.status.rawValue,
                          UTCTime.format(milliseconds: record.trainingStart), UTCTime.format(milliseconds: record.trainingEnd),
                          UTCTime.format(milliseconds: record.testingStart), UTCTime.format(milliseconds: record.testingEnd),
                          record.bestParameterSet?.description ?? "", number(record.performanceDropPct)]
            for summary in [window.inSample, window.outOfSample] {
                let values = summary?.namedValues.map(\.value) ?? Array(repeating: nil, count: metricNames.count)
                fields += values.map(number)
            }
            fields.append(record.error ?? "")
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func trades(_ data: ReportData) -> String {
        var lines = ["window,sample,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,fees,profit_loss,return_pct,exit_reason,confidence,candles_held"]
        for window in data.windows {
            for (sample, trades) in [("out_of_sample", window.outOfSampleTrades), ("in_sample", window.inSampleTrades)] {
                for trade in trades {
                    lines.append([
                        String(window.record.windowIndex + 1), sample, trade.symbol, trade.side.rawValue,
                        UTCTime.format(milliseconds: trade.entryTime), number(trade.entryPrice),
                        UTCTime.format(milliseconds: trade.exitTime), number(trade.exitPrice), number(trade.quantity),
                        number(trade.fees), number(trade.profitLoss), number(trade.returnPct), trade.exitReason.rawValue,
                        number(trade.confidence), String(trade.candlesHeld),
                    ].map(quote).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
